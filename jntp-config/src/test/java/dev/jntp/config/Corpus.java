// Test helper: the configuration files of the audit corpus (test resources), by name.
package dev.jntp.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Reads {@code /dev/jntp/config/audit/corpus/NAME} from the test class path. */
public final class Corpus {

    /** Where the corpus is on the class path. */
    public static final String DIR = "/dev/jntp/config/audit/corpus/";

    private Corpus() {}

    /** A corpus file's text. */
    public static String text(String name) {
        try (InputStream in = Corpus.class.getResourceAsStream(DIR + name)) {
            if (in == null) {
                throw new AssertionError("no corpus file " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new AssertionError("corpus file " + name, e);
        }
    }

    /** The names of the corpus's configuration files (those with a .conf suffix), sorted. */
    public static List<String> names() {
        try (InputStream in = Corpus.class.getResourceAsStream(DIR)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .filter(n -> n.endsWith(".conf")).sorted().toList();
        } catch (IOException | NullPointerException e) {
            throw new AssertionError("corpus directory", e);
        }
    }
}
