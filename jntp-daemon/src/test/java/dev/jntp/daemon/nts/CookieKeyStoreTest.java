// Tests of the cookie key file in ntsdumpdir: restart, sharing between servers, rotation, permissions, failures.
package dev.jntp.daemon.nts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jntp.engine.nts.CookieKeys;
import dev.jntp.engine.nts.KeyFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CookieKeyStoreTest {

    private static final long WEEK = 604_800;
    private static final long T0 = 1_767_225_600L;

    @TempDir
    Path tmp;

    private final List<String> warnings = new ArrayList<>();

    private CookieKeyStore store(Path dir, long rotate, long seed) {
        return new CookieKeyStore(dir, rotate, new Random(seed), warnings::add);
    }

    @Test
    void update_firstStart_writesCurrentAndNextKeyMode0600InA0700Directory() throws IOException {
        Path dir = tmp.resolve("nts");
        CookieKeys k = store(dir, WEEK, 1).update(T0);
        assertThat(k.keys()).hasSize(2);
        Path file = dir.resolve(KeyFile.NAME);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir))).isEqualTo("rwx------");
        assertThat(KeyFile.parse(Files.readString(file))).isEqualTo(new dev.jntp.engine.nts.KeyFileResult.Parsed(k));
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("ntskeys",
                    "ntskeys.lock");
        }
        assertThat(warnings).isEmpty();
    }

    @Test
    void update_restart_reloadsTheSameKeys() {
        Path dir = tmp.resolve("nts");
        CookieKeys before = store(dir, WEEK, 1).update(T0);
        CookieKeys after = store(dir, WEEK, 2).update(T0 + 60);
        assertThat(after).isEqualTo(before);
    }

    @Test
    void update_twoServersSharingTheDirectory_alwaysHoldTheKeyTheOtherSealsWith() {
        Path dir = tmp.resolve("nts");
        CookieKeyStore a = store(dir, WEEK, 1);
        CookieKeyStore b = store(dir, WEEK, 2);
        // Both check every quarter of an interval, at different moments; whoever rotates first writes the next key.
        for (long t = T0; t < T0 + 5 * WEEK; t += WEEK / 4) {
            CookieKeys ka = a.update(t);
            CookieKeys kb = b.update(t + 3600);
            assertThat(kb.keys()).as("at %d", t).containsAll(ka.keys().subList(1, ka.keys().size()));
            assertThat(kb.find(ka.current(t).orElseThrow().id())).as("A's current key known to B at %d", t)
                    .isPresent();
            CookieKeys ka2 = a.update(t + 7200);
            assertThat(ka2.find(kb.current(t + 3600).orElseThrow().id())).as("B's current key known to A").isPresent();
        }
        assertThat(warnings).isEmpty();
    }

    @Test
    void update_noRotation_readsTheFileAndNeverWritesIt() throws IOException {
        Path dir = tmp.resolve("nts");
        CookieKeys written = store(dir, WEEK, 1).update(T0);
        String text = Files.readString(dir.resolve(KeyFile.NAME));
        CookieKeys read = store(dir, 0, 3).update(T0 + 10 * WEEK);
        assertThat(read).isEqualTo(written);
        assertThat(Files.readString(dir.resolve(KeyFile.NAME))).isEqualTo(text);
        CookieKeys alone = store(tmp.resolve("empty"), 0, 4).update(T0);
        assertThat(alone.keys()).hasSize(1);
        assertThat(tmp.resolve("empty")).doesNotExist();
    }

    @Test
    void update_corruptFile_isReportedAndReplaced() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("nts"));
        Files.writeString(dir.resolve(KeyFile.NAME), "not keys\n");
        CookieKeys k = store(dir, WEEK, 1).update(T0);
        assertThat(warnings).singleElement().asString().contains("ntskeys:1", "replaced");
        assertThat(store(dir, WEEK, 2).update(T0)).isEqualTo(k);
    }

    @Test
    void update_directoryNotWritable_warnsOnceAndKeepsKeysInMemory() throws IOException {
        Path blocker = Files.writeString(tmp.resolve("file"), "x");
        CookieKeyStore s = store(blocker.resolve("nts"), WEEK, 1);
        CookieKeys k = s.update(T0);
        assertThat(k.keys()).hasSize(2);
        assertThat(s.update(T0 + 60)).isEqualTo(k);
        assertThat(warnings).hasSize(1);
        assertThat(warnings.getFirst()).contains("ntsdumpdir");
    }

    @Test
    void update_noDirectory_rotatesInMemory() {
        CookieKeyStore s = store(null, WEEK, 1);
        CookieKeys k = s.update(T0);
        assertThat(s.file()).isNull();
        assertThat(s.update(T0 + WEEK).keys()).hasSize(3).containsAll(k.keys());
    }
}
