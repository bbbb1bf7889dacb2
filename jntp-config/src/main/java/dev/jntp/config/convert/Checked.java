// Checks one jntp.conf line alone with jntp's parser, for the converters: what is wrong with it, or null.
package dev.jntp.config.convert;

import dev.jntp.config.ConfigParser;
import dev.jntp.config.ConfigResult;

/** A line the converters want to write, judged by the parser the daemon uses. */
final class Checked {

    private Checked() {}

    /** Null when {@code line} is a valid jntp.conf on its own, else the parser's message and fix. */
    static String problem(String line) {
        return switch (ConfigParser.parse("line", line + "\n")) {
            case ConfigResult.Valid v -> null;
            case ConfigResult.Invalid i -> i.errors().getFirst().message() + " (" + i.errors().getFirst().fix() + ")";
        };
    }
}
