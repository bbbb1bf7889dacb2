// The round trip on a temporary root: a C-grade server, remediate --apply, audit again (A), rollback, tree identical.
package dev.jntp.cli.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jntp.cli.Cli;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
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
        return snapshot(root, p -> !p.startsWith("var/backups"));
    }

    /** {@link #snapshot(Path)} of the paths (relative to {@code root}) that {@code keep} accepts. */
    static Map<String, String> snapshot(Path root, Predicate<String> keep) throws IOException {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.filter(p -> keep.test(root.relativize(p).toString())).toList()) {
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
        assertThat(r.errors()).startsWith("jntp remediate: not applied: jntp config check would refuse the result: "
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

    @Test
    void remediate_alreadyHardened_proposesNothingAndExits0() throws IOException {
        cGradeServer();
        assertThat(Cli.run("remediate", "--root", root.toString(), "--apply").exit()).isZero();
        Map<String, String> hardened = snapshot(root, p -> true);

        Cli shown = Cli.run("remediate", "--root", root.toString());
        Cli applied = Cli.run("remediate", "--root", root.toString(), "--apply");

        for (Cli r : List.of(shown, applied)) {
            assertThat(r.exit()).as(r.errors()).isZero();
            assertThat(r.out()).doesNotContain("--- a/", "+++ b/").contains("Grade now: A (97); the configuration "
                    + "with these changes: A (97)", "Nothing to change.\n");
        }
        assertThat(snapshot(root, p -> true)).as("no second backup, nothing written").isEqualTo(hardened);
    }

    @Test
    void remediateAuditRollback_ntpdServer_ntpConfHardenedInPlaceThenRestored() throws IOException {
        new FakeHost(root).file("/etc/ntp.conf", AuditCommandTest.resource("lab-ntpd-kr-servers.ntp.conf")).dir("/var");
        Files.setAttribute(root.resolve("etc/ntp.conf"), "unix:mode", 0604);
        Map<String, String> before = snapshot(root);

        Cli applied = Cli.run("remediate", "--root", root.toString(), "--apply");

        assertThat(applied.exit()).as(applied.errors()).isZero();
        assertThat(applied.out()).contains("--- a/etc/ntp.conf", "-restrict -4 default kod notrap nomodify nopeer "
                + "noquery limited", "+restrict -4 default ignore", "Grade before: C- (72), after: A (94)");
        assertThat(root.resolve("etc/jntp")).as("ntpd's file is hardened, no jntp.conf written").doesNotExist();
        assertThat(snapshot(root).get("/etc/ntp.conf")).startsWith("file mode 0604");
        assertThat(Cli.run("audit", "--root", root.toString(), "--json").out()).contains("\"grade\" : \"A\"");
        assertThat(Cli.run("remediate", "--root", root.toString()).out()).contains("Nothing to change.");

        Cli rolled = Cli.run("rollback", "--root", root.toString());

        assertThat(rolled.exit()).as(rolled.errors()).isZero();
        assertThat(snapshot(root)).isEqualTo(before);
    }

    @Test
    void remediateApply_backupDirectoryIsAFile_notAppliedEveryFileUntouched() throws IOException {
        cGradeServer().file("/var/backups/jntp", "not a directory\n");
        Map<String, String> before = snapshot(root, p -> true);

        Cli r = Cli.run("remediate", "--root", root.toString(), "--apply");

        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.errors()).startsWith("jntp remediate: not applied: cannot write the backup in /var/backups/jntp: ")
                .contains("nothing was changed");
        assertThat(r.out()).doesNotContain("Applied.");
        assertThat(snapshot(root, p -> true)).isEqualTo(before);
    }

    @Test
    void remediateApply_backupDirectoryNotWritable_notAppliedEveryFileUntouched() throws IOException {
        cGradeServer().dir("/var/backups/jntp");
        Map<String, String> before = snapshot(root, p -> true);
        try (Immutable locked = Immutable.set(root.resolve("var/backups/jntp"))) {
            assumeTrue(locked != null, "chattr +i not possible here");

            Cli r = Cli.run("remediate", "--root", root.toString(), "--apply");

            assertThat(r.exit()).isEqualTo(1);
            assertThat(r.errors()).startsWith("jntp remediate: not applied: cannot write the backup in "
                    + "/var/backups/jntp: ");
        }
        assertThat(snapshot(root, p -> true)).isEqualTo(before);
    }

    @Test
    void remediateApply_writeFailsMidway_undoneFromTheBackupAtOnce() throws IOException {
        FakeHost h = cGradeServer();
        int gid = (Integer) Files.getAttribute(root, "unix:gid");
        h.accounts(4242, gid).dir("/etc/logrotate.d").dir("/var/log");
        Map<String, String> before = snapshot(root);
        try (Immutable locked = Immutable.set(h.path("/etc/logrotate.d"))) {
            assumeTrue(locked != null, "chattr +i not possible here");

            Cli r = Cli.run("remediate", "--root", root.toString(), "--live", "--apply");

            assertThat(r.exit()).isEqualTo(1);
            assertThat(r.errors()).contains("jntp remediate: writing failed (", "logrotate.d",
                    "restoring the backup /var/backups/jntp/jntp-backup-", "jntp remediate: restored; nothing is "
                            + "changed");
        }
        assertThat(snapshot(root)).as("chrony.conf written first, then put back; /var/log/chrony removed")
                .isEqualTo(before);
    }

    @Test
    void invalid_chronyConf_onlyWhatTheChangeBreaksRefuses() throws Exception {
        new FakeHost(root).file("/etc/chrony.conf", "server a.example.org iburst\nrtcsync\n");
        AuditTarget t = AuditTarget.open(new HostRoot(root), null, null);
        String keeps = t.text() + "makestep 1 3\n";
        String breaksJntp = t.text() + "makestep one 3\n";
        String breaksChronyd = t.text() + "frobnicate 3\n";

        assertThat(RemediateCommand.invalid(t, keeps, model(t, keeps))).as("rtcsync was there before").isNull();
        assertThat(RemediateCommand.invalid(t, breaksJntp, model(t, breaksJntp)))
                .startsWith("jntp config check would refuse the result: /etc/chrony.conf:3: ");
        assertThat(RemediateCommand.invalid(t, breaksChronyd, model(t, breaksChronyd))).contains("/etc/chrony.conf:3:");
    }

    private static dev.jntp.config.audit.ServerModel model(AuditTarget t, String text) {
        return dev.jntp.config.audit.Audit.model(t.hostPath(), text, t.kind(), dev.jntp.config.convert.Includes.NONE);
    }
}
