// What reading a leap second file gives: a table (with any warnings) or what is wrong with the bytes.
package dev.jntp.engine.leap;

import java.util.List;

/** The total result of {@link LeapSecondsList#parse} and {@link TzifLeaps#parse}: never an exception. */
public sealed interface LeapTableResult {

    /** A table; {@code warnings} are things the reader should log (no hash to verify, say). */
    record Loaded(LeapTable table, List<String> warnings) implements LeapTableResult {

        public Loaded {
            warnings = List.copyOf(warnings);
        }
    }

    /** The bytes are not a valid file of the format; {@code problem} says where and what, for a log line. */
    record Invalid(String problem) implements LeapTableResult {}
}
