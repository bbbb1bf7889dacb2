// Tests atomic replacement: the new content with the old mode, owner and time; a refused rename leaves the old file.
package dev.jntp.cli.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {

    @TempDir
    Path dir;

    private static final boolean ROOT_USER = "root".equals(System.getProperty("user.name"));

    @Test
    void write_existingFile_newContentWithTheGivenModeOwnerAndTime() throws IOException {
        Path f = Files.writeString(dir.resolve("chrony.conf"), "old\n");
        int uid = ROOT_USER ? 4242 : (Integer) Files.getAttribute(f, "unix:uid");
        int gid = ROOT_USER ? 4343 : (Integer) Files.getAttribute(f, "unix:gid");
        AtomicFiles.Meta meta = new AtomicFiles.Meta(0640, uid, gid, Instant.parse("2026-01-27T13:28:04.5Z"));

        AtomicFiles.write(f, "new\n".getBytes(StandardCharsets.UTF_8), meta, 0644);

        assertThat(f).hasContent("new");
        assertThat(AtomicFiles.Meta.of(f)).isEqualTo(meta);
        assertThat(dir).isDirectoryNotContaining("glob:**.jntp-tmp");
    }

    @Test
    void write_newFile_getsTheNewFileMode() throws IOException {
        Path f = dir.resolve("chrony-statistics");

        AtomicFiles.write(f, "x\n".getBytes(StandardCharsets.UTF_8), null, 0644);

        assertThat(AtomicFiles.Meta.of(f).mode()).isEqualTo(0644);
    }

    @Test
    void write_renameRefused_oldFileIntactNoTemporaryFileLeft() throws IOException {
        Path f = Files.writeString(dir.resolve("chrony.conf"), "old\n");
        AtomicFiles.Meta was = AtomicFiles.Meta.of(f);
        try (Immutable locked = Immutable.set(f)) {
            assumeTrue(locked != null, "chattr +i not possible here");

            assertThatThrownBy(() -> AtomicFiles.write(f, "new\n".getBytes(StandardCharsets.UTF_8), was, 0644))
                    .isInstanceOf(IOException.class);
        }
        assertThat(f).hasContent("old");
        assertThat(AtomicFiles.Meta.of(f)).isEqualTo(was);
        assertThat(dir).isDirectoryNotContaining("glob:**.jntp-tmp");
    }
}
