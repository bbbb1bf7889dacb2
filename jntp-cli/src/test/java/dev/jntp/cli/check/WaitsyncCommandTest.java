// 'jntp waitsync' against daemons that synchronise, that never do, that serve only their clock, and none at all.
package dev.jntp.cli.check;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jntp.cli.Cli;
import dev.jntp.daemon.NtpDaemon;
import dev.jntp.proto.LeapIndicator;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class WaitsyncCommandTest {

    @TempDir
    Path tmp;

    @Test
    void waitsync_daemonThatSynchronises_exit0OnceFollowingTheSource() throws IOException {
        Path socket = tmp.resolve("follower.sock");
        try (NtpDaemon leader = CheckDaemons.start(null, "local stratum 5\n");
                NtpDaemon follower = CheckDaemons.start(socket, CheckDaemons.follow(leader))) {
            long start = System.nanoTime();
            Cli r = Cli.run("waitsync", "--socket", socket.toString(), "--timeout", "30", "--interval", "0.2",
                    "--max-offset", "0.1");
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("waitsync succeeded after %.2f s:%n%s", seconds, r.out());

            assertThat(r.exit()).as(r.out() + r.err()).isZero();
            assertThat(follower.health().synchronised()).isTrue();
            assertThat(r.out()).startsWith("try: 1, refid: ").containsPattern("try: \\d+, refid: 7F000001, "
                    + "correction: 0\\.\\d{9}\\n$");
        }
    }

    @Test
    void waitsync_daemonThatNeverSynchronises_exit1AtTheTimeout() throws IOException {
        Path socket = tmp.resolve("unsync.sock");
        try (NtpDaemon d = CheckDaemons.start(socket, "server 127.0.0.1 port " + CheckDaemons.freePort() + "\n")) {
            long start = System.nanoTime();
            Cli r = Cli.run("waitsync", "--socket", socket.toString(), "--timeout", "1", "--interval", "0.2");
            double seconds = (System.nanoTime() - start) / 1e9;

            assertThat(r.exit()).as(r.out()).isEqualTo(1);
            assertThat(seconds).as("seconds waited").isBetween(1.0, 5.0);
            assertThat(r.out()).contains("try: 5, refid: 00000000, correction: 0.000000000, not synchronised");
            assertThat(r.err()).startsWith("jntp waitsync: not synchronised after 1.").contains("tries): not synchronised");
        }
    }

    @Test
    void waitsync_localClockOnly_doesNotCountAsSynchronised() throws IOException {
        Path socket = tmp.resolve("local.sock");
        try (NtpDaemon d = CheckDaemons.start(socket, "local stratum 5\n")) {
            Cli r = Cli.run("waitsync", "--socket", socket.toString(), "--timeout", "0.3", "--interval", "0.1");

            assertThat(r.exit()).isEqualTo(1);
            assertThat(r.out()).contains("refid: local clock, correction: 0.000000000, serving the local clock");
        }
    }

    @Test
    void waitsync_noDaemon_triesUntilTheTimeoutThenExit1() {
        String socket = tmp.resolve("absent.sock").toString();

        Cli r = Cli.run("waitsync", "--socket", socket, "--timeout", "0.5", "--interval", "0.1");

        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out()).startsWith("try: 1, cannot connect to the jntp daemon at " + socket);
        assertThat(r.err()).contains("not synchronised after").contains("cannot connect");
    }

    @Test
    void waitsync_badInterval_usageExit2() {
        Cli r = Cli.run("waitsync", "--interval", "0.01");

        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("--interval 0.1 to 86400 seconds");
    }

    @Test
    void satisfied_chronycRule_referenceAndCorrection() {
        Observation synced = new Observation(true, false, "", -0.05, 3, LeapIndicator.NO_WARNING, 1, 1, 1, "x");
        Observation local = new Observation(false, true, "", 0, 10, LeapIndicator.NO_WARNING, 0, 0, 1, "x");

        assertThat(WaitsyncCommand.satisfied(synced, 0)).as("no bound").isTrue();
        assertThat(WaitsyncCommand.satisfied(synced, 0.1)).isTrue();
        assertThat(WaitsyncCommand.satisfied(synced, 0.01)).as("correction above the bound").isFalse();
        assertThat(WaitsyncCommand.satisfied(local, 0)).as("the local clock is no reference").isFalse();
    }
}
