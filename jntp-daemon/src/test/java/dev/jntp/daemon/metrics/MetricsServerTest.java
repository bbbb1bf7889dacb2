// Tests the metrics endpoint over HTTP on loopback: /metrics values, /status.json, the page and its errors.
package dev.jntp.daemon.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.jntp.engine.sync.SourceState;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class MetricsServerTest {

    private final Snapshots snapshots = new Snapshots();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private MetricsServer server;

    @BeforeEach
    void start() throws IOException {
        server = MetricsServer.start(new InetSocketAddress(InetAddress.ofLiteral("127.0.0.1"), 0),
                snapshots.daemon(), Duration.ofMillis(50), System::currentTimeMillis);
    }

    @AfterEach
    void stop() {
        server.close();
        http.close();
    }

    private HttpResponse<byte[]> request(String method, String path, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.address().getPort()
                + path)).method(method, HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(5));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private String get(String path) throws Exception {
        HttpResponse<byte[]> r = request("GET", path);
        assertThat(r.statusCode()).as("GET %s", path).isEqualTo(200);
        return new String(r.body(), StandardCharsets.UTF_8);
    }

    private Exposition scrape() throws Exception {
        return Exposition.parse(get("/metrics"));
    }

    @Test
    void metrics_scrape_systemValuesAreTheTrackingSnapshot() throws Exception {
        Exposition m = scrape();

        assertThat(m.value("jntp_system_offset_seconds")).isEqualTo(-1.5e-6);
        assertThat(m.value("jntp_system_rms_offset_seconds")).isEqualTo(2e-6);
        assertThat(m.value("jntp_system_frequency_ppm")).isEqualTo(12.25);
        assertThat(m.value("jntp_system_skew_ppm")).isEqualTo(0.125);
        assertThat(m.value("jntp_system_root_delay_seconds")).isEqualTo(0.004);
        assertThat(m.value("jntp_system_root_dispersion_seconds")).isEqualTo(0.0005);
        assertThat(m.value("jntp_system_root_distance_seconds")).isCloseTo(0.0025, within(1e-15));
        assertThat(m.value("jntp_system_stratum")).isEqualTo(3);
        assertThat(m.value("jntp_system_leap")).as("insert second").isEqualTo(1);
        assertThat(m.value("jntp_system_synchronised")).isEqualTo(1);
        assertThat(m.value("jntp_system_clock_updates_total")).isEqualTo(42);
        assertThat(m.type("jntp_system_offset_seconds")).isEqualTo("gauge");
        assertThat(m.type("jntp_system_clock_updates_total")).isEqualTo("counter");
    }

    @Test
    void metrics_scrape_perSourceValuesLabelledByNameAndAddress() throws Exception {
        Exposition m = scrape();

        String[] a = {"name", "a.example", "address", "192.0.2.1:123"};
        String[] b = {"name", "b.example", "address", "[2001:db8::1]:123"};
        assertThat(m.value("jntp_source_offset_seconds", a)).isEqualTo(-1.5e-6);
        assertThat(m.value("jntp_source_delay_seconds", a)).isEqualTo(2.5e-4);
        assertThat(m.value("jntp_source_jitter_seconds", a)).isEqualTo(3e-6);
        assertThat(m.value("jntp_source_reach", a)).isEqualTo(255);
        assertThat(m.value("jntp_source_reach", b)).isEqualTo(0176);
        assertThat(m.value("jntp_source_poll_seconds", b)).isEqualTo(64);
        assertThat(m.value("jntp_source_stratum", b)).isEqualTo(2);
        assertThat(m.value("jntp_source_samples", b)).isEqualTo(4);
        assertThat(m.value("jntp_source_state", "name", "a.example", "address", "192.0.2.1:123",
                "jntp_source_state", "selected")).isEqualTo(1);
        assertThat(m.value("jntp_source_state", "name", "a.example", "address", "192.0.2.1:123",
                "jntp_source_state", "falseticker")).isZero();
        assertThat(m.value("jntp_source_state", "name", "b.example", "address", "[2001:db8::1]:123",
                "jntp_source_state", "falseticker")).isEqualTo(1);
    }

    @Test
    void metrics_scrape_serverRequestsByResult() throws Exception {
        Exposition m = scrape();

        assertThat(m.value("jntp_server_received_total")).isEqualTo(7);
        assertThat(m.value("jntp_server_requests_total", "result", "answered")).isEqualTo(5);
        assertThat(m.value("jntp_server_requests_total", "result", "denied")).isEqualTo(1);
        assertThat(m.value("jntp_server_requests_total", "result", "malformed")).isEqualTo(1);
        assertThat(m.value("jntp_server_requests_total", "result", "bad_version")).isZero();
        assertThat(m.type("jntp_server_requests_total")).isEqualTo("counter");
    }

    @Test
    void metrics_snapshotsChange_nextScrapeReadsTheNewOnes() throws Exception {
        scrape();
        snapshots.tracking.set(Snapshots.tracking(7e-9, -3.5));
        snapshots.sources.set(List.of(snapshots.sources.get().get(1)));

        Exposition m = scrape();

        assertThat(m.value("jntp_system_offset_seconds")).isEqualTo(7e-9);
        assertThat(m.value("jntp_system_frequency_ppm")).isEqualTo(-3.5);
        assertThat(m.has("jntp_source_offset_seconds")).isTrue();
        assertThat(get("/metrics")).doesNotContain("a.example");
    }

    @Test
    void metrics_twoSourcesWithOneNameAndAddress_exposedOnce() throws Exception {
        var dup = Snapshots.view(7, "a.example", "192.0.2.1", SourceState.UNUSABLE, 0, 0, 0, 0, 0);
        snapshots.sources.set(List.of(snapshots.sources.get().get(0), dup));

        Exposition m = scrape();

        assertThat(m.value("jntp_source_samples", "name", "a.example", "address", "192.0.2.1:123")).isEqualTo(8);
    }

    @Test
    void statusJson_now_holdsTrackingSourcesAndCounters() throws Exception {
        Map<String, Object> d = Json.object(request("GET", "/status.json").body());

        assertThat(d.get("version")).isEqualTo(1.0);
        assertThat(d.get("tick_seconds")).isEqualTo(0.05);
        @SuppressWarnings("unchecked")
        Map<String, Object> t = (Map<String, Object>) d.get("tracking");
        assertThat(t).containsEntry("synchronised", true).containsEntry("stratum", 3.0)
                .containsEntry("leap_status", "Insert second").containsEntry("last_offset", -1.5e-6)
                .containsEntry("frequency_ppm", 12.25).containsEntry("clock_updates", 42.0);
        assertThat((double) t.get("root_distance")).isCloseTo(0.0025, within(1e-15));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> sources = (List<Map<String, Object>>) d.get("sources");
        assertThat(sources).extracting(s -> s.get("name"), s -> s.get("address"), s -> s.get("symbol"))
                .containsExactly(org.assertj.core.groups.Tuple.tuple("a.example", "192.0.2.1:123", "*"),
                        org.assertj.core.groups.Tuple.tuple("b.example", "[2001:db8::1]:123", "x"));
        assertThat(sources.getFirst()).containsEntry("last_delay", 2.5e-4).containsEntry("jitter", 3e-6)
                .containsEntry("reach", 255.0).containsEntry("state", "selected");
        @SuppressWarnings("unchecked")
        Map<String, Object> counters = (Map<String, Object>) ((Map<String, Object>) d.get("server")).get("counters");
        assertThat(counters).containsEntry("received", 7.0).containsEntry("answered", 5.0)
                .containsEntry("denied", 1.0);
    }

    @Test
    @SuppressWarnings("unchecked")
    void statusJson_afterTicks_hasSourcePointsAndRates_sinceGivesOnlyNewer() throws Exception {
        long deadline = System.nanoTime() + 10_000_000_000L;
        List<Object> rates = List.of();
        while (rates.size() < 3 && System.nanoTime() < deadline) {
            Map<String, Object> d = Json.object(request("GET", "/status.json").body());
            rates = (List<Object>) ((Map<String, Object>) d.get("server")).get("rates");
        }
        assertThat(rates).hasSizeGreaterThanOrEqualTo(3);

        Map<String, Object> d = Json.object(request("GET", "/status.json").body());
        List<Map<String, Object>> sources = (List<Map<String, Object>>) d.get("sources");
        List<List<Object>> points = (List<List<Object>>) sources.getFirst().get("points");
        assertThat(points).as("one point: the snapshot did not change").singleElement()
                .satisfies(p -> assertThat(p.subList(1, 4)).containsExactly(-1.5e-6, 2.5e-4, 3e-6));
        double last = (double) points.getFirst().get(0);
        Map<String, Object> later = Json.object(request("GET", "/status.json?since=" + (long) last).body());
        assertThat((List<Object>) ((List<Map<String, Object>>) later.get("sources")).getFirst().get("points"))
                .isEmpty();
    }

    @Test
    void statusJson_acceptsGzip_sendsGzip() throws Exception {
        HttpResponse<byte[]> r = request("GET", "/status.json", "Accept-Encoding", "gzip");

        assertThat(r.headers().firstValue("Content-Encoding")).contains("gzip");
        byte[] plain = new GZIPInputStream(new ByteArrayInputStream(r.body())).readAllBytes();
        assertThat(Json.object(plain)).containsKey("tracking");
    }

    @Test
    void page_get_servedWithPolicyAllowingOnlyItsOwnScriptAndStyle() throws Exception {
        HttpResponse<byte[]> r = request("GET", "/");
        String page = new String(r.body(), StandardCharsets.UTF_8);

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).contains("text/html; charset=utf-8");
        assertThat(r.headers().firstValue("Content-Security-Policy")).contains(StatusPage.policy(page));
        assertThat(StatusPage.policy(page)).startsWith("default-src 'none'; script-src 'sha256-")
                .contains("; style-src 'sha256-", "connect-src 'self'").doesNotContain("unsafe");
        assertThat(page.replace("'http://www.w3.org/2000/svg'", "")).as("no address but the SVG namespace's")
                .contains("status.json").doesNotContain("http:", "https:", "src=");
    }

    @Test
    void errors_wrongMethodUnknownPathBadSince_405_404_400() throws Exception {
        assertThat(request("POST", "/").statusCode()).isEqualTo(405);
        assertThat(request("DELETE", "/status.json").headers().firstValue("Allow")).contains("GET, HEAD");
        assertThat(request("GET", "/nothing").statusCode()).isEqualTo(404);
        assertThat(request("GET", "/status.json?since=yesterday").statusCode()).isEqualTo(400);
        HttpResponse<byte[]> head = request("HEAD", "/");
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.body()).isEmpty();
    }

    @Test
    void since_queries_parsedOrRejected() {
        assertThat(StatusPage.since(null)).isZero();
        assertThat(StatusPage.since("x=1")).isZero();
        assertThat(StatusPage.since("since=1795329007386")).isEqualTo(1795329007386L);
        assertThat(StatusPage.since("a=b&since=-5&c=d")).isEqualTo(-5L);
        assertThat(StatusPage.since("since=")).isNull();
        assertThat(StatusPage.since("since=1e3")).isNull();
        assertThat(StatusPage.since("since=99999999999999999999")).isNull();
        assertThat(StatusPage.since("since=1&since=2")).isEqualTo(1L);
    }
}
