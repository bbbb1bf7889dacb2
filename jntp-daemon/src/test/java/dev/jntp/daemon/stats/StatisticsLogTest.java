// Tests the statistics files: what goes where, banners, daily files, reopening after a rename, drops, and start errors.
package dev.jntp.daemon.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jntp.config.StatsLogs;
import dev.jntp.config.StatsLogs.ChronyLog;
import dev.jntp.config.StatsLogs.FileGen;
import dev.jntp.config.StatsLogs.GenType;
import dev.jntp.config.StatsLogs.NtpStats;
import dev.jntp.daemon.sync.SyncService.SourceView;
import dev.jntp.engine.sync.ClockUpdate;
import dev.jntp.engine.sync.Measurement;
import dev.jntp.engine.sync.PacketTest;
import dev.jntp.engine.sync.Regression;
import dev.jntp.engine.sync.SourceSnapshot;
import dev.jntp.engine.sync.SourceState;
import dev.jntp.engine.sync.SystemState;
import dev.jntp.engine.sync.TestVerdicts;
import dev.jntp.proto.LeapIndicator;
import dev.jntp.proto.ReferenceId;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(30)
class StatisticsLogTest {

    /** 2026-01-01T12:00:00Z. */
    private static final long NOON = 1_767_268_800L * 1_000_000_000L;
    private static final long DAY = 86_400L * 1_000_000_000L;

    @TempDir
    Path dir;

    private static final SourceView SOURCE = new SourceView(new SourceSnapshot(0, "ntp1", SourceState.SELECTED, 2, 6,
            0377, 1e-4, 1e-4, 0.02, 1e-5, 8, TestVerdicts.ALL_PASSED, null),
            new InetSocketAddress(InetAddress.ofLiteral("192.0.2.7"), 123));

    private static Measurement measurement(long at, TestVerdicts verdicts) {
        return new Measurement(at, LeapIndicator.NO_WARNING, 2, 6, ReferenceId.LOCAL, verdicts, 6, 0, 1e-4, 0.02,
                1e-6, 1e-3, 1e-3, verdicts.passed());
    }

    private static final Regression REGRESSION = new Regression(NOON, 1e-5, 1e-4, 1e-6, 1e-8, 1e-7, 0.1, 8, 0, 4);

    private static final SystemState STATE = new SystemState(true, 3, ReferenceId.LOCAL, NOON, 1e-4, 1e-5, 12.5, 0.01,
            2e-3, 1e-3, LeapIndicator.NO_WARNING, 0, "", 4);

    private StatsLogs config(Set<ChronyLog> chrony, int banner, List<FileGen> gens) {
        return new StatsLogs(dir, chrony, banner, gens, false);
    }

    private static List<String> lines(Path p) throws IOException {
        return Files.readAllLines(p);
    }

    /** The lines of a chrony file without its banners. */
    private static List<String> data(Path p) throws IOException {
        return lines(p).stream().filter(l -> !LogLines.isBanner(l)).toList();
    }

    @Test
    void everyFile_oneReplyAndOneUpdate_eachFileGetsItsLine() throws IOException {
        StatsLogs c = config(Set.of(ChronyLog.MEASUREMENTS, ChronyLog.STATISTICS, ChronyLog.TRACKING), 32,
                List.of(new FileGen(NtpStats.PEERSTATS, "peerstats", GenType.NONE, true),
                        new FileGen(NtpStats.LOOPSTATS, "loops", GenType.NONE, true)));
        try (StatisticsLog log = StatisticsLog.open(c, NOON)) {
            assertThat(log.files()).containsExactly(dir.resolve("measurements.log"), dir.resolve("statistics.log"),
                    dir.resolve("tracking.log"), dir.resolve("peerstats"), dir.resolve("loops"));
            log.reply(SOURCE, measurement(NOON, TestVerdicts.ALL_PASSED), REGRESSION, true, true);
            log.clockUpdate(STATE, new ClockUpdate(NOON, 1, 1e-5, 0, false), SOURCE);
        }

        assertThat(lines(dir.resolve("measurements.log"))).hasSize(4).startsWith(
                LogLines.banner(LogLines.MEASUREMENTS_BANNER));
        assertThat(data(dir.resolve("measurements.log"))).singleElement().asString()
                .startsWith("2026-01-01 12:00:00 192.0.2.7       N  2 111 111 1111   6  6 0.00  1.000e-04");
        assertThat(data(dir.resolve("statistics.log"))).singleElement().asString()
                .startsWith("2026-01-01 12:00:00 192.0.2.7        1.000e-05 -1.000e-04");
        assertThat(data(dir.resolve("tracking.log"))).singleElement().asString()
                .startsWith("2026-01-01 12:00:00 192.0.2.7        3    -12.500      0.010 -1.000e-04 N  1");
        assertThat(lines(dir.resolve("peerstats"))).singleElement().asString()
                .startsWith("61041 43200.000 192.0.2.7 9600 ");
        assertThat(lines(dir.resolve("loops"))).singleElement().asString().isEqualTo(
                "61041 43200.000 0.000100000 12.500 0.000010000 0.010000 6");
    }

    @Test
    void measurements_replyFailingRfcTest_onlyInRawMeasurements() throws IOException {
        Measurement unsynced = measurement(NOON, new TestVerdicts(Set.of(PacketTest.SYNCHRONISED)));
        Measurement slow = measurement(NOON, new TestVerdicts(Set.of(PacketTest.MAX_DELAY)));
        for (ChronyLog kind : List.of(ChronyLog.MEASUREMENTS, ChronyLog.RAW_MEASUREMENTS)) {
            Path file = dir.resolve("measurements.log");
            Files.deleteIfExists(file);
            try (StatisticsLog log = StatisticsLog.open(config(Set.of(kind), 32, List.of()), NOON)) {
                log.reply(SOURCE, unsynced, null, false, false);
                log.reply(SOURCE, slow, null, false, false);
                log.reply(SOURCE, null, null, false, false); // a kiss-o'-death: nothing measured
            }
            // chrony's 'measurements' keeps replies that passed tests 1 to 7, even when a later test failed.
            assertThat(data(file)).as("%s", kind).hasSize(kind == ChronyLog.MEASUREMENTS ? 1 : 2);
        }
    }

    @Test
    void banner_everyThreeLines_repeatedBeforeLinesOneFourAndSeven() throws IOException {
        try (StatisticsLog log = StatisticsLog.open(config(Set.of(ChronyLog.TRACKING), 3, List.of()), NOON)) {
            for (int i = 0; i < 7; i++) {
                log.clockUpdate(STATE, new ClockUpdate(NOON + i, 1, 0, 0, false), SOURCE);
            }
        }

        List<String> l = lines(dir.resolve("tracking.log"));
        assertThat(l).hasSize(7 + 3 * 3);
        assertThat(List.of(l.get(1), l.get(7), l.get(13))).containsOnly(LogLines.TRACKING_BANNER);
    }

    @Test
    void banner_zero_never() throws IOException {
        try (StatisticsLog log = StatisticsLog.open(config(Set.of(ChronyLog.TRACKING), 0, List.of()), NOON)) {
            log.clockUpdate(STATE, new ClockUpdate(NOON, 1, 0, 0, false), SOURCE);
        }

        assertThat(lines(dir.resolve("tracking.log"))).hasSize(1);
    }

    @Test
    void filegenTypeDay_linesOfTwoDays_oneFileADayAndTheLinkOnTheLatest() throws IOException {
        StatsLogs c = config(Set.of(), 0, List.of(new FileGen(NtpStats.LOOPSTATS, "loopstats", GenType.DAY, true)));
        try (StatisticsLog log = StatisticsLog.open(c, NOON)) {
            log.clockUpdate(STATE, new ClockUpdate(NOON, 1, 0, 0, false), SOURCE);
            log.clockUpdate(STATE, new ClockUpdate(NOON + DAY, 1, 0, 0, false), SOURCE);
        }

        assertThat(lines(dir.resolve("loopstats.20260101"))).singleElement().asString().startsWith("61041 ");
        assertThat(lines(dir.resolve("loopstats.20260102"))).singleElement().asString().startsWith("61042 ");
        assertThat(Files.isSameFile(dir.resolve("loopstats"), dir.resolve("loopstats.20260102"))).isTrue();
    }

    /**
     * logrotate's way without copytruncate: the file is renamed while the daemon writes, then
     * SIGHUP. Lines keep going to the renamed file until the reopen, then to a new file: together
     * they hold every line, in order.
     */
    @Test
    void reopen_fileRenamedWhileLinesArrive_everyLineInTheOldOrTheNewFileInOrder() throws Exception {
        int total = 20_000;
        Path file = dir.resolve("tracking.log");
        Path rotated = dir.resolve("tracking.log.1");
        try (StatisticsLog log = StatisticsLog.open(config(Set.of(ChronyLog.TRACKING), 0, List.of()), NOON, total,
                true)) {
            Thread producer = Thread.ofPlatform().start(() -> {
                for (int i = 0; i < total; i++) {
                    log.clockUpdate(STATE, new ClockUpdate(NOON + i * 1_000_000_000L, i, 0, 0, false), SOURCE);
                }
            });
            boolean some = within(10_000, () -> log.written() > 0);
            assertThat(some).isTrue();
            Files.move(file, rotated);
            log.reopen();
            producer.join(20_000);
            assertThat(within(10_000, () -> log.written() == total)).as("written %d", log.written()).isTrue();
            assertThat(log.dropped()).isZero();
        }

        List<String> all = new java.util.ArrayList<>(lines(rotated));
        all.addAll(lines(file));
        assertThat(all).hasSize(total);
        for (int i = 0; i < total; i++) {
            // The 'Co' column carries the line's number.
            assertThat(all.get(i).split(" +")[8]).as("line %d", i).isEqualTo(String.valueOf(i));
        }
        assertThat(lines(file)).as("lines after the reopen").isNotEmpty();
    }

    @Test
    void queueFull_writerStalled_linesDroppedAndCounted() throws IOException {
        try (StatisticsLog log = StatisticsLog.open(config(Set.of(ChronyLog.TRACKING), 0, List.of()), NOON, 2,
                false)) {
            for (int i = 0; i < 5; i++) {
                log.clockUpdate(STATE, new ClockUpdate(NOON, 1, 0, 0, false), SOURCE);
            }
            assertThat(log.dropped()).isEqualTo(3);
            log.start();
            assertThat(within(10_000, () -> log.written() == 2)).isTrue();
        }
        assertThat(lines(dir.resolve("tracking.log"))).hasSize(2);
    }

    @Test
    void missingDirectory_created() throws IOException {
        Path deep = dir.resolve("var/log/jntp");
        try (StatisticsLog log = StatisticsLog.open(new StatsLogs(deep, Set.of(ChronyLog.TRACKING), 32, List.of(),
                false), NOON)) {
            assertThat(log.files()).containsExactly(deep.resolve("tracking.log"));
        }

        assertThat(Files.isDirectory(deep)).isTrue();
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(deep)))
                .isEqualTo("rwxr-xr-x");
        assertThat(Files.exists(deep.resolve("tracking.log"))).isTrue();
    }

    @Test
    void directoryUnderAFile_cannotBeCreated_errorNamesItWithAFix() throws IOException {
        Path file = Files.writeString(dir.resolve("not-a-dir"), "x");
        Path logs = file.resolve("jntp");

        assertThatThrownBy(() -> StatisticsLog.open(new StatsLogs(logs, Set.of(ChronyLog.TRACKING), 32, List.of(),
                false), NOON)).isInstanceOf(IOException.class)
                .hasMessageContaining("cannot create the statistics log directory " + logs)
                .hasMessageContaining("fix:");
    }

    @Test
    void logdirIsAFile_errorNamesIt() throws IOException {
        Path file = Files.writeString(dir.resolve("jntp"), "x");

        assertThatThrownBy(() -> StatisticsLog.open(new StatsLogs(file, Set.of(ChronyLog.TRACKING), 32, List.of(),
                false), NOON)).isInstanceOf(IOException.class)
                .hasMessageContaining("the statistics log directory " + file + " is not a directory");
    }

    @Test
    void logFileIsADirectory_errorNamesTheFile() throws IOException {
        Files.createDirectory(dir.resolve("tracking.log"));

        assertThatThrownBy(() -> StatisticsLog.open(config(Set.of(ChronyLog.TRACKING), 32, List.of()), NOON))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("the statistics log directory " + dir.resolve("tracking.log"))
                .hasMessageContaining("not writable");
    }

    /** Waits for {@code condition} at most {@code millis}; polls every 10 ms. */
    private static boolean within(long millis, java.util.function.BooleanSupplier condition) {
        long deadline = System.nanoTime() + millis * 1_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            java.util.concurrent.locks.LockSupport.parkNanos(10_000_000L);
        }
        return true;
    }
}
