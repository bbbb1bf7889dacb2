// Why a datagram is not an NTP packet jntp can read; each reason is counted where packets are dropped.
package dev.jntp.proto;

/** The reasons {@link NtpCodec#decode} rejects a datagram. */
public enum DecodeError {
    /** Fewer than 48 octets (or nothing at all). */
    TOO_SHORT,
    /** Version 0 or 5 to 7. */
    UNSUPPORTED_VERSION,
    /** Mode 6: a control message (ntpq), with its own format. */
    CONTROL_MESSAGE,
    /** Mode 7: a private message (ntpdc), never answered. */
    PRIVATE_MESSAGE,
    /** An extension field header or body runs past the end of the datagram. */
    EXTENSION_TRUNCATED,
    /** An extension field length under 16 or not a multiple of 4. */
    EXTENSION_BAD_LENGTH,
    /** Octets after the header and extension fields that cannot be a MAC (4, 20 or 24 octets). */
    BAD_TRAILER
}
