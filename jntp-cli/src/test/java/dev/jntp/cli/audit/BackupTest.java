// Tests reading backups: Python's ustar archives read as ours, manifests checked line by line, hostile paths refused.
package dev.jntp.cli.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BackupTest {

    @TempDir
    Path dir;

    static byte[] input(String name) throws IOException {
        try (InputStream in = BackupTest.class.getResourceAsStream("TarFuzzTestInputs/" + name)) {
            return in.readAllBytes();
        }
    }

    @Test
    void pythonsUstar_readAsOurs() throws IOException {
        assertThat(((Tar.Result.Ok) Tar.read(input("readNeverThrows/two-files"))).entries())
                .extracting(Tar.Entry::name).containsExactly("etc/chrony.conf", "etc/logrotate.d/chrony");
        assertThat(Tar.read(input("readNeverThrows/symlink"))).isEqualTo(new Tar.Result.Bad(
                "entry at byte 512 is not a regular file (type '2')"));
        assertThat(Tar.read(input("readNeverThrows/truncated"))).isInstanceOf(Tar.Result.Bad.class);
        assertThat(Tar.read(input("readNeverThrows/absolute-name"))).isEqualTo(new Tar.Result.Bad("entry at byte 0 "
                + "has a name that is not a relative, normalised UTF-8 path: '/etc/passwd'"));
        assertThat(Tar.read(input("readNeverThrows/climbing-name"))).isEqualTo(new Tar.Result.Bad("entry at byte 0 "
                + "has a name that is not a relative, normalised UTF-8 path: '../../etc/passwd'"));
        assertThat(Tar.read(input("readNeverThrows/hard-link"))).isEqualTo(new Tar.Result.Bad(
                "entry at byte 1024 is not a regular file (type '1')"));
    }

    @Test
    void contents_manifestOfEveryKindOfChange() throws IOException {
        Backup.Contents c = Backup.contents(input("backupNeverThrows/backup-v1"));

        assertThat(c.files()).containsOnlyKeys("/etc/chrony.conf");
        assertThat(c.mtimes()).isEqualTo(Map.of("/etc/chrony.conf", Instant.parse("2026-01-27T21:28:04.123456789Z")));
        assertThat(c.createdFiles()).containsExactly("/etc/logrotate.d/chrony-statistics");
        assertThat(c.createdLinks()).containsExactly("/etc/systemd/system/multi-user.target.wants/chrony-wait.service");
        assertThat(c.createdDirs()).containsExactly("/var/log/chrony");
        assertThat(c.dirs()).containsOnlyKeys("/var/log");
    }

    @Test
    void contents_hostileOrForeignArchives_refusedWithTheReason() {
        assertThatThrownBy(() -> Backup.contents(input("backupNeverThrows/traversal"))).isInstanceOf(IOException.class)
                .hasMessage("bad manifest line: created\t/etc/../../root/.ssh/authorized_keys");
        assertThatThrownBy(() -> Backup.contents(input("backupNeverThrows/no-manifest")))
                .hasMessage("no .jntp-backup manifest first: not a jntp backup");
        assertThatThrownBy(() -> Backup.contents(input("backupNeverThrows/bad-dir-line")))
                .hasMessageStartingWith("bad manifest line: dir");
        assertThatThrownBy(() -> Backup.read("plain text".getBytes())).hasMessageStartingWith("not a gzip file");
        assertThatThrownBy(() -> Backup.contents(input("backupNeverThrows/manifest-then-symlink")))
                .hasMessage("entry at byte 1024 is not a regular file (type '2')");
        assertThatThrownBy(() -> Backup.contents(input("backupNeverThrows/manifest-absolute-entry")))
                .hasMessageEndingWith("path: '/etc/passwd'");
    }

    @Test
    void create_namesAreTimestampedAndNumbered_newestIsTheLast() throws IOException {
        HostRoot root = new HostRoot(dir);
        Backup.Changes none = new Backup.Changes(List.of(), List.of(), List.of(), List.of(), Map.of());
        Instant t = Instant.parse("2026-01-27T21:28:04Z");

        Path a = Backup.create(root, none, dir.resolve("b"), t);
        Path b = Backup.create(root, none, dir.resolve("b"), t);
        Path c = Backup.create(root, none, dir.resolve("b"), t.plusSeconds(1));

        assertThat(a.getFileName()).hasToString("jntp-backup-20260127T212804Z-01.tar.gz");
        assertThat(b.getFileName()).hasToString("jntp-backup-20260127T212804Z-02.tar.gz");
        assertThat(Backup.newest(dir.resolve("b"))).contains(c);
        assertThat((Integer) Files.getAttribute(a, "unix:mode") & 0777).isEqualTo(0600);
        assertThat(Backup.newest(dir.resolve("none"))).isEmpty();
    }

    @Test
    void restore_linkInTheWay_refusedBeforeAnythingChanges() throws IOException {
        FakeHost h = new FakeHost(dir).file("/etc/chrony.conf", "old\n");
        HostRoot root = new HostRoot(dir);
        Path backup = Backup.create(root, new Backup.Changes(List.of("/etc/chrony.conf"), List.of(), List.of(),
                List.of(), Map.of()), dir.resolve("b"), Instant.now());
        Files.delete(h.path("/etc/chrony.conf"));
        Files.delete(h.path("/etc"));
        Path outside = Files.createDirectories(dir.resolve("outside"));
        Files.createSymbolicLink(h.path("/etc"), outside);

        assertThatThrownBy(() -> Backup.restore(root, backup)).isInstanceOf(IOException.class)
                .hasMessageContaining("is a symbolic link; refusing to write through it");
        assertThat(outside).isEmptyDirectory();
    }
}
