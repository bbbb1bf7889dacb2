// The total result of decoding a datagram: the packet, or a typed reason for rejecting it.
package dev.jntp.proto;

/** Either {@link Decoded} or {@link Rejected}; the decoder never throws. */
public sealed interface DecodeResult {

    /** A well-formed packet. */
    record Decoded(NtpPacket packet) implements DecodeResult {}

    /** A datagram that is not a packet jntp reads, with the reason and a short detail. */
    record Rejected(DecodeError error, String detail) implements DecodeResult {}
}
