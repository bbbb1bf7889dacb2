// 'jntp check' end to end in process: real jntp daemons on loopback (socket and wire), a scripted ntpd, usage errors.
package dev.jntp.cli.check;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jntp.cli.Cli;
import dev.jntp.daemon.NtpDaemon;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** One leader (local stratum 5) and one follower synchronised to it, shared by the tests. */
@Timeout(60)
class CheckCommandTest {

    /** The follower needs a few polls at 0.25 to 1 s. */
    private static final long SYNC_MILLIS = 30_000;

    @TempDir
    static Path tmp;

    private static NtpDaemon leader;
    private static NtpDaemon follower;
    private static Path leaderSocket;
    private static Path followerSocket;

    @BeforeAll
    static void daemons() throws IOException {
        leaderSocket = tmp.resolve("leader.sock");
        followerSocket = tmp.resolve("follower.sock");
        leader = CheckDaemons.start(leaderSocket, "local stratum 5\n");
        follower = CheckDaemons.start(followerSocket, CheckDaemons.follow(leader));
        boolean synced = CheckDaemons.await(SYNC_MILLIS, () -> follower.health().synchronised());
        assertThat(synced).as("follower synchronised: %s", follower.health()).isTrue();
    }

    @AfterAll
    static void stop() {
        follower.close();
        leader.close();
    }

    private static String leaderAddress() {
        return "127.0.0.1:" + leader.localAddresses().getFirst().getPort();
    }

    @Test
    void daemon_synchronisedFollower_okExit0WithSourcesAndStratum() {
        Cli r = Cli.run("check", "--socket", followerSocket.toString());

        assertThat(r.exit()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).matches("OK: NTP healthy - offset=-?0\\.\\d{9}s \\(-?0ms\\), sources=1, stratum=6 \\| "
                + "offset=-?0\\.\\d{9}s;0\\.1;1 sources=1;;;0 stratum=6;;;0;16 last_update=\\d+s;3600;14400;0\\n");
    }

    @Test
    void daemon_localClockOnly_okExit0SaysLocalClock() {
        Cli r = Cli.run("check", "--socket", leaderSocket.toString());

        assertThat(r.exit()).as(r.out()).isZero();
        assertThat(r.out()).startsWith("OK: NTP healthy (local clock) - offset=0.000000000s (0ms), sources=0, stratum=5 | ");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "-W 5           | 1 | WARNING: stratum 6 above 5 - ",
        "-C 5           | 2 | CRITICAL: stratum 6 above 5 - ",
        "-m 2:          | 1 | WARNING: 1 reachable sources below 2 - ",
        "-n 2:          | 2 | CRITICAL: 1 reachable sources below 2 - ",
        "-w @0:1 -c 10  | 1 | WARNING: offset ",
        "-W 5 -q        | 1 | WARNING: stratum 6 above 5 - ",
    })
    void daemon_thresholdBroken_stateExitAndReason(String options, int exit, String start) {
        List<String> args = new java.util.ArrayList<>(List.of("check", "--socket", followerSocket.toString()));
        args.addAll(List.of(options.strip().split(" +")));

        Cli r = Cli.run(args.toArray(String[]::new));

        assertThat(r.exit()).as(r.out()).isEqualTo(exit);
        assertThat(r.out()).startsWith(start);
    }

    @Test
    void daemon_unsynchronised_criticalExit2_quietUnknown_leapAlarmWarning() throws IOException {
        Path socket = tmp.resolve("unsync.sock");
        try (NtpDaemon d = CheckDaemons.start(socket, "server 127.0.0.1 port " + CheckDaemons.freePort() + "\n")) {
            Cli r = Cli.run("check", "--socket", socket.toString());
            Cli quiet = Cli.run("check", "-q", "--socket", socket.toString());
            Cli lowered = Cli.run("check", "--leap-alarm", "warning", "--socket", socket.toString());

            assertThat(r.exit()).as(r.out()).isEqualTo(2);
            assertThat(r.out()).startsWith("CRITICAL: not synchronised (").contains("leap alarm - ")
                    .contains("sources=0, stratum=16 | ");
            assertThat(quiet.exit()).isEqualTo(3);
            assertThat(quiet.out()).startsWith("UNKNOWN: not synchronised");
            assertThat(lowered.exit()).isEqualTo(1);
        }
    }

    @Test
    void daemon_localFallbackWhileSourceUnreachable_warningExit1() throws IOException {
        Path socket = tmp.resolve("fallback.sock");
        try (NtpDaemon d = CheckDaemons.start(socket,
                "local stratum 8\nserver 127.0.0.1 port " + CheckDaemons.freePort() + " minpoll -2 maxpoll 0\n")) {
            boolean local = CheckDaemons.await(10_000, () -> d.health().localReference());
            assertThat(local).as("local reference active: %s", d.health()).isTrue();

            Cli r = Cli.run("check", "--socket", socket.toString());

            assertThat(r.exit()).as(r.out()).isEqualTo(1);
            assertThat(r.out()).startsWith("WARNING: no usable source, serving the local clock - ")
                    .contains("sources=0, stratum=8 | ");
        }
    }

    @Test
    void daemon_notRunning_criticalExit2NamesSocket_quietUnknownExit3() {
        String socket = tmp.resolve("absent.sock").toString();

        Cli r = Cli.run("check", "--socket", socket);
        Cli quiet = Cli.run("check", "--socket", socket, "-q");

        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.out()).startsWith("CRITICAL: cannot connect to the jntp daemon at " + socket).doesNotContain("|");
        assertThat(quiet.exit()).isEqualTo(3);
        assertThat(quiet.out()).startsWith("UNKNOWN: cannot connect");
    }

    @Test
    void daemon_json_stateAndFigures() {
        Cli r = Cli.run("check", "--socket", followerSocket.toString(), "--json");

        assertThat(r.exit()).isZero();
        assertThat(r.out()).startsWith("{").contains("\"state\" : \"OK\"", "\"exit_code\" : 0", "\"stratum\" : 6",
                "\"reachable\" : 1", "\"synchronised\" : true", "\"offset\" : ", "\"perfdata\" : \"offset=");
    }

    @Test
    void server_jntpOverTheWire_okExit0WithoutSourceCount() {
        Cli r = Cli.run("check", "--server", leaderAddress());

        assertThat(r.exit()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).startsWith("OK: NTP healthy - offset=").contains("(0ms), stratum=5 | ")
                .doesNotContain("sources=");
    }

    @Test
    void server_nothingListening_criticalExit2() throws IOException {
        Cli r = Cli.run("check", "--server", "127.0.0.1:" + CheckDaemons.freePort(), "-t", "1", "--count", "1");

        assertThat(r.exit()).as(r.out()).isEqualTo(2);
        assertThat(r.out()).startsWith("CRITICAL: NTP server 127.0.0.1 port ");
    }

    @Test
    void ntpd_scriptedMode6_okLineWithAssociationsFromReadstat() throws Exception {
        try (ScriptedMode6Server ntpd = new ScriptedMode6Server(ScriptedMode6Server.ntpd(0x0618,
                ScriptedMode6Server.NTPD_VARIABLES, ScriptedMode6Server.NTPD_PEERS))) {
            Cli r = Cli.run("check", "--ntpd", "127.0.0.1:" + ntpd.port());
            Cli few = Cli.run("check", "--ntpd", "127.0.0.1:" + ntpd.port(), "-m", "3:");

            assertThat(r.exit()).as(r.out() + r.err()).isZero();
            assertThat(r.out()).isEqualTo("OK: NTP healthy - offset=0.000000776s (0ms), sources=2, stratum=2"
                    + " | offset=0.000000776s;0.1;1 sources=2;;;0 stratum=2;;;0;16 last_update=64s;3600;14400;0\n");
            assertThat(few.exit()).isEqualTo(1);
            assertThat(few.out()).startsWith("WARNING: 2 reachable sources below 3 - ");
        }
    }

    @Test
    void ntpd_leapAlarmInSystemStatus_criticalExit2() throws Exception {
        try (ScriptedMode6Server ntpd = new ScriptedMode6Server(ScriptedMode6Server.ntpd(0xC618,
                "leap=11, stratum=16, offset=0.0, refid=INIT, reftime=0x00000000.00000000, clock=0xe5f1a2f3.0",
                6699, 0x8011))) {
            Cli r = Cli.run("check", "--ntpd", "127.0.0.1:" + ntpd.port());

            assertThat(r.exit()).as(r.out()).isEqualTo(2);
            assertThat(r.out()).startsWith("CRITICAL: not synchronised (ntpd says so: leap 3, stratum 16), leap alarm"
                    + " - offset=0.000000000s (0ms), sources=0, stratum=16 | ");
        }
    }

    @Test
    void ntpd_refusesQueries_criticalExit2WithReason() throws Exception {
        try (ScriptedMode6Server ntpd = new ScriptedMode6Server(r -> List.of(ScriptedMode6Server.response(
                r.opcode(), r.sequence(), 7 << 8, 0, 0, false, true, new byte[0])))) {
            Cli r = Cli.run("check", "--ntpd", "127.0.0.1:" + ntpd.port());

            assertThat(r.exit()).isEqualTo(2);
            assertThat(r.out()).startsWith("CRITICAL: ntpd at 127.0.0.1 port ")
                    .contains("refused the request: administratively prohibited");
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "-w abc                        | range 'abc'",
        "-c 20:10                      | start 20 is above end 10",
        "--server 127.0.0.1 -m 1:      | need --socket or --ntpd",
        "--socket /x --server 1.2.3.4  | mutually exclusive",
        "--leap-alarm ok               | --leap-alarm must be CRITICAL or WARNING",
        "-t 0                          | --timeout must be",
        "--server [::1                 | missing ']'",
    })
    void usageError_unknownExit3(String options, String message) {
        Cli r = Cli.run(("check " + options.strip()).split(" +"));

        assertThat(r.exit()).as(r.out() + r.err()).isEqualTo(3);
        assertThat(r.err()).contains(message.strip());
    }
}
