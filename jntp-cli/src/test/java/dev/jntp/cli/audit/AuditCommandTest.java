// Tests 'jntp audit' on configurations: the Markdown and JSON reports (golden files), kinds, --root, exit statuses.
package dev.jntp.cli.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jntp.cli.Cli;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditCommandTest {

    @TempDir
    Path root;

    /** A resource of this package. */
    static String resource(String name) throws IOException {
        try (InputStream in = AuditCommandTest.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** The field report's server before remediation, as /etc/chrony.conf under the temporary root. */
    private Path alpinaBefore() throws IOException {
        Path etc = Files.createDirectories(root.resolve("etc"));
        Files.writeString(etc.resolve("chrony.conf"), resource("alpina-before.chrony.conf"));
        return etc.resolve("chrony.conf");
    }

    @Test
    void audit_fieldReportServer_markdownIsTheGoldenReport() throws IOException {
        alpinaBefore();

        Cli r = Cli.run("audit", "--root", root.toString());

        assertThat(r.errors()).isEmpty();
        assertThat(r.out()).isEqualTo(resource("alpina-before.md"));
        assertThat(r.exit()).isEqualTo(2);
    }

    @Test
    void audit_fieldReportServer_jsonIsTheGoldenReport() throws IOException {
        alpinaBefore();

        Cli r = Cli.run("audit", "--root", root.toString(), "--config", "/etc/chrony.conf", "--json");

        assertThat(r.out()).isEqualTo(resource("alpina-before.json"));
        @SuppressWarnings("unchecked")
        Map<String, Object> json = (Map<String, Object>) Cli.json(r.out());
        assertThat(json).containsEntry("grade", "C+").containsEntry("score", 78).containsEntry("exit_status", 2);
        assertThat((List<?>) json.get("findings")).hasSize(4);
        assertThat(r.exit()).isEqualTo(2);
    }

    @Test
    void audit_exitStatus_isTheWorstSeverity() throws IOException {
        String good = resource("good-server.chrony.conf");
        Path f = root.resolve("x.conf");
        Files.writeString(f, good);
        assertThat(Cli.run("audit", "--config", f.toString(), "--kind", "chrony").exit()).isZero();
        Files.writeString(f, good + "server b.example.org\n");
        assertThat(Cli.run("audit", "--config", f.toString(), "--kind", "chrony").exit()).isEqualTo(1);
        Files.writeString(f, good.replace("driftfile", "#driftfile"));
        assertThat(Cli.run("audit", "--config", f.toString(), "--kind", "chrony").exit()).isEqualTo(2);
        Files.writeString(f, "server a.example.org iburst\n");
        assertThat(Cli.run("audit", "--config", f.toString(), "--kind", "ntp").exit()).isEqualTo(3);
        Files.writeString(f, "server a.example.org iburst\nenable mode7\n");
        assertThat(Cli.run("audit", "--config", f.toString(), "--kind", "ntp").exit()).isEqualTo(4);
    }

    @Test
    void audit_kindOption_overridesTheName() throws IOException {
        Path f = root.resolve("ntp.conf");
        Files.writeString(f, resource("good-server.chrony.conf"));

        Cli r = Cli.run("audit", "--config", f.toString(), "--kind", "chrony", "--json");

        assertThat(r.out()).contains("\"kind\" : \"chrony\"");
    }

    @Test
    void audit_noConfigOrBadOption_exit66Or64() {
        Cli none = Cli.run("audit", "--root", root.toString());
        assertThat(none.exit()).isEqualTo(66);
        assertThat(none.errors()).startsWith("jntp audit: no configuration found under " + root);
        assertThat(Cli.run("audit", "--config", root.resolve("absent").toString()).exit()).isEqualTo(66);
        assertThat(Cli.run("audit", "--kind", "openntpd", "--root", root.toString()).exit()).isEqualTo(64);
        assertThat(Cli.run("audit", "--frobnicate").exit()).isEqualTo(64);
    }

    @Test
    void audit_relativeConfigWithoutRoot_readFromTheWorkingDirectory() {
        Path here = Path.of("").toAbsolutePath();
        Path conf = Path.of(System.getProperty("user.dir"), "src/test/resources/dev/jntp/cli/audit",
                "good-server.chrony.conf");
        String relative = here.relativize(conf).toString();

        Cli r = Cli.run("audit", "--config", relative, "--json");

        assertThat(r.errors()).isEmpty();
        assertThat(r.out()).contains("\"kind\" : \"chrony\"", conf.toString());
    }
}
