// Fuzzes both converters: whatever the input text, the output is a valid jntp.conf and nothing throws.
package dev.jntp.config.convert;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.code_intelligence.jazzer.mutation.annotation.NotNull;
import com.code_intelligence.jazzer.mutation.annotation.WithUtf8Length;
import dev.jntp.config.ConfigParser;
import dev.jntp.config.ConfigResult;

/**
 * Replays {@code ImportFuzzTestInputs/ntpImportIsValid/} and {@code .../chronyImportIsValid/} in every run; with
 * {@code JAZZER_FUZZ=1} it fuzzes.
 */
class ImportFuzzTest {

    @FuzzTest(maxDuration = "60s")
    void ntpImportIsValid(@NotNull @WithUtf8Length(max = 4096) String text) {
        valid(NtpImport.convert("fuzz.conf", text, Includes.NONE), text);
    }

    @FuzzTest(maxDuration = "60s")
    void chronyImportIsValid(@NotNull @WithUtf8Length(max = 4096) String text) {
        valid(ChronyImport.convert("fuzz.conf", text, Includes.NONE), text);
    }

    private static void valid(Converted c, String input) {
        if (ConfigParser.parse("out", c.text()) instanceof ConfigResult.Invalid bad) {
            throw new AssertionError("invalid output " + bad.errors() + " for input:\n" + input + "\noutput:\n"
                    + c.text());
        }
        if (c.carried() < 0 || c.notCarried() < 0) {
            throw new AssertionError("negative counts " + c);
        }
    }
}
