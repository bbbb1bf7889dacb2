// Loads the daemon's status page in headless Chromium (Debian's package): it loads, its plots hold data, no console errors.
package dev.jntp.interop;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.jntp.config.ConfigParser;
import dev.jntp.config.ConfigResult;
import dev.jntp.config.JntpConfig;
import dev.jntp.daemon.NtpDaemon;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two in-process daemons on loopback: an upstream at {@code local stratum 3} on 127.0.0.1 and
 * 127.0.0.2, and a monitor-mode daemon polling both 8 times a second, serving NTP and its status
 * page. Once the page's history holds a few points per source, Chromium loads the page with
 * virtual time (the page's timers run fast, its requests are real) and prints the DOM after it.
 *
 * <p>The browser reaches 127.0.0.1 alone: host names resolve to nothing, every other connection
 * goes to a proxy on 127.0.0.1:9 where nothing listens, background services are off; the test
 * reads Chromium's NetLog afterwards and fails on any TCP connection or UDP datagram to another
 * address.
 */
@Timeout(180)
class StatusPageInChromiumTest {

    private static final Pattern PATH = Pattern.compile("<path [^>]*?data-series=\"([^\"]*)\" data-points=\"(\\d+)\"");

    private static JntpConfig config(String text) {
        return switch (ConfigParser.parse("test.conf", text)) {
            case ConfigResult.Valid v -> v.config();
            case ConfigResult.Invalid i -> throw new AssertionError(i.errors().toString());
        };
    }

    private static int freeTcpPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.ofLiteral("127.0.0.1"))) {
            return s.getLocalPort();
        }
    }

    /** The number of history points of each source in the daemon's /status.json ({@code "points":[[...` counted). */
    private static List<Integer> pointsPerSource(HttpClient http, int port) {
        try {
            String json = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/status.json"))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString()).body();
            List<Integer> counts = new ArrayList<>();
            Matcher m = Pattern.compile("\"points\":\\[((?:\\[[^]]*],?)*)]").matcher(json);
            while (m.find()) {
                counts.add(m.group(1).isEmpty() ? 0 : m.group(1).split("],\\[").length);
            }
            return counts;
        } catch (IOException e) {
            return List.of();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of();
        }
    }

    /** Sends {@code n} NTP client requests and reads the replies, so that the page has request rates to plot. */
    private static void query(InetSocketAddress server, int n) throws IOException {
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(InetAddress.ofLiteral("127.0.0.1"), 0))) {
            s.setSoTimeout(2_000);
            byte[] request = new byte[48];
            request[0] = 0x23; // version 4, client
            for (int i = 0; i < n; i++) {
                s.send(new DatagramPacket(request, request.length, server));
                s.receive(new DatagramPacket(new byte[128], 128));
            }
        }
    }

    @Test
    void statusPage_inHeadlessChromium_loadsPlotsDataWithoutConsoleErrors(@TempDir Path tmp) throws Exception {
        String chromium = Tools.require("chromium");
        int upstreamPort = Tools.freeUdpPort();
        int metricsPort = freeTcpPort();
        try (NtpDaemon up = NtpDaemon.start(config("port " + upstreamPort + "\nbindaddress 127.0.0.1\n"
                + "bindaddress 127.0.0.2\nallow 127.0.0.0/8\nbindcmdaddress /\nmetricsport 0\nlocal stratum 3\n"));
                NtpDaemon d = NtpDaemon.start(config("port " + Tools.freeUdpPort() + "\nbindaddress 127.0.0.1\n"
                        + "allow 127.0.0.1\nbindcmdaddress /\nmetricsport " + metricsPort + "\n"
                        + "server 127.0.0.1 port " + upstreamPort + " minpoll -3 maxpoll -3\n"
                        + "server 127.0.0.2 port " + upstreamPort + " minpoll -3 maxpoll -3\n"));
                HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()) {
            assertThat(d.metricsAddress()).as("metrics port %d was taken meanwhile", metricsPort).isPresent();
            boolean ready = Tools.await(Duration.ofSeconds(60), () -> {
                List<Integer> n = pointsPerSource(http, metricsPort);
                return n.size() == 2 && n.stream().allMatch(c -> c >= 3);
            });
            assertThat(ready).as("3 history points per source; have %s", pointsPerSource(http, metricsPort)).isTrue();
            query(d.localAddresses().getFirst(), 50);

            Path netLog = tmp.resolve("netlog.json");
            Tools.Run run = Tools.run(Duration.ofSeconds(90), chromium, "--headless", "--disable-gpu", "--no-sandbox",
                    "--user-data-dir=" + tmp.resolve("profile"), "--no-first-run", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync", "--disable-default-apps", "--disable-extensions",
                    "--disable-domain-reliability", "--no-pings", "--disable-breakpad",
                    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1", "--proxy-server=http://127.0.0.1:9",
                    "--log-net-log=" + netLog, "--enable-logging=stderr", "--v=0",
                    "--virtual-time-budget=10000", "--dump-dom", "http://127.0.0.1:" + metricsPort + "/");

            assertThat(run.exit()).as("chromium: %s", run.stderr()).isZero();
            String dom = run.stdout();
            assertThat(dom).as("the page polled status.json more than once")
                    .containsPattern("<body data-polls=\"([2-9]|[1-9][0-9]+)\"");
            Map<String, Integer> plotted = new HashMap<>();
            for (String plot : List.of("offset", "delay", "jitter", "requests")) {
                plotted.putAll(paths(dom, plot));
            }
            String a = "127.0.0.1 127.0.0.1:" + upstreamPort;
            String b = "127.0.0.2 127.0.0.2:" + upstreamPort;
            for (String plot : List.of("offset", "delay", "jitter")) {
                assertThat(plotted).as("%s plot", plot).hasEntrySatisfying(plot + "/" + a, n -> assertThat(n)
                        .isGreaterThanOrEqualTo(3)).hasEntrySatisfying(plot + "/" + b, n -> assertThat(n)
                        .isGreaterThanOrEqualTo(3));
            }
            assertThat(plotted).hasEntrySatisfying("requests/answered", n -> assertThat(n).isGreaterThanOrEqualTo(2));
            assertThat(dom).contains("Synchronised</th><td class=\"l\">yes</td>", "Stratum</th><td>4</td>");
            assertThat(consoleLines(run.stderr())).as("console output of the page").isEmpty();
            List<String> connections = connections(netLog);
            assertThat(connections).as("the NetLog shows the page's own connections")
                    .anyMatch(c -> c.endsWith(" 127.0.0.1:" + metricsPort));
            assertThat(connections).as("connections the browser tried").allMatch(c -> c.contains(" 127.0.0.1:"));
        }
    }

    /** The data series of one plot's SVG and their point counts, as "plot/series". */
    private static Map<String, Integer> paths(String dom, String plot) {
        int start = dom.indexOf("id=\"plot-" + plot + "\"");
        assertThat(start).as("plot-%s in the DOM", plot).isPositive();
        String svg = dom.substring(start, dom.indexOf("</svg>", start));
        Map<String, Integer> out = new HashMap<>();
        Matcher m = PATH.matcher(svg);
        while (m.find()) {
            out.put(plot + "/" + m.group(1), Integer.parseInt(m.group(2)));
        }
        return out;
    }

    /** Chromium's log lines of console messages (console.*, uncaught errors, CSP violations, failed loads). */
    private static List<String> consoleLines(String stderr) {
        return stderr.lines().filter(l -> l.contains(":CONSOLE")).toList();
    }

    /**
     * The TCP connection attempts and UDP sends in a NetLog, as "EVENT address". (Chromium's UDP
     * "connect" without a send, to learn whether IPv6 is routed, sends nothing and is not counted.)
     */
    private static List<String> connections(Path netLog) throws IOException {
        List<String> found = new ArrayList<>();
        Map<Integer, String> types = new HashMap<>();
        try (JsonParser p = new JsonFactory().createParser(Files.readAllBytes(netLog))) {
            while (p.nextToken() != null) {
                if (p.currentToken() == JsonToken.FIELD_NAME && p.currentName().equals("logEventTypes")) {
                    p.nextToken();
                    while (p.nextToken() == JsonToken.FIELD_NAME) {
                        String name = p.currentName();
                        p.nextToken();
                        types.put(p.getIntValue(), name);
                    }
                } else if (p.currentToken() == JsonToken.FIELD_NAME && p.currentName().equals("events")) {
                    p.nextToken();
                    while (p.nextToken() == JsonToken.START_OBJECT) {
                        event(p, types, found);
                    }
                }
            }
        }
        return found;
    }

    /** Reads one event object; notes its address when it is a TCP connect attempt or a UDP send. */
    private static void event(JsonParser p, Map<Integer, String> types, List<String> found) throws IOException {
        String type = "";
        String address = null;
        int depth = 1;
        while (depth > 0) {
            JsonToken t = p.nextToken();
            if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
                depth++;
            } else if (t == JsonToken.END_OBJECT || t == JsonToken.END_ARRAY) {
                depth--;
            } else if (t == JsonToken.FIELD_NAME && p.currentName().equals("type") && depth == 1) {
                p.nextToken();
                type = types.getOrDefault(p.getIntValue(), "");
            } else if (t == JsonToken.FIELD_NAME && p.currentName().equals("address")) {
                p.nextToken();
                address = p.getText();
            }
        }
        boolean counted = type.equals("TCP_CONNECT_ATTEMPT") || type.equals("UDP_BYTES_SENT")
                || type.equals("TCP_CONNECT");
        if (counted && address != null) {
            found.add(type + " " + address);
        }
    }
}
