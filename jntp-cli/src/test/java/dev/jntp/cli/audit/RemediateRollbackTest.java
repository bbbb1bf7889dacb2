// The round trip on a temporary root: a C-grade server, remediate --apply, audit again (A), rollback, tree identical.
package dev.jntp.cli.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jntp.cli.Cli;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the issue asks: files byte-identical after rollback, with their modes, owners (set to other ids when the
 * test runs as root, which can set them) and modification times; what the remediation created removed.
 */
class RemediateRollbackTest {

    @TempDir
    Path root;

    /** Whether the test may give files other owners. */
    private static final boolean ROOT_USER = "root".equals(System.getProperty("user.name"));

    /** Every file, directory and link under the root except the backups: type, mode, owner, content, time. */
    static Map<String, String> snapshot(Path root) throws IOException {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.filter(p -> !root.relativize(p).toString().startsWith("var/backups")).toList()) {
                String key = "/" + root.relativize(p);
                if (Files.isSymbolicLink(p)) {
                    out.put(key, "link -> " + Files.readSymbolicLink(p));
                    continue;
                }
                AtomicFiles.Meta m = AtomicFiles.Meta.of(p);
                String meta = String.format("mode %04o owner %d:%d", m.mode(), m.uid(), m.gid());
                out.put(key, Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS) ? "dir " + meta : "file " + meta
                        + " mtime " + m.mtime() + " " + HexFormat.of().formatHex(Files.readAllBytes(p)));
            }
        }
        return out;
    }

    /** The field report's server before remediation at /etc/chrony.conf, mode 0640, owned by 4242:4343 if root. */
    private FakeHost cGradeServer() throws IOException {
        FakeHost h = new FakeHost(root).file("/etc/chrony.conf", AuditCommandTest.resource("alpina-before.chrony.conf"))
                .dir("/var");
        Files.setAttribute(h.path("/etc/chrony.conf"), "unix:mode", 0640);
        if (ROOT_USER) {
            AtomicFiles.owner(h.path("/etc/chrony.conf"), 4242, 4343);
        }
        Files.setLastModifiedTime(h.path("/etc/chrony.conf"), java.nio.file.attribute.FileTime.from(
                java.time.Instant.parse("2026-01-27T13:28:04.123456789Z")));
        return h;
    }

    @Test
    void remediateAuditRollback_cGradeServer_gradeAThenEveryFileAsItWas() throws IOException {
        cGradeServer();
        Map<String, String> before = snapshot(root);
        assertThat(Cli.run("audit", "--root", root.toString(), "--json").out()).contains("\"grade\" : \"C+\"");

        Cli applied = Cli.run("remediate", "--root", root.toString(), "--apply");

        assertThat(applied.exit()).as(applied.errors()).isZero();
        assertThat(applied.out()).contains("+ratelimit interval 3 burst 8", "Grade before: C+ (78), after: A (97)",
                "Applied. Backup: /var/backups/jntp/jntp-backup-");
        Cli again = Cli.run("audit", "--root", root.toString(), "--json");
        assertThat(again.out()).contains("\"grade\" : \"A\"", "\"score\" : 97");
        assertThat(again.exit()).isEqualTo(1);
        Map<String, String> remediated = snapshot(root);
        assertThat(remediated.get("/etc/chrony.conf")).startsWith("file mode 0640 owner "
                + (ROOT_USER ? "4242:4343" : ""));
        assertThat(remediated).isNotEqualTo(before);

        Cli rolled = Cli.run("rollback", "--root", root.toString());

        assertThat(rolled.exit()).as(rolled.errors()).isZero();
        assertThat(rolled.out()).startsWith("restored /etc/chrony.conf (mode 0640");
        assertThat(snapshot(root)).isEqualTo(before);
    }

    @Test
    void remediateLive_createdDirectoryFileAndLink_allRemovedByRollback() throws IOException {
        FakeHost h = cGradeServer();
        int gid = (Integer) Files.getAttribute(root, "unix:gid");
        h.accounts(4242, gid)
                .file("/usr/lib/systemd/system/chrony-wait.service", "[Unit]\nDescription=wait\n\n[Install]\n"
                        + "WantedBy=multi-user.target\n")
                .dir("/etc/logrotate.d").dir("/var/log").dir("/etc/systemd/system");
        Map<String, String> before = snapshot(root);

        Cli applied = Cli.run("remediate", "--root", root.toString(), "--live", "--apply");

        assertThat(applied.exit()).as(applied.errors()).isZero();
        assertThat(applied.out()).contains("mkdir /var/log/chrony (mode 0755, owner 4242:" + gid + ")",
                "+++ b/etc/logrotate.d/chrony-statistics", "/usr/bin/chronyc cyclelogs",
                "ln -s /usr/lib/systemd/system/chrony-wait.service "
                        + "/etc/systemd/system/multi-user.target.wants/chrony-wait.service");
        assertThat(Files.isSymbolicLink(h.path("/etc/systemd/system/multi-user.target.wants/chrony-wait.service")))
                .isTrue();
        Cli live = Cli.run("audit", "--root", root.toString(), "--live", "--json");
        for (String id : List.of("LOG-DIR", "LOG-ROTATE", "BOOT-SYNC")) {
            assertThat(live.out()).contains("\"id\" : \"" + id + "\",\n    \"title\"");
        }
        assertThat(live.out()).doesNotContain("\"id\" : \"LOG-DIR\",\n    \"severity\"",
                "\"id\" : \"BOOT-SYNC\",\n    \"severity\"", "\"id\" : \"LOG-ROTATE\",\n    \"severity\"");

        Cli rolled = Cli.run("rollback", "--root", root.toString());

        assertThat(rolled.exit()).as(rolled.errors()).isZero();
        assertThat(rolled.out()).contains("removed link /etc/systemd/system/multi-user.target.wants/chrony-wait.service",
                "removed /etc/logrotate.d/chrony-statistics", "removed directory /var/log/chrony",
                "removed directory /etc/systemd/system/multi-user.target.wants");
        assertThat(snapshot(root)).isEqualTo(before);
    }

    @Test
    void remediate_withoutApply_changesNothing() throws IOException {
        cGradeServer();
        Map<String, String> before = snapshot(root);

        Cli shown = Cli.run("remediate", "--root", root.toString());

        assertThat(shown.exit()).isZero();
        assertThat(shown.out()).contains("--- a/etc/chrony.conf", "Grade now: C+ (78); the configuration with these "
                + "changes: A (97)", "Nothing changed yet");
        assertThat(snapshot(root)).isEqualTo(before);
        assertThat(root.resolve("var/backups")).doesNotExist();
    }

    @Test
    void remediate_jntpConfigThatJntpRefuses_notAppliedNoBackup() throws IOException {
        new FakeHost(root).file("/etc/jntp/jntp.conf", "server a.example.org\nsever b.example.org\nallow 10/8\n");
        Map<String, String> before = snapshot(root);

        Cli r = Cli.run("remediate", "--root", root.toString(), "--apply");

        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.errors()).startsWith("jntp remediate: not applied: jntp would refuse the result: "
                + "/etc/jntp/jntp.conf:2: unknown directive 'sever'");
        assertThat(snapshot(root)).isEqualTo(before);
    }

    @Test
    void remediate_jntpServer_validResultBetterGrade() throws IOException {
        new FakeHost(root).file("/etc/jntp/jntp.conf", "server a.example.org\nallow all\n");

        Cli r = Cli.run("remediate", "--root", root.toString(), "--apply");

        assertThat(r.exit()).as(r.errors()).isZero();
        assertThat(Cli.run("config", "check", root.resolve("etc/jntp/jntp.conf").toString()).exit()).isZero();
        assertThat(r.out()).contains("+# jntp remediate (SRV-ACCESS, served every address): allow all",
                "+allow 10.0.0.0/8", "+server time.cloudflare.com iburst", "+driftfile /var/lib/jntp/drift");
    }

    @Test
    void rollback_namedBackupOrNone() throws IOException {
        cGradeServer();
        assertThat(Cli.run("rollback", "--root", root.toString()).exit()).isEqualTo(1);
        Cli.run("remediate", "--root", root.toString(), "--apply");
        Path backup;
        try (Stream<Path> s = Files.list(root.resolve("var/backups/jntp"))) {
            backup = s.findFirst().orElseThrow();
        }
        Files.writeString(root.resolve("var/backups/jntp/jntp-backup-99991231T000000Z-01.tar.gz"), "garbage");

        Cli bad = Cli.run("rollback", "--root", root.toString());
        assertThat(bad.exit()).isEqualTo(1);
        assertThat(bad.errors()).contains("jntp-backup-99991231T000000Z-01.tar.gz: not a gzip file");

        Cli named = Cli.run("rollback", "--root", root.toString(), "/var/backups/jntp/" + backup.getFileName());
        assertThat(named.exit()).as(named.errors()).isZero();
        assertThat(Files.readString(root.resolve("etc/chrony.conf")))
                .isEqualTo(AuditCommandTest.resource("alpina-before.chrony.conf"));
    }
}
