// Tests the daemon's event log options: JSON lines on stderr, and syslog datagrams to a server (a UDP socket on loopback).
package dev.jntp.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.Logger;

@Timeout(30)
class EventLogTest {

    /** A logging context of its own, so that the tests do not touch the process's logging. */
    private static LoggerContext context() {
        LoggerContext ctx = new LoggerContext();
        ctx.setName("test");
        ctx.setMDCAdapter(new ch.qos.logback.classic.util.LogbackMDCAdapter());
        ctx.start();
        return ctx;
    }

    /** The fields of one JSON object (values as text; null for JSON null). */
    private static Map<String, String> fields(String json) throws IOException {
        Map<String, String> out = new HashMap<>();
        try (JsonParser p = new JsonFactory().createParser(json)) {
            assertThat(p.nextToken()).isEqualTo(JsonToken.START_OBJECT);
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken t = p.nextToken();
                if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
                    p.skipChildren();
                    out.put(name, "(structure)");
                } else {
                    out.put(name, t == JsonToken.VALUE_NULL ? null : p.getText());
                }
            }
            assertThat(p.currentToken()).isEqualTo(JsonToken.END_OBJECT);
            assertThat(p.nextToken()).as("one object per line").isNull();
        }
        return out;
    }

    @Test
    void jsonFormat_twoEvents_oneJsonObjectPerLineWithLevelLoggerAndFormattedMessage() throws IOException {
        LoggerContext ctx = context();
        ByteArrayOutputStream console = new ByteArrayOutputStream();

        assertThat(EventLog.configure(ctx, EventLog.Format.JSON, null, console, 4242)).isNull();
        Logger log = ctx.getLogger("dev.jntp.daemon.NtpDaemon");
        log.info("serving NTP on {}", "[127.0.0.1:123]");
        log.warn("not synchronised: \"{}\"", "no majority", new IllegalStateException("boom"));
        ctx.stop();

        List<String> lines = console.toString(StandardCharsets.UTF_8).lines().toList();
        assertThat(lines).hasSize(2);
        Map<String, String> first = fields(lines.get(0));
        assertThat(first).containsEntry("level", "INFO").containsEntry("loggerName", "dev.jntp.daemon.NtpDaemon")
                .containsEntry("formattedMessage", "serving NTP on [127.0.0.1:123]")
                .containsEntry("threadName", Thread.currentThread().getName());
        assertThat(Long.parseLong(first.get("timestamp"))).isCloseTo(System.currentTimeMillis(),
                org.assertj.core.api.Assertions.within(60_000L));
        Map<String, String> second = fields(lines.get(1));
        assertThat(second).containsEntry("level", "WARN").containsEntry("formattedMessage",
                "not synchronised: \"no majority\"").containsEntry("throwable", "(structure)");
        assertThat(lines.get(1)).contains("boom");
    }

    @Test
    void textFormat_noSyslog_leavesTheConfigurationAlone() {
        LoggerContext ctx = context();
        ch.qos.logback.classic.Logger root = ctx.getLogger(Logger.ROOT_LOGGER_NAME);
        int before = countAppenders(root);

        assertThat(EventLog.configure(ctx, EventLog.Format.TEXT, null, new ByteArrayOutputStream(), 1)).isNull();

        assertThat(countAppenders(root)).isEqualTo(before);
    }

    private static int countAppenders(ch.qos.logback.classic.Logger l) {
        int n = 0;
        for (var it = l.iteratorForAppenders(); it.hasNext(); it.next()) {
            n++;
        }
        return n;
    }

    @Test
    void syslog_loopbackServer_receivesTheEventAsAnRfc3164LineFromFacilityDaemon() throws IOException {
        try (DatagramSocket server = new DatagramSocket(new InetSocketAddress(InetAddress.ofLiteral("127.0.0.1"), 0))) {
            server.setSoTimeout(10_000);
            LoggerContext ctx = context();

            String error = EventLog.configure(ctx, EventLog.Format.TEXT,
                    HostPort.parse("127.0.0.1:" + server.getLocalPort(), null, EventLog.SYSLOG_PORT),
                    new ByteArrayOutputStream(), 4242);
            assertThat(error).isNull();
            ctx.getLogger("dev.jntp.daemon.sync.SyncService").warn("source {}: polling stopped", 3);

            DatagramPacket p = new DatagramPacket(new byte[2048], 2048);
            server.receive(p);
            ctx.stop();
            String line = new String(p.getData(), 0, p.getLength(), StandardCharsets.UTF_8);
            // <PRI> = facility daemon (3) * 8 + severity warning (4) = 28; then the RFC 3164 time stamp and host.
            assertThat(line).matches("<28>[A-Z][a-z]{2} [ 123]\\d \\d\\d:\\d\\d:\\d\\d \\S+ "
                    + "jntp\\[4242\\]: WARN  SyncService: source 3: polling stopped");
        }
    }

    @Test
    void syslogTarget_defaultPort514_andBracketedIpv6() {
        assertThat(HostPort.parse("logs.example.org", null, EventLog.SYSLOG_PORT))
                .isEqualTo(new HostPort("logs.example.org", 514));
        assertThat(HostPort.parse("[::1]:1514", null, EventLog.SYSLOG_PORT)).isEqualTo(new HostPort("::1", 1514));
    }

    @Test
    void daemon_unknownLogFormat_usageErrorNamingTheChoices() {
        Cli r = Cli.run("daemon", "--log-format", "xml");

        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("--log-format").contains("TEXT, JSON");
    }
}
