// A line of a configuration file, kept as evidence: FILE:LINE and its text.
package dev.jntp.config.audit;

/**
 * Where a setting was read.
 *
 * @param file the file as the audited host names it
 * @param line its line, from 1 (0: the file as a whole)
 * @param text the line's directive and arguments
 */
public record Located(String file, int line, String text) {

    /** {@code FILE:LINE: text}, or {@code FILE: text} for the file as a whole. */
    @Override
    public String toString() {
        return file + (line > 0 ? ":" + line : "") + ": " + text;
    }
}
