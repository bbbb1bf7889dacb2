// Audits every configuration of the corpus and compares kind, role, grade and findings with its .expected file.
package dev.jntp.config.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jntp.config.Corpus;
import dev.jntp.config.convert.ConfigKind;
import dev.jntp.config.convert.Includes;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The corpus (src/test/resources/dev/jntp/config/audit/corpus): the field guide's lab (ntpd server, chrony
 * client), the field report's server before and after, distributions' and cloud images' defaults, enterprise
 * servers and deliberately bad files. Each NAME.KIND.conf has NAME.KIND.conf.expected: kind, role, grade and
 * score, then one line per finding, "SEVERITY ID", in report order. The kind comes from the name, as
 * {@code jntp audit} tells it.
 */
class CorpusTest {

    static Stream<Arguments> corpus() {
        return Corpus.names().stream().map(Arguments::of);
    }

    /** What the audit says about a corpus file, in the .expected format. */
    static String summary(String name) {
        String text = Corpus.text(name);
        ConfigKind kind = ConfigKind.detect(name, text);
        AuditResult r = Audit.run(Audit.model("/etc/" + name, text, kind, Includes.NONE), null);
        List<String> lines = new ArrayList<>();
        lines.add("kind: " + r.kind().label());
        lines.add("role: " + (r.serves() ? "server" : "client"));
        lines.add("grade: " + r.grade().letter() + " " + r.grade().score());
        r.findings().forEach(f -> lines.add(f.severity() + " " + f.id()));
        return String.join("\n", lines) + "\n";
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void audit_corpusConfig_givesItsExpectedFindingsAndGrade(String name) {
        String expected = Corpus.text(name + ".expected").lines().filter(l -> !l.startsWith("#"))
                .map(l -> l + "\n").reduce("", String::concat);

        assertThat(summary(name)).isEqualTo(expected);
    }

    @Test
    void corpus_hasAtLeast15ConfigsOfEachKind() {
        List<String> names = Corpus.names();

        assertThat(names).hasSizeGreaterThanOrEqualTo(15);
        assertThat(names).anyMatch(n -> n.endsWith(".ntp.conf")).anyMatch(n -> n.endsWith(".chrony.conf"))
                .anyMatch(n -> n.endsWith(".jntp.conf"));
        assertThat(names.stream().map(n -> summary(n).lines().skip(2).findFirst().orElseThrow().split(" ")[1])
                .distinct()).as("grades spread").contains("A", "B", "C+", "F");
    }
}
