// The total result of reading an NTS-KE message from a stream: the records, "need more octets", or a typed error.
package dev.jntp.proto.nts;

import java.util.List;

/** Either {@link Message}, {@link Incomplete} or {@link Rejected}; the decoder never throws. */
public sealed interface KeDecodeResult {

    /**
     * A whole message: its records, End of Message last, and how many octets it took (octets after
     * it belong to whatever comes next).
     */
    record Message(List<KeRecord> records, int length) implements KeDecodeResult {
        public Message {
            records = List.copyOf(records);
        }
    }

    /** So far well formed, but the End of Message record has not arrived: read more and decode again. */
    record Incomplete() implements KeDecodeResult {}

    /** Not a message jntp reads: the reason, the offset of the offending record, and a short detail. */
    record Rejected(KeDecodeError error, int offset, String detail) implements KeDecodeResult {}
}
