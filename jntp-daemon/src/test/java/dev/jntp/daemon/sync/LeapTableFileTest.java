// Tests loading the leap second table from files: TZDIR, the log lines, and every reason a table is ignored.
package dev.jntp.daemon.sync;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jntp.config.SyncSettings.LeapSecondSource;
import dev.jntp.engine.leap.LeapTable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LeapTableFileTest {

    private static final long BEFORE_EXPIRY = Instant.parse("2026-01-01T00:00:00Z").getEpochSecond() * 1_000_000_000L;
    private static final long AFTER_EXPIRY = Instant.parse("2026-11-22T00:00:00Z").getEpochSecond() * 1_000_000_000L;
    private static final UnaryOperator<String> NO_ENV = k -> null;

    @TempDir
    Path dir;

    private final List<String> infos = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();

    static byte[] resource(String name) {
        try (InputStream in = LeapTableFileTest.class.getResourceAsStream(name)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private Path write(String name, byte[] data) throws IOException {
        Path p = dir.resolve(name);
        Files.createDirectories(p.getParent());
        return Files.write(p, data);
    }

    private Optional<LeapTable> load(LeapSecondSource source, UnaryOperator<String> env, long now) {
        return LeapTableFile.load(source, env, now, "leap seconds come from the sources only", infos::add,
                warnings::add);
    }

    @Test
    void path_timezone_underTzdirOrTheDefault() {
        LeapSecondSource zone = new LeapSecondSource.Timezone("right/UTC");
        assertThat(LeapTableFile.path(zone, NO_ENV)).isEqualTo(Path.of("/usr/share/zoneinfo/right/UTC"));
        assertThat(LeapTableFile.path(zone, Map.of("TZDIR", "/opt/tz")::get)).isEqualTo(Path.of("/opt/tz/right/UTC"));
        assertThat(LeapTableFile.path(zone, Map.of("TZDIR", "")::get)).isEqualTo(Path.of("/usr/share/zoneinfo/right/UTC"));
        assertThat(LeapTableFile.path(new LeapSecondSource.ListFile(Path.of("/etc/l.list")), NO_ENV))
                .isEqualTo(Path.of("/etc/l.list"));
    }

    @Test
    void load_list_oneInfoLineWithCountLastAndExpiry() throws IOException {
        Path file = write("leap-seconds.list", resource("leap-seconds.list"));

        Optional<LeapTable> t = load(new LeapSecondSource.ListFile(file), NO_ENV, BEFORE_EXPIRY);

        assertThat(t).hasValueSatisfying(table -> assertThat(table.leaps()).hasSize(27));
        assertThat(infos).containsExactly("leap seconds from leapseclist " + file + ": 27 leap seconds, the last"
                + " inserted at the end of 2016-12-31 (TAI-UTC 37), expires 2026-06-28");
        assertThat(warnings).isEmpty();
    }

    @Test
    void load_expiredList_usedWithAWarningToUpdateIt() throws IOException {
        Path file = write("leap-seconds.list", resource("leap-seconds.list"));

        Optional<LeapTable> t = load(new LeapSecondSource.ListFile(file), NO_ENV, AFTER_EXPIRY);

        assertThat(t).isPresent();
        assertThat(warnings).singleElement().asString().contains("leapseclist " + file + " expired on 2026-06-28")
                .contains("needs an update").contains("still used");
    }

    @Test
    void load_zoneUnderTzdir_read() throws IOException {
        write("zones/right/UTC", resource("right-UTC.tzif"));

        Optional<LeapTable> t = load(new LeapSecondSource.Timezone("right/UTC"),
                Map.of("TZDIR", dir.resolve("zones").toString())::get, AFTER_EXPIRY);

        assertThat(t).hasValueSatisfying(table -> assertThat(table.leaps()).hasSize(27));
        assertThat(infos).singleElement().asString().startsWith("leap seconds from leapsectz right/UTC ("
                + dir.resolve("zones/right/UTC") + "): 27 leap seconds").endsWith("no expiry date");
        assertThat(warnings).isEmpty();
    }

    @Test
    void load_missingFile_ignoredWithAWarningNamingIt() {
        Path missing = dir.resolve("nope.list");

        assertThat(load(new LeapSecondSource.ListFile(missing), NO_ENV, BEFORE_EXPIRY)).isEmpty();

        assertThat(warnings).singleElement().asString().startsWith("leapseclist " + missing + " ignored: cannot read it")
                .contains("NoSuchFileException").endsWith("leap seconds come from the sources only");
        assertThat(infos).isEmpty();
    }

    @Test
    void load_zoneIsADirectory_ignored() throws IOException {
        Files.createDirectories(dir.resolve("right"));

        assertThat(load(new LeapSecondSource.Timezone("right"), Map.of("TZDIR", dir.toString())::get, 0)).isEmpty();
        assertThat(warnings).singleElement().asString().contains("ignored: cannot read it");
    }

    @Test
    void load_damagedList_ignoredSayingTheHashDiffers() throws IOException {
        String text = new String(resource("leap-seconds.list"), StandardCharsets.ISO_8859_1)
                .replace("3692217600      37", "3692217600      38");
        Path file = write("bad.list", text.getBytes(StandardCharsets.ISO_8859_1));

        assertThat(load(new LeapSecondSource.ListFile(file), NO_ENV, BEFORE_EXPIRY)).isEmpty();

        assertThat(warnings).singleElement().asString().startsWith("leapseclist " + file + " ignored: line 120:")
                .contains("SHA-1");
    }

    @Test
    void load_zoneWithoutLeapSeconds_failsTheCheckAndIsIgnored() throws IOException {
        write("UTC", utcWithoutLeaps());

        assertThat(load(new LeapSecondSource.Timezone("UTC"), Map.of("TZDIR", dir.toString())::get, 0)).isEmpty();

        assertThat(warnings).singleElement().asString().contains("leapsectz UTC").contains("failed the leap second check")
                .contains("right/UTC");
    }

    @Test
    void load_hugeFile_notRead() throws IOException {
        Path file = write("huge.list", new byte[LeapTableFile.MAX_BYTES + 1]);

        assertThat(load(new LeapSecondSource.ListFile(file), NO_ENV, 0)).isEmpty();
        assertThat(warnings).singleElement().asString().contains("larger than");
    }

    /** A version 2 TZif of plain UTC: one time type, no transitions, no leap seconds. */
    private static byte[] utcWithoutLeaps() {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(2 * (44 + 10) + 2);
        for (int i = 0; i < 2; i++) {
            b.put("TZif2".getBytes(StandardCharsets.US_ASCII)).put(new byte[15]);
            b.putInt(0).putInt(0).putInt(0).putInt(0).putInt(1).putInt(4);
            b.putInt(0).put((byte) 0).put((byte) 0).put("UTC\0".getBytes(StandardCharsets.US_ASCII));
        }
        b.put((byte) '\n').put((byte) '\n');
        return b.array();
    }
}
