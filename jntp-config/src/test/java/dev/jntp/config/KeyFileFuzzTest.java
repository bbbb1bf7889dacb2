// Fuzzes KeyFile.parse: for any text it returns keys, errors and warnings, each at a line of that text, never the key.
package dev.jntp.config;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.code_intelligence.jazzer.mutation.annotation.NotNull;
import com.code_intelligence.jazzer.mutation.annotation.WithUtf8Length;
import dev.jntp.proto.SymmetricKey;
import java.util.HashSet;
import java.util.Set;

/**
 * Under plain {@code mvn verify} this replays the seed corpus in
 * {@code KeyFileFuzzTestInputs/parseNeverThrows/}; with {@code JAZZER_FUZZ=1} it fuzzes for {@code maxDuration}.
 */
class KeyFileFuzzTest {

    @FuzzTest(maxDuration = "60s")
    void parseNeverThrows(@NotNull @WithUtf8Length(max = 8192) String text) {
        KeyFile.Result r = KeyFile.parse("fuzz.keys", text);
        int lines = text.split("\n", -1).length;
        Set<String> secrets = new HashSet<>();
        for (String line : text.split("\n", -1)) {
            for (String w : line.strip().split("\\s+")) {
                // Long enough not to be a word of the messages by chance (they hold no 16-character run
                // without a blank or a colon).
                String secret = w.substring(w.indexOf(':') + 1);
                if ((w.startsWith("HEX:") || w.startsWith("ASCII:")) && secret.length() >= 16
                        && secret.indexOf(':') < 0) {
                    secrets.add(secret);
                }
            }
        }
        for (ConfigError e : r.errors()) {
            check(e, lines, secrets);
        }
        for (ConfigError e : r.warnings()) {
            check(e, lines, secrets);
        }
        Set<Long> ids = new HashSet<>();
        for (SymmetricKey k : r.keys()) {
            if (!ids.add(k.id()) || k.id() < 1 || k.id() > SymmetricKey.MAX_ID || k.length() == 0) {
                throw new AssertionError("inconsistent key: " + k);
            }
        }
    }

    private static void check(ConfigError e, int lines, Set<String> secrets) {
        if (!e.file().equals("fuzz.keys") || e.line() < 1 || e.line() > lines || e.message().isBlank()
                || e.fix().isBlank()) {
            throw new AssertionError("error without its place or fix: " + e);
        }
        for (String s : secrets) {
            if (e.toString().contains(s)) {
                throw new AssertionError("error shows key material: " + e);
            }
        }
    }
}
