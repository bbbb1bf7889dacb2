// Fuzzes the ntp.conf reader: any text gives entries and errors, every one at a line of that text, never an exception.
package dev.jntp.config.ntp;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.code_intelligence.jazzer.mutation.annotation.NotNull;
import com.code_intelligence.jazzer.mutation.annotation.WithUtf8Length;
import dev.jntp.config.ConfigError;

/**
 * Replays {@code NtpConfFuzzTestInputs/parseNeverThrows/} (each file the text given to the reader) in every run;
 * with {@code JAZZER_FUZZ=1} it fuzzes for {@code maxDuration}.
 */
class NtpConfFuzzTest {

    @FuzzTest(maxDuration = "60s")
    void parseNeverThrows(@NotNull @WithUtf8Length(max = 8192) String text) {
        NtpConf c = NtpConf.parse("fuzz.conf", text);
        int lines = text.split("\r?\n|\r", -1).length;
        int last = 0;
        for (NtpConf.Entry e : c.entries()) {
            check(e.line() >= 1 && e.line() <= lines && e.line() > last, "entries at increasing lines", e);
            check(!e.command().isEmpty() && e.command().equals(e.command().toLowerCase(java.util.Locale.ROOT)),
                    "command in lower case", e);
            last = e.line();
        }
        for (ConfigError e : c.errors()) {
            check(e.file().equals("fuzz.conf") && e.line() >= 1 && e.line() <= lines, "error at a line", e);
            check(!e.message().isBlank() && !e.fix().isBlank(), "error with message and fix", e);
            check(c.entries().stream().noneMatch(x -> x.line() == e.line()), "a bad line is left out", e);
        }
    }

    private static void check(boolean ok, String property, Object subject) {
        if (!ok) {
            throw new AssertionError(property + ": " + subject);
        }
    }
}
