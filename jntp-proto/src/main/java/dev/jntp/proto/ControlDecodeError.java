// Why a datagram is not a control message jntp can read; the responder drops or refuses each kind.
package dev.jntp.proto;

/** The reasons {@link ControlCodec#decode} rejects a datagram. */
public enum ControlDecodeError {
    /** Fewer than the 12 octets of the header (or nothing at all). */
    TOO_SHORT,
    /** The mode is not 6. */
    NOT_CONTROL,
    /** Version 0 or 5 to 7. */
    UNSUPPORTED_VERSION,
    /** The count field claims more data octets than the datagram holds. */
    COUNT_BEYOND_DATAGRAM,
    /** The datagram's length is not a multiple of 4 (the data must be padded). */
    UNPADDED
}
