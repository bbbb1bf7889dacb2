// The total result of decoding a control message: the message, or a typed reason with the header when it was readable.
package dev.jntp.proto;

/** Either {@link Decoded} or {@link Rejected}; {@link ControlCodec#decode} never throws. */
public sealed interface ControlDecodeResult {

    /** A well-formed control message. */
    record Decoded(ControlMessage message) implements ControlDecodeResult {}

    /**
     * A datagram that is not a control message jntp reads.
     *
     * @param error the reason
     * @param detail a short description for logs
     * @param header the 12-octet header when it could be read (mode 6, supported version), else null;
     *     a server answers such a request with a format error
     */
    record Rejected(ControlDecodeError error, String detail, ControlHeader header) implements ControlDecodeResult {}
}
