// Tests that rollback refuses a damaged or hostile backup with the reason and writes nothing, inside the root or out.
package dev.jntp.cli.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jntp.cli.Cli;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A backup is input: whoever can write in the backup directory could hand rollback an archive that writes
 * {@code ../../etc/passwd}, follows a link, or is cut short. Each case is the newest backup next to a good one
 * made by {@code remediate --apply}; rollback must refuse it before it changes anything.
 */
class RollbackRefusalTest {

    @TempDir
    Path top;
    Path root;
    Map<String, String> remediated;

    @BeforeEach
    void remediatedServer() throws IOException {
        root = Files.createDirectories(top.resolve("root"));
        new FakeHost(root).file("/etc/chrony.conf", AuditCommandTest.resource("alpina-before.chrony.conf"));
        assertThat(Cli.run("remediate", "--root", root.toString(), "--apply").exit()).isZero();
        remediated = everything();
    }

    /** Every path under the temporary directory, backups and all, with its metadata and content. */
    private Map<String, String> everything() throws IOException {
        return RemediateRollbackTest.snapshot(top, p -> true);
    }

    private Path newest(byte[] gz) throws IOException {
        Path p = root.resolve("var/backups/jntp/jntp-backup-99991231T235959Z-01.tar.gz");
        Files.write(p, gz);
        return p;
    }

    private static Tar.Entry manifest(String lines) {
        return new Tar.Entry(Backup.MANIFEST, ("jntp-backup\t1\n" + lines).getBytes(StandardCharsets.UTF_8), 0600, 0,
                0, 0);
    }

    private static Tar.Entry file(String name) {
        return new Tar.Entry(name, "root::0:0::/root:/bin/sh\n".getBytes(StandardCharsets.UTF_8), 0644, 0, 0, 0);
    }

    /** A backup whose second entry, a regular file {@code name}, the manifest lists. */
    private static byte[] listed(String name) {
        return Tar.write(List.of(manifest("file\t/" + name.replaceFirst("^/", "") + "\t2026-01-27T00:00:00Z\n"),
                file(name)));
    }

    /** {@link #listed} with the second header's type flag and link name changed: a link, a device. */
    private static byte[] typed(char type, String linkName) {
        byte[] tar = listed("etc/chrony.conf");
        int second = 512 + 512; // the manifest's header and its one data block
        byte[] link = Arrays.copyOf(linkName.getBytes(StandardCharsets.UTF_8), 100);
        return TarTest.patch(TarTest.patch(tar, second, 156, new byte[] {(byte) type}), second, 157, link);
    }

    record Hostile(String what, byte[] tar, String reason) {
        @Override
        public String toString() {
            return what;
        }
    }

    static List<Hostile> hostile() {
        return List.of(
                new Hostile("climbing entry", listed("../../jntp-escaped"), "entry at byte 1024 has a name that is "
                        + "not a relative, normalised UTF-8 path: '../../jntp-escaped'"),
                new Hostile("climbing inside", listed("etc/../../jntp-escaped"), "not a relative, normalised"),
                new Hostile("absolute entry", listed("/etc/passwd"), "entry at byte 1024 has a name that is not a "
                        + "relative, normalised UTF-8 path: '/etc/passwd'"),
                new Hostile("symbolic link entry", typed('2', "/etc/shadow"),
                        "entry at byte 1024 is not a regular file (type '2')"),
                new Hostile("hard link entry", typed('1', "../../etc/shadow"), "is not a regular file (type '1')"),
                new Hostile("device entry", typed('3', ""), "is not a regular file (type '3')"),
                new Hostile("manifest path climbing", Tar.write(List.of(manifest("created\t/etc/../../jntp-escaped\n"))),
                        "bad manifest line: created\t/etc/../../jntp-escaped"),
                new Hostile("manifest relative path", Tar.write(List.of(manifest("created\tetc/chrony.conf\n"))),
                        "bad manifest line: created\tetc/chrony.conf"),
                new Hostile("the same file twice", Tar.write(List.of(manifest(""), file("etc/chrony.conf"),
                        file("etc/chrony.conf"))), "the archive holds etc/chrony.conf twice"),
                new Hostile("no manifest", Tar.write(List.of(file("etc/chrony.conf"))), "no .jntp-backup manifest "
                        + "first: not a jntp backup"),
                new Hostile("unknown manifest version", Tar.write(List.of(new Tar.Entry(Backup.MANIFEST,
                        "jntp-backup\t2\n".getBytes(StandardCharsets.UTF_8), 0600, 0, 0, 0))),
                        "the manifest is not of version 1"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostile")
    void rollback_hostileArchive_refusedWithTheReasonNothingWritten(Hostile h) throws IOException {
        Path backup = newest(Tar.gzip(h.tar()));
        Map<String, String> before = everything();

        Cli r = Cli.run("rollback", "--root", root.toString());

        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out()).isEmpty();
        assertThat(r.errors()).startsWith("jntp rollback: /" + root.relativize(backup) + ": ").contains(h.reason());
        assertThat(everything()).isEqualTo(before);
        assertThat(top.resolve("jntp-escaped")).doesNotExist();
    }

    @Test
    void rollback_truncatedArchive_refusedNothingWritten() throws IOException {
        byte[] good;
        try (Stream<Path> s = Files.list(root.resolve("var/backups/jntp"))) {
            good = Files.readAllBytes(s.findFirst().orElseThrow());
        }
        for (int keep : new int[] {0, 9, good.length / 2, good.length - 4}) {
            newest(Arrays.copyOf(good, keep));
            Map<String, String> before = everything();

            Cli r = Cli.run("rollback", "--root", root.toString());

            assertThat(r.exit()).as("cut at %d", keep).isEqualTo(1);
            assertThat(r.errors()).as("cut at %d", keep).contains("not a gzip file, or damaged");
            assertThat(everything()).isEqualTo(before);
        }
        assertThat(remediated).isNotEmpty();
    }

    @Test
    void rollback_archiveCutInsideTheTar_refusedNothingWritten() throws IOException {
        byte[] tar = listed("etc/chrony.conf");
        newest(Tar.gzip(Arrays.copyOf(tar, 1024 + 100)));
        Map<String, String> before = everything();

        Cli r = Cli.run("rollback", "--root", root.toString());

        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.errors()).contains("the archive ends inside a header at byte 1024");
        assertThat(everything()).isEqualTo(before);
    }

    @Test
    void rollback_backupNotAFileOrAbsent_refused() throws IOException {
        Files.createDirectories(root.resolve("var/backups/jntp/jntp-backup-99991231T235959Z-01.tar.gz"));
        Map<String, String> before = everything();

        Cli dir = Cli.run("rollback", "--root", root.toString());
        Cli absent = Cli.run("rollback", "--root", root.toString(), "/var/backups/jntp/none.tar.gz");

        assertThat(dir.exit()).isEqualTo(1);
        assertThat(dir.errors()).isEqualTo("jntp rollback: /var/backups/jntp/jntp-backup-99991231T235959Z-01.tar.gz: "
                + "not a readable file\n");
        assertThat(absent.errors()).isEqualTo("jntp rollback: /var/backups/jntp/none.tar.gz: no such backup\n");
        assertThat(everything()).isEqualTo(before);
    }
}
