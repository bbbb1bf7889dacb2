// Test helpers for the config tests: parse text, and check that an error names its place and a fix.
package dev.jntp.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jntp.proto.Subnet;
import java.net.InetAddress;
import java.util.List;

/** Parses under one file name and fails with the parser's own words when the outcome is not the expected one. */
final class Configs {

    /** The name test texts are parsed under. */
    static final String FILE = "test.conf";

    private Configs() {}

    /** The config of a text that must be valid. */
    static JntpConfig valid(String text) {
        return valid(ConfigParser.parse(FILE, text));
    }

    /** The config of a result that must be valid. */
    static JntpConfig valid(ConfigResult result) {
        return switch (result) {
            case ConfigResult.Valid v -> v.config();
            case ConfigResult.Invalid i -> throw new AssertionError("expected a valid config, got " + i.errors());
        };
    }

    /** The errors of a result that must be invalid. */
    static List<ConfigError> errors(ConfigResult result) {
        return switch (result) {
            case ConfigResult.Valid v -> throw new AssertionError("expected errors, got " + v.config());
            case ConfigResult.Invalid i -> i.errors();
        };
    }

    /** The errors of a text that must be invalid. */
    static List<ConfigError> errors(String text) {
        return errors(ConfigParser.parse(FILE, text));
    }

    /** The one error of a result that must have exactly one. */
    static ConfigError onlyError(ConfigResult result) {
        List<ConfigError> errors = errors(result);
        assertThat(errors).as("errors").hasSize(1);
        return errors.getFirst();
    }

    /** Checks that an error is at FILE:LINE, says what it should, and gives a fix. */
    static void assertErrorAt(ConfigError error, String file, int line, String message) {
        assertThat(error.file()).as("file of %s", error).isEqualTo(file);
        assertThat(error.line()).as("line of %s", error).isEqualTo(line);
        assertThat(error.message()).as("message of %s", error).contains(message);
        assertThat(error.fix()).as("fix of %s", error).isNotBlank();
        assertThat(error.toString()).startsWith(file + ":" + line + ": ").contains("(fix: " + error.fix() + ")");
    }

    /** A subnet written as ADDRESS/BITS with a full address. */
    static Subnet subnet(String text) {
        int slash = text.indexOf('/');
        return Subnet.of(InetAddress.ofLiteral(text.substring(0, slash)), Integer.parseInt(text.substring(slash + 1)));
    }
}
