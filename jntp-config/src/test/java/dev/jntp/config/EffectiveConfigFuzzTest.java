// Fuzzes the effective configuration printer: for every valid text, what it prints is valid and means the same.
package dev.jntp.config;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.code_intelligence.jazzer.mutation.annotation.NotNull;
import com.code_intelligence.jazzer.mutation.annotation.WithUtf8Length;

/**
 * Replays {@code EffectiveConfigFuzzTestInputs/printReadsBack/} in every run; with {@code JAZZER_FUZZ=1} it fuzzes.
 * An invalid text is skipped (ConfigParserFuzzTest covers the parser's errors).
 */
class EffectiveConfigFuzzTest {

    @FuzzTest(maxDuration = "60s")
    void printReadsBack(@NotNull @WithUtf8Length(max = 4096) String text) {
        if (!(ConfigParser.parse("fuzz.conf", text) instanceof ConfigResult.Valid valid)) {
            return;
        }
        String printed = EffectiveConfig.print(text, valid.config());
        switch (ConfigParser.parse("printed.conf", printed)) {
            case ConfigResult.Valid again -> EffectiveConfigTest.assertSameDaemon(again.config(), valid.config());
            case ConfigResult.Invalid bad -> throw new AssertionError("printed text invalid: " + bad.errors()
                    + "\n" + printed);
        }
    }
}
