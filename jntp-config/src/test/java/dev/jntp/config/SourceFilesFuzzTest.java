// Fuzzes SourceFiles.parse: for any text it returns entries and errors, every error at a line of that text.
package dev.jntp.config;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.code_intelligence.jazzer.mutation.annotation.NotNull;
import com.code_intelligence.jazzer.mutation.annotation.WithUtf8Length;

/**
 * Under plain {@code mvn verify} this replays the seed corpus in
 * {@code SourceFilesFuzzTestInputs/parseNeverThrows/}; with {@code JAZZER_FUZZ=1} it fuzzes for {@code maxDuration}.
 */
class SourceFilesFuzzTest {

    @FuzzTest(maxDuration = "60s")
    void parseNeverThrows(@NotNull @WithUtf8Length(max = 8192) String text) {
        SourceFiles.Result r = SourceFiles.parse("fuzz.sources", text);
        int lines = ConfigParserFuzzTest.lineCount(text);
        for (ConfigError e : r.errors()) {
            if (!e.file().equals("fuzz.sources") || e.line() < 1 || e.line() > lines || e.message().isBlank()
                    || e.fix().isBlank()) {
                throw new AssertionError("error without its place or fix: " + e);
            }
        }
        for (SourceFiles.Entry e : r.entries()) {
            SourceSpec s = e.spec();
            if (s.line() < 1 || s.line() > lines || s.minPoll() > s.maxPoll() || s.port() < 1 || s.name().isBlank()) {
                throw new AssertionError("inconsistent entry: " + e);
            }
        }
    }
}
