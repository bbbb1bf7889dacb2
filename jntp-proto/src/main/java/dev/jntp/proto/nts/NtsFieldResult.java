// The total result of reading one extension field as NTS: its meaning, "not an NTS field", or a typed error.
package dev.jntp.proto.nts;

/** Either {@link Decoded}, {@link NotNts} or {@link Rejected}; {@link NtsFields#decode} never throws. */
public sealed interface NtsFieldResult {

    /** An NTS field. */
    record Decoded(NtsField field) implements NtsFieldResult {}

    /** A field of another type, for someone else to read. */
    record NotNts(int type) implements NtsFieldResult {}

    /** An NTS field whose body is malformed. */
    record Rejected(NtsFieldError error, String detail) implements NtsFieldResult {}
}
