// Why octets are not an NTS-KE message jntp can read; a server maps each to the Error record it sends.
package dev.jntp.proto.nts;

/** The reasons {@link KeCodec#decodeMessage} rejects a message. */
public enum KeDecodeError {
    /** A record whose body length does not suit its type (an odd list, an Error of 3 octets, ...). */
    BAD_LENGTH,
    /** A critical record of a type jntp does not know (RFC 8915 section 4: the receiver must fail). */
    UNRECOGNIZED_CRITICAL,
    /** A Server record that is not 1 to 255 printable ASCII characters. */
    BAD_SERVER_NAME,
    /** The message grew past the size limit before its End of Message record. */
    TOO_LONG
}
