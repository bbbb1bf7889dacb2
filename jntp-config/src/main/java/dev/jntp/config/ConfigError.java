// A configuration error with the file, the line, what is wrong and how to fix it.
package dev.jntp.config;

/**
 * A problem found in a configuration file.
 *
 * @param file the file as named to the parser
 * @param line 1-based line, 0 when the file as a whole is at fault
 * @param message what is wrong
 * @param fix what to write instead
 */
public record ConfigError(String file, int line, String message, String fix) {

    /** {@code FILE:LINE: message (fix: ...)}, the form printed to operators. */
    @Override
    public String toString() {
        return file + ":" + line + ": " + message + (fix.isEmpty() ? "" : " (fix: " + fix + ")");
    }
}
