// Checks every jntp.conf shipped in the repository with 'jntp config check': examples, dist/ files, documented blocks.
package dev.jntp.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What counts as shipped: {@code docs/examples/*.conf}, every {@code jntp.conf} under {@code dist/} except the
 * sysusers.d one (another format), and every Markdown block fenced as {@code ```jntp.conf} in README.md and
 * docs/. A new example is checked as soon as it is added; CI runs this with the other tests.
 */
class ShippedConfigsTest {

    static final Path ROOT = Path.of(System.getProperty("user.dir")).toAbsolutePath().getParent();
    private static final Pattern FENCED = Pattern.compile("(?ms)^```jntp\\.conf\\n(.*?)^```");

    /** Each shipped configuration: where it is, and its text. */
    record Shipped(String where, String text) {
        @Override
        public String toString() {
            return where;
        }
    }

    static List<Shipped> shipped() throws IOException {
        List<Shipped> out = new ArrayList<>();
        try (Stream<Path> examples = Files.list(ROOT.resolve("docs/examples"))) {
            for (Path p : examples.filter(p -> p.toString().endsWith(".conf")).sorted().toList()) {
                out.add(new Shipped(ROOT.relativize(p).toString(), Files.readString(p)));
            }
        }
        try (Stream<Path> dist = Files.walk(ROOT.resolve("dist"))) {
            for (Path p : dist.filter(p -> p.getFileName().toString().equals("jntp.conf")
                    && !p.toString().contains("sysusers.d")).sorted().toList()) {
                out.add(new Shipped(ROOT.relativize(p).toString(), Files.readString(p)));
            }
        }
        List<Path> markdown = new ArrayList<>(List.of(ROOT.resolve("README.md")));
        try (Stream<Path> docs = Files.list(ROOT.resolve("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(markdown::add);
        }
        for (Path md : markdown) {
            Matcher m = FENCED.matcher(Files.readString(md));
            for (int i = 1; m.find(); i++) {
                out.add(new Shipped(ROOT.relativize(md) + " block " + i, m.group(1)));
            }
        }
        return out;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("shipped")
    void shippedConfig_configCheck_isValid(Shipped config, @TempDir Path dir) throws IOException {
        Path file = dir.resolve("jntp.conf");
        Files.writeString(file, config.text(), StandardCharsets.UTF_8);

        Cli r = Cli.run("config", "check", file.toString());

        assertThat(r.errors()).as(config.where()).isEmpty();
        assertThat(r.exit()).as(config.where()).isZero();
    }

    @org.junit.jupiter.api.Test
    void shipped_includesTheExamples() throws IOException {
        assertThat(shipped()).extracting(Shipped::where).contains("docs/examples/site-server.conf",
                "docs/examples/client.conf");
    }
}
