// The total result of reading an ntskeys file: the keys, or the line that is wrong and why.
package dev.jntp.engine.nts;

/** Either {@link Parsed} or {@link Rejected}; {@link KeyFile#parse} never throws. */
public sealed interface KeyFileResult {

    /** A well-formed file. */
    record Parsed(CookieKeys keys) implements KeyFileResult {}

    /** A malformed file: the first bad line (1-based; 0 for the file as a whole) and what is wrong. */
    record Rejected(int line, String message) implements KeyFileResult {}
}
