// Tests the daemon's statistics files over loopback: a client daemon polling another writes chrony's and ntpd's files.
package dev.jntp.daemon;

import static dev.jntp.daemon.TestDaemons.LOOPBACK;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jntp.daemon.stats.LogLines;
import dev.jntp.daemon.stats.StatisticsLog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** An upstream at local stratum 5 and a client polling it 16 times a second, both in monitor mode. */
@Timeout(60)
class NtpDaemonStatisticsTest {

    private static final long DEADLINE_MILLIS = 20_000;

    @TempDir
    Path dir;

    private String client(int upstreamPort) {
        return LOOPBACK + """
                server 127.0.0.1 port %d minpoll -4 maxpoll -4 iburst
                logdir %s
                log rawmeasurements statistics tracking
                statistics loopstats peerstats
                filegen loopstats type none
                filegen peerstats type none
                """.formatted(upstreamPort, dir);
    }

    /** The data lines of a file (no banners); none when it does not exist. */
    private static List<String> data(Path p) {
        try {
            return Files.exists(p) ? Files.readAllLines(p).stream()
                    .filter(l -> !LogLines.isBanner(l)).toList() : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean awaitUntil(BooleanSupplier condition) {
        long deadline = System.nanoTime() + DEADLINE_MILLIS * 1_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                return false;
            }
            LockSupport.parkNanos(20_000_000L);
        }
        return true;
    }

    @Test
    void clientOfLocalStratum5_polling_everyFileHasLinesOfItsLayout() throws IOException {
        try (NtpDaemon upstream = TestDaemons.start(LOOPBACK + "local stratum 5\n")) {
            int port = TestDaemons.boundTo(upstream, "127.0.0.1").getPort();
            try (NtpDaemon daemon = TestDaemons.start(client(port))) {
                assertThat(awaitUntil(() -> data(dir.resolve("tracking.log")).size() >= 3)).as("three clock updates")
                        .isTrue();
            }
        }

        assertThat(Files.readAllLines(dir.resolve("measurements.log")).get(1))
                .isEqualTo(LogLines.MEASUREMENTS_BANNER);
        // date time address leap stratum tests(3) LP RP score offset delay disp rootdelay rootdisp refid mode tx rx
        assertThat(data(dir.resolve("measurements.log"))).isNotEmpty().allSatisfy(l -> assertThat(l).matches(
                "\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d 127\\.0\\.0\\.1 {7}N  5 111 111 1111  -4 -4 +-?\\d\\.\\d\\d"
                        + "( [ -]\\d\\.\\d{3}e[-+]\\d\\d){5} 7F7F0101 4B [DK] [DK]"));
        assertThat(data(dir.resolve("statistics.log"))).isNotEmpty().allSatisfy(l -> assertThat(l).matches(
                "\\S+ \\S+ 127\\.0\\.0\\.1 {6}( [ -]\\d\\.\\d{3}e[-+]\\d\\d){5} \\d\\.\\de[-+]\\d\\d( [ \\d]{2}\\d){3}"
                        + "  0\\.00"));
        assertThat(data(dir.resolve("tracking.log"))).allSatisfy(l -> assertThat(l).matches(
                "\\S+ \\S+ 127\\.0\\.0\\.1 {7} 6 [- \\d]{5}\\d\\.\\d{3} [ \\d]{5,}\\d\\.\\d{3}"
                        + " [ -]\\d\\.\\d{3}e[-+]\\d\\d"
                        + " N  1( [ -]\\d\\.\\d{3}e[-+]\\d\\d){5}"));
        assertThat(data(dir.resolve("peerstats"))).isNotEmpty().allSatisfy(l -> assertThat(l).matches(
                "\\d{5} \\d+\\.\\d{3} 127\\.0\\.0\\.1 [89][0-9a-f]00( -?\\d+\\.\\d{9}){4}"));
        assertThat(data(dir.resolve("loopstats"))).hasSizeGreaterThanOrEqualTo(3).allSatisfy(l -> assertThat(l)
                .matches("\\d{5} \\d+\\.\\d{3} -?\\d+\\.\\d{9} -?\\d+\\.\\d{3} \\d+\\.\\d{9} \\d+\\.\\d{6} -4"));
    }

    @Test
    void rotation_filesRenamedThenReopened_noLineLost() throws IOException {
        Path file = dir.resolve("measurements.log");
        Path rotated = dir.resolve("measurements.log.1");
        long written;
        long dropped;
        try (NtpDaemon upstream = TestDaemons.start(LOOPBACK + "local stratum 5\n")) {
            int port = TestDaemons.boundTo(upstream, "127.0.0.1").getPort();
            NtpDaemon daemon = TestDaemons.start(client(port));
            StatisticsLog log = daemon.statisticsLog();
            try {
                assertThat(awaitUntil(() -> data(file).size() >= 5)).isTrue();
                Files.move(file, rotated);
                daemon.reopenLogs();
                assertThat(awaitUntil(() -> data(file).size() >= 5)).as("lines in the new file").isTrue();
            } finally {
                daemon.close();
            }
            written = log.written();
            dropped = log.dropped();
        }

        long lines = 0;
        for (String name : List.of("measurements.log", "measurements.log.1", "statistics.log", "tracking.log",
                "peerstats", "loopstats")) {
            lines += data(dir.resolve(name)).size();
        }
        assertThat(dropped).isZero();
        assertThat(lines).as("lines in the files").isEqualTo(written);
        assertThat(Files.readAllLines(file).get(1)).as("a banner opens the new file")
                .isEqualTo(LogLines.MEASUREMENTS_BANNER);
    }

    @Test
    void logdirUnderARegularFile_start_failsNamingTheDirectory() throws IOException {
        Path blocker = Files.writeString(dir.resolve("blocker"), "");
        Path logs = blocker.resolve("jntp");

        assertThatThrownBy(() -> TestDaemons.start(LOOPBACK + "local stratum 5\nlogdir " + logs + "\nlog tracking\n"))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("cannot create the statistics log directory " + logs);
    }
}
