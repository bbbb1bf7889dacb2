// Fuzzes the ntskeys parser: any text gives a typed result, and what parses formats and parses back alike.
package dev.jntp.engine.nts;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.code_intelligence.jazzer.mutation.annotation.NotNull;
import com.code_intelligence.jazzer.mutation.annotation.WithUtf8Length;

/**
 * Jazzer fuzz test of {@link KeyFile#parse}. Without {@code JAZZER_FUZZ} it replays
 * {@code KeyFileFuzzTestInputs/parseNeverThrows/} (a file jntp wrote, broken variants).
 */
class KeyFileFuzzTest {

    @FuzzTest(maxDuration = "60s")
    void parseNeverThrows(@NotNull @WithUtf8Length(max = 4096) String text) {
        KeyFileResult r = KeyFile.parse(text);
        switch (r) {
            case KeyFileResult.Parsed(CookieKeys keys) ->
                    assertThat(KeyFile.parse(KeyFile.format(keys))).isEqualTo(r);
            case KeyFileResult.Rejected(int line, String message) -> {
                assertThat(line).isBetween(0, text.split("\n", -1).length);
                assertThat(message).isNotBlank();
            }
        }
    }
}
