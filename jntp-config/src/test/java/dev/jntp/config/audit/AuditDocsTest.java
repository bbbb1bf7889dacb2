// Checks that docs/audit.md documents exactly the rules the audit runs, and the grading weights it uses.
package dev.jntp.config.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class AuditDocsTest {

    static final Path DOC = Path.of(System.getProperty("user.dir")).toAbsolutePath().getParent()
            .resolve("docs/audit.md");

    @Test
    void rulesTable_listsEveryRuleInOrder() throws IOException {
        Matcher m = Pattern.compile("(?m)^\\| `([A-Z0-9-]+)` \\|").matcher(Files.readString(DOC));
        List<String> documented = m.results().map(r -> r.group(1)).toList();

        assertThat(documented).isEqualTo(Audit.ruleIds());
    }

    @Test
    void gradingTable_hasTheWeightsInUse() throws IOException {
        String doc = Files.readString(DOC);

        for (Severity s : Severity.values()) {
            assertThat(doc).contains("| " + s.label() + " | " + s.weight() + " |");
        }
    }
}
