// Runs every status command and every runtime change over the control socket of a real daemon synchronised to a loopback upstream.
package dev.jntp.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jntp.daemon.control.ControlClient;
import dev.jntp.daemon.control.ControlProtocol;
import dev.jntp.daemon.sync.Resolution;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two upstreams serve this host's clock at stratum 1 on 127.0.0.9 and 127.0.0.10 (one port); each
 * test starts a monitor-mode client polling every half second with a control socket in a fresh
 * directory, and talks to it as {@code jntp} does ({@link ControlClient}). Waits are bounded and
 * poll every 20 ms.
 */
@Timeout(90)
class StatusCommandsDaemonTest {

    private static final long WAIT_MILLIS = 20_000;
    private static final String UP1 = "127.0.0.9";
    private static final String UP2 = "127.0.0.10";

    private static int port;
    private static Path upSocket;
    private static NtpDaemon up1;
    private static NtpDaemon up2;

    @TempDir
    Path tmp;

    @BeforeAll
    static void upstreams(@TempDir Path dir) throws IOException {
        port = TestDaemons.freePort();
        upSocket = dir.resolve("up.sock");
        up1 = NtpDaemon.start(TestDaemons.config("port " + port + "\nbindaddress " + UP1 + "\nallow 127.0.0.0/8\n"
                + "bindcmdaddress " + upSocket + "\nlocal stratum 1\n"));
        up2 = NtpDaemon.start(TestDaemons.config("port " + port + "\nbindaddress " + UP2 + "\nallow 127.0.0.0/8\n"
                + "bindcmdaddress /\nlocal stratum 1\n"));
    }

    @AfterAll
    static void stop() {
        up1.close();
        up2.close();
    }

    /** Names the tests resolve: upstream.test is the first upstream, slow.test never answers in time. */
    private static InetAddress[] resolve(String name) throws UnknownHostException {
        return switch (name) {
            case "upstream.test" -> new InetAddress[] {InetAddress.ofLiteral(UP1)};
            case "second.test" -> new InetAddress[] {InetAddress.ofLiteral(UP2)};
            default -> InetAddress.getAllByName(name);
        };
    }

    /** A client with a control socket at {@code tmp/cl.sock} and these extra lines. */
    private NtpDaemon client(String lines) throws IOException {
        return NtpDaemon.start(TestDaemons.config("port 0\nbindcmdaddress " + socket() + "\n" + lines), true,
                new Resolution(StatusCommandsDaemonTest::resolve, Duration.ofMillis(300), Duration.ofSeconds(2)));
    }

    private String server(String address, String options) {
        return "server " + address + " port " + port + " iburst minpoll -1 maxpoll -1 " + options + "\n";
    }

    private Path socket() {
        return tmp.resolve("cl.sock");
    }

    private Map<String, Object> call(String command, String... args)
            throws IOException, ControlProtocol.ControlException {
        return ControlClient.call(socket(), command, List.of(args));
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> rows(Map<String, Object> data, String key) {
        return (List<Map<String, Object>>) data.get(key);
    }

    private List<Map<String, Object>> sources() throws Exception {
        return rows(call("sources"), "sources");
    }

    private Map<String, Object> source(String address) throws Exception {
        List<Map<String, Object>> all = sources();
        return all.stream().filter(s -> address.equals(s.get("address"))).findFirst()
                .orElseThrow(() -> new AssertionError("no source " + address + " in " + all));
    }

    private static long number(Map<String, Object> m, String key) {
        return ((Number) m.get(key)).longValue();
    }

    /** A condition that may throw (a control call): false until it holds without throwing. */
    private interface Check {
        boolean holds() throws Exception;
    }

    /** Polls {@code c} every 20 ms for at most {@link #WAIT_MILLIS}. */
    private static boolean await(Check c) {
        long deadline = System.nanoTime() + WAIT_MILLIS * 1_000_000L;
        while (true) {
            try {
                if (c.holds()) {
                    return true;
                }
            } catch (Exception e) {
                // not yet
            }
            if (System.nanoTime() - deadline > 0) {
                return false;
            }
            LockSupport.parkNanos(20_000_000L);
        }
    }

    private static boolean synced(NtpDaemon d) {
        return d.tracking().synchronised();
    }

    @Test
    void statusCommands_clientSynchronisedToAnUpstream_eachReportsWhatTheDaemonPublished() throws Exception {
        try (NtpDaemon d = client(server(UP1, ""))) {
            assertThat(await(() -> synced(d) && d.tracking().updateInterval() > 0)).as("synchronises").isTrue();

            Map<String, Object> s = source(UP1);
            assertThat(s).containsEntry("symbol", "*").containsEntry("state", "selected").containsEntry("stratum", 1L)
                    .containsEntry("mode", "server").containsEntry("refid", "127.127.1.1")
                    .containsEntry("reference_id", "7F7F0101").containsEntry("port", (long) port)
                    .containsEntry("online", true);
            assertThat(number(s, "reach")).isPositive();
            assertThat(((Number) s.get("last_rx_seconds")).doubleValue()).isBetween(0.0, 5.0);
            assertThat(Math.abs(((Number) s.get("adjusted_offset")).doubleValue())).isLessThan(0.01);
            assertThat(((Number) s.get("error")).doubleValue()).isPositive().isLessThan(0.01);

            Map<String, Object> st = rows(call("sourcestats"), "sources").getFirst();
            assertThat(number(st, "samples")).isGreaterThanOrEqualTo(2);
            assertThat(number(st, "runs")).isBetween(1L, number(st, "samples"));
            assertThat(((Number) st.get("span_seconds")).doubleValue()).isPositive();
            assertThat(st).containsKeys("frequency_ppm", "skew_ppm", "offset", "std_dev");

            Map<String, Object> nd = rows(call("ntpdata", UP1), "sources").getFirst();
            assertThat(nd).containsEntry("stratum", 1L).containsEntry("local_address", "127.0.0.1")
                    .containsEntry("remote_reference_id", "7F000009").containsEntry("leap_status", "Normal")
                    .containsEntry("version", 4L).containsEntry("tests_bits", "111 111 1111")
                    .containsEntry("reference_id", "7F7F0101").containsEntry("reference_name", "");
            assertThat(rows(nd, "tests")).hasSize(10).allSatisfy(t -> assertThat(t).containsEntry("passed", true));
            assertThat(number(nd, "total_good_rx")).isPositive().isLessThanOrEqualTo(number(nd, "total_valid_rx"));
            assertThat(number(nd, "total_tx")).isGreaterThanOrEqualTo(number(nd, "total_rx"));
            assertThat(((Number) nd.get("response_time")).doubleValue()).isBetween(0.0, 0.1);
            assertThatThrownBy(() -> call("ntpdata", "192.0.2.77")).hasMessageContaining("no source 192.0.2.77");

            Map<String, Object> activity = call("activity");
            assertThat(activity).containsEntry("offline", 0L).containsEntry("unresolved", 0L);
            assertThat(number(activity, "online") + number(activity, "burst_online")).as("online, or still in its iburst")
                    .isEqualTo(1);

            Map<String, Object> t = ControlClient.call(socket(), "tracking");
            assertThat(t).containsEntry("reference_name", UP1).containsEntry("reference_id", "7F000009");
            assertThat(((Number) t.get("update_interval")).doubleValue()).isBetween(0.1, 5.0);
            assertThat(t).containsKey("residual_frequency_ppm");
        }

        Map<String, Object> clients = ControlClient.call(upSocket, "clients", List.of());
        assertThat(rows(clients, "clients")).anySatisfy(c -> {
            assertThat(c).containsEntry("address", "127.0.0.1").containsEntry("ntp_drops", 0L);
            assertThat(number(c, "ntp_requests")).isGreaterThanOrEqualTo(3);
            assertThat(((Number) c.get("last_seconds_ago")).doubleValue()).isLessThan(60);
        });
        assertThat(number(clients, "capacity")).isEqualTo(16_384);
        Map<String, Object> stats = ControlClient.call(upSocket, "serverstats", List.of());
        assertThat(number(stats, "ntp_packets_received")).isGreaterThanOrEqualTo(number(stats, "answered"))
                .isGreaterThanOrEqualTo(3);
        assertThat(number(stats, "command_requests_received")).isGreaterThanOrEqualTo(2);
        assertThat(stats).containsKeys("ntp_packets_dropped", "client_log_records_dropped", "denied", "malformed");
    }

    @Test
    void offlineThenOnline_noRequestsWhileOfflinePollingAgainAfter() throws Exception {
        try (NtpDaemon d = client(server(UP1, ""))) {
            assertThat(await(() -> synced(d))).isTrue();

            assertThat(call("offline", UP1).get("message")).isEqualTo("offline: source 0");
            assertThat(call("activity")).containsEntry("online", 0L).containsEntry("offline", 1L);
            long sent = number(rows(call("ntpdata"), "sources").getFirst(), "total_tx");
            long until = System.nanoTime() + 1_500_000_000L;
            assertThat(await(() -> System.nanoTime() > until)).isTrue();
            assertThat(number(rows(call("ntpdata"), "sources").getFirst(), "total_tx")).as("polls every 0.5 s when"
                    + " online").isLessThanOrEqualTo(sent + 1);
            assertThat(source(UP1)).containsEntry("online", false);

            call("online");
            assertThat(await(() -> number(rows(call("ntpdata"), "sources").getFirst(), "total_tx") >= sent + 3))
                    .isTrue();
            assertThat(call("activity")).containsEntry("offline", 0L);
            assertThatThrownBy(() -> call("offline", "192.0.2.1")).hasMessageContaining("no source 192.0.2.1");
        }
    }

    @Test
    void burst_slowlyPolledSource_requestsTwoSecondsApartAtMost() throws Exception {
        try (NtpDaemon d = client("server " + UP1 + " port " + port + " iburst minpoll 0 maxpoll 5\n")) {
            assertThat(await(() -> synced(d))).isTrue();
            long sent = number(rows(call("ntpdata"), "sources").getFirst(), "total_tx");

            assertThat(call("burst").get("message")).isEqualTo("burst: source 0");

            assertThat(await(() -> number(rows(call("ntpdata"), "sources").getFirst(), "total_tx") >= sent + 3))
                    .as("a burst sends a request a second (minpoll 0)").isTrue();
        }
    }

    @Test
    void addAndDelete_secondUpstreamByNameThenByAddress_sourcesFollow() throws Exception {
        try (NtpDaemon d = client(server(UP1, ""))) {
            assertThat(await(() -> synced(d))).isTrue();

            Map<String, Object> added = call("add", "server", "second.test", "port", String.valueOf(port), "iburst",
                    "minpoll", "-1", "maxpoll", "-1");
            assertThat(added.get("message")).isEqualTo("server second.test added as source 1");
            assertThat(await(() -> number(source(UP2), "reach") > 0)).isTrue();
            assertThat(source(UP2)).containsEntry("name", "second.test");
            assertThatThrownBy(() -> call("add", "server", UP2, "port", String.valueOf(port)))
                    .hasMessageContaining("already a source");
            assertThatThrownBy(() -> call("add", "server", "x.test", "frob"))
                    .hasMessageContaining("unknown option 'frob'");
            assertThatThrownBy(() -> call("add", "peer", "x.test")).hasMessageContaining("'peer' is not supported");

            assertThat(call("delete", UP1).get("message")).isEqualTo("deleted source 0");
            assertThat(sources()).extracting(s -> s.get("address")).containsExactly(UP2);
            assertThat(await(() -> synced(d) && d.tracking().referenceId().equals("7F00000A")))
                    .as("follows the second upstream").isTrue();
            assertThat(call("delete", "second.test").get("message")).isEqualTo("deleted source 1");
            assertThat(sources()).isEmpty();
            assertThatThrownBy(() -> call("delete", UP1)).hasMessageContaining("no source " + UP1);
        }
    }

    @Test
    void add_nameThatDoesNotResolve_acceptedAndLeftToTheKeeper() throws Exception {
        try (NtpDaemon d = client(server(UP1, ""))) {
            Map<String, Object> r = call("add", "server", "nowhere.invalid", "port", String.valueOf(port));

            assertThat(r.get("message")).isEqualTo("server nowhere.invalid added; its name has not resolved yet,"
                    + " jntp keeps trying");
            assertThat(await(() -> number(call("activity"), "unresolved") == 1)).isTrue();
            call("delete", "nowhere.invalid");
            assertThat(await(() -> number(call("activity"), "unresolved") == 0)).isTrue();
        }
    }

    @Test
    void makestep_monitorMode_answersWithTheStepTaken() throws Exception {
        try (NtpDaemon d = client(server(UP1, ""))) {
            assertThat(await(() -> synced(d))).isTrue();

            Map<String, Object> r = call("makestep");

            assertThat(r).containsEntry("monitor_mode", true);
            assertThat(Math.abs(((Number) r.get("step_seconds")).doubleValue())).isLessThan(0.01);
        }
    }

    @Test
    void reloadSources_fileEditedUnderARunningDaemon_newLinesAddedVanishedRemovedBadLinesNamed() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("sources.d"));
        Files.writeString(dir.resolve("eth0.sources"), server(UP1, ""));
        try (NtpDaemon d = client("sourcedir " + dir + "\n")) {
            assertThat(await(() -> synced(d))).as("the sourcedir's server is used from the start").isTrue();
            assertThat(call("reload", "sources").get("message").toString()).contains("0 line(s) added, 0 removed")
                    .contains("1 unchanged");

            Files.delete(dir.resolve("eth0.sources"));
            Files.writeString(dir.resolve("wlan0.sources"), server(UP2, "") + "frob\n");
            Map<String, Object> r = call("reload", "sources");

            assertThat(r.get("message").toString()).contains("1 line(s) added, 1 removed (1 source(s)), 0 unchanged");
            assertThat((List<?>) r.get("problems")).singleElement().asString()
                    .startsWith(dir.resolve("wlan0.sources") + ":2: 'frob' does not belong");
            assertThat(sources()).extracting(s -> s.get("address")).containsExactly(UP2);
            assertThat(await(() -> synced(d) && d.tracking().referenceId().equals("7F00000A"))).isTrue();
            assertThatThrownBy(() -> call("reload", "everything")).hasMessageContaining("reload sources");
        }
    }

    @Test
    void changes_daemonWithoutSources_refusedStatusStillAnswered() throws Exception {
        try (NtpDaemon d = client("local stratum 5\n")) {
            assertThatThrownBy(() -> call("add", "server", UP1)).hasMessageContaining("does not synchronise");
            assertThatThrownBy(() -> call("reload", "sources")).hasMessageContaining("does not synchronise");
            assertThat(rows(call("sources"), "sources")).isEmpty();
            assertThat(call("activity")).containsEntry("online", 0L);
        }
    }

    @Test
    void changes_userNeitherRootNorTheDaemons_refusedAndCountedStatusAnswered() throws Exception {
        try (NtpDaemon d = client(server(UP1, ""))) {
            ControlCommands commands = new ControlCommands(d, peer -> false);
            var nobody = java.nio.file.FileSystems.getDefault().getUserPrincipalLookupService()
                    .lookupPrincipalByName("root");

            String refused = commands.handle(ControlProtocol.request("makestep"), nobody);
            String status = commands.handle(ControlProtocol.request("activity"), nobody);

            assertThat(refused).contains("\"ok\":false").contains("only root and the daemon's own user")
                    .contains("came from root");
            assertThat(status).contains("\"ok\":true");
            assertThat(commands.handle(ControlProtocol.request("serverstats"), nobody))
                    .contains("\"command_requests_refused\":1");
        }
    }

    @Test
    void rootOrSelf_principals_rootAndThisProcessAllowedOthersAndUnknownNot() throws Exception {
        var users = java.nio.file.FileSystems.getDefault().getUserPrincipalLookupService();
        var root = users.lookupPrincipalByName("root");
        var nobody = users.lookupPrincipalByName("nobody");
        var self = Files.getOwner(Path.of("/proc/self"));

        var allowed = ControlCommands.rootOrSelf();

        assertThat(allowed.test(root)).isTrue();
        assertThat(allowed.test(self)).isTrue();
        assertThat(allowed.test(null)).isFalse();
        assertThat(allowed.test(nobody)).isEqualTo(nobody.equals(self));
        assertThat(ControlCommands.allowed(null, self).test(root)).isEqualTo(root.equals(self));
    }
}
