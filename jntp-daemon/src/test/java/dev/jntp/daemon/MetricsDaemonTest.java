// Tests the daemon's metrics endpoint and status data against its published snapshots, and that a taken port does not stop it.
package dev.jntp.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.jntp.daemon.metrics.Exposition;
import dev.jntp.daemon.metrics.Json;
import dev.jntp.daemon.sync.SyncService;
import dev.jntp.engine.server.ServerCounter;
import dev.jntp.engine.sync.SourceSnapshot;
import dev.jntp.engine.sync.SystemState;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.LoggerFactory;

/**
 * A {@code local stratum 3} upstream and a monitor-mode daemon that polls it 8 times a second,
 * serves NTP and exposes metrics on a free loopback port. Values scraped over HTTP are compared
 * with the snapshots the daemon publishes, read just before and after the scrape (a scrape
 * that an update overtook is taken again). Every wait is bounded.
 */
@Timeout(60)
class MetricsDaemonTest {

    private static final long WAIT_MILLIS = 20_000;
    private static final int ATTEMPTS = 100;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ListAppender<ILoggingEvent> log = new ListAppender<>();
    private final Logger daemonLog = (Logger) LoggerFactory.getLogger(NtpDaemon.class);

    @BeforeEach
    void captureLog() {
        log.start();
        daemonLog.addAppender(log);
    }

    @AfterEach
    void release() {
        daemonLog.detachAppender(log);
        http.close();
    }

    private boolean logged(String text) {
        return List.copyOf(log.list).stream().anyMatch(e -> e.getFormattedMessage().contains(text));
    }

    /** A TCP port that was free on 127.0.0.1 a moment ago. */
    private static int freeTcpPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.ofLiteral("127.0.0.1"))) {
            return s.getLocalPort();
        }
    }

    /** A daemon serving {@code text} with its metrics on a free port; another port if that one was taken meanwhile. */
    private static NtpDaemon withMetrics(String text) throws IOException {
        for (int attempt = 1; ; attempt++) {
            NtpDaemon d = TestDaemons.start("metricsport " + freeTcpPort() + "\n" + text);
            if (d.metricsAddress().isPresent() || attempt == 5) {
                return d;
            }
            d.close();
        }
    }

    private byte[] get(NtpDaemon d, String path) throws IOException, InterruptedException {
        InetSocketAddress a = d.metricsAddress().orElseThrow();
        HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + a.getPort() + path))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(r.statusCode()).as("GET %s", path).isEqualTo(200);
        return r.body();
    }

    /** A scrape with the snapshots it was taken between, unchanged across it. */
    private record Scrape(Exposition metrics, SystemState system, List<SyncService.SourceView> sources,
            Map<ServerCounter, Long> stats) {}

    private Scrape consistentScrape(NtpDaemon d) throws IOException, InterruptedException {
        for (int i = 0; i < ATTEMPTS; i++) {
            SystemState before = d.systemState().orElseThrow();
            List<SyncService.SourceView> sources = d.sources();
            Map<ServerCounter, Long> stats = d.stats().snapshot();
            String text = new String(get(d, "/metrics"), java.nio.charset.StandardCharsets.UTF_8);
            if (before.equals(d.systemState().orElseThrow()) && sources.equals(d.sources())
                    && stats.equals(d.stats().snapshot())) {
                return new Scrape(Exposition.parse(text), before, sources, stats);
            }
        }
        throw new AssertionError("the daemon's state changed during each of " + ATTEMPTS + " scrapes");
    }

    @Test
    void daemonWithSource_scrape_valuesAreThePublishedSnapshots() throws Exception {
        try (NtpDaemon up = TestDaemons.start("bindaddress 127.0.0.1\nallow 127.0.0.1\nlocal stratum 3\n");
                NtpDaemon d = withMetrics("bindaddress 127.0.0.1\nallow 127.0.0.1\nserver 127.0.0.1 port "
                        + up.localAddresses().getFirst().getPort() + " minpoll -3 maxpoll -3\n")) {
            assertThat(TestDaemons.within(WAIT_MILLIS, () -> d.systemState().orElseThrow().synchronised())).isTrue();
            QueryClient client = new QueryClient(new Random(7));
            for (int i = 0; i < 5; i++) {
                assertThat(client.exchange(d.localAddresses().getFirst(), 4, 2_000).failure()).isNull();
            }

            Scrape s = consistentScrape(d);

            Exposition m = s.metrics();
            SystemState st = s.system();
            assertThat(m.value("jntp_system_offset_seconds")).isEqualTo(st.offset());
            assertThat(m.value("jntp_system_rms_offset_seconds")).isEqualTo(st.rmsOffset());
            assertThat(m.value("jntp_system_frequency_ppm")).isEqualTo(st.frequencyPpm());
            assertThat(m.value("jntp_system_root_delay_seconds")).isEqualTo(st.rootDelay());
            assertThat(m.value("jntp_system_root_dispersion_seconds")).isEqualTo(st.rootDispersion());
            assertThat(m.value("jntp_system_root_distance_seconds"))
                    .isCloseTo(st.rootDelay() / 2 + st.rootDispersion(), within(1e-15));
            assertThat(m.value("jntp_system_stratum")).isEqualTo(4).isEqualTo(st.stratum());
            assertThat(m.value("jntp_system_leap")).isEqualTo(st.leap().code()).isZero();
            assertThat(m.value("jntp_system_synchronised")).isEqualTo(1);
            assertThat(m.value("jntp_system_clock_updates_total")).isEqualTo((double) st.updates()).isPositive();
            SyncService.SourceView v = s.sources().getFirst();
            SourceSnapshot src = v.snapshot();
            String[] labels = {"name", "127.0.0.1", "address", AddressText.of(v.address())};
            assertThat(m.value("jntp_source_offset_seconds", labels)).isEqualTo(src.lastOffset());
            assertThat(m.value("jntp_source_delay_seconds", labels)).isEqualTo(src.lastDelay()).isPositive();
            assertThat(m.value("jntp_source_jitter_seconds", labels)).isEqualTo(src.jitter());
            assertThat(m.value("jntp_source_reach", labels)).isEqualTo(src.reach()).isPositive();
            assertThat(m.value("jntp_source_stratum", labels)).isEqualTo(3);
            assertThat(m.value("jntp_source_state", "name", "127.0.0.1", "address", AddressText.of(v.address()),
                    "jntp_source_state", "selected")).isEqualTo(1);
            assertThat(m.value("jntp_server_received_total")).isEqualTo((double) s.stats().get(ServerCounter.RECEIVED))
                    .isEqualTo(5.0);
            assertThat(m.value("jntp_server_requests_total", "result", "answered"))
                    .isEqualTo((double) s.stats().get(ServerCounter.ANSWERED)).isEqualTo(5.0);
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void daemonWithSource_statusJson_holdsStateAndHistoryPoints() throws Exception {
        try (NtpDaemon up = TestDaemons.start("bindaddress 127.0.0.1\nallow 127.0.0.1\nlocal stratum 3\n");
                NtpDaemon d = withMetrics("port 0\nserver 127.0.0.1 port " + up.localAddresses().getFirst().getPort()
                        + " minpoll -3 maxpoll -3\n")) {
            // Two history ticks (2 s each) after the first samples give at least two points.
            boolean two = TestDaemons.within(WAIT_MILLIS, () -> points(d).size() >= 2);

            assertThat(two).as("two points within %d ms", WAIT_MILLIS).isTrue();
            Map<String, Object> status = Json.object(get(d, "/status.json"));
            Map<String, Object> tracking = (Map<String, Object>) status.get("tracking");
            assertThat(tracking).containsEntry("synchronised", true).containsEntry("stratum", 4.0)
                    .containsEntry("reference_id", "7F000001");
            List<Object> point = points(d).getLast();
            assertThat(point).hasSize(4);
            assertThat((double) point.get(2)).as("delay").isPositive().isLessThan(0.01);
        }
    }

    /** The status page's points for the daemon's only source. */
    @SuppressWarnings("unchecked")
    private List<List<Object>> points(NtpDaemon d) {
        try {
            List<Map<String, Object>> sources = (List<Map<String, Object>>) Json.object(get(d, "/status.json"))
                    .get("sources");
            return sources.isEmpty() ? List.of() : (List<List<Object>>) sources.getFirst().get("points");
        } catch (IOException | InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void metricsPortTaken_daemonStartsAndServesTime_logsWhy() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.ofLiteral("127.0.0.1"));
                NtpDaemon d = TestDaemons.start("metricsport " + taken.getLocalPort()
                        + "\nbindaddress 127.0.0.1\nallow 127.0.0.1\nlocal stratum 5\n")) {
            assertThat(d.metricsAddress()).isEmpty();
            assertThat(new QueryClient(new Random(3)).exchange(d.localAddresses().getFirst(), 4, 2_000).failure())
                    .isNull();
            assertThat(logged("no metrics and no status page: cannot listen on 127.0.0.1:" + taken.getLocalPort()))
                    .as("%s", log.list).isTrue();
        }
    }

    @Test
    void metricsport0_noEndpoint_saysSo() throws Exception {
        try (NtpDaemon d = TestDaemons.start("metricsport 0\nbindaddress 127.0.0.1\nlocal stratum 5\n")) {
            assertThat(d.metricsAddress()).isEmpty();
            assertThat(logged("metricsport 0: no metrics and no status page")).isTrue();
        }
    }
}
