// Tests the daemon as an NTS client over loopback: NTS-KE, authenticated polling, negotiated server and port, refusals.
package dev.jntp.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.jntp.daemon.nts.NtsTestServer;
import dev.jntp.daemon.sync.SyncService;
import dev.jntp.engine.nts.KeServerLogic;
import dev.jntp.engine.nts.NtsClientStatus;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * A monitor-mode daemon with one {@code nts} source against {@link NtsTestServer}: NTS-KE on
 * 127.0.0.1 with a self-signed certificate given by {@code ntstrustedcerts} (and
 * {@code nosystemcert}), NTP answered on another address and port that only the NTS-KE response
 * names. Waits are bounded.
 */
@Timeout(90)
class NtsClientDaemonTest {

    private static final InetAddress KE = InetAddress.ofLiteral("127.0.0.1");
    private static final InetAddress NTP = InetAddress.ofLiteral("127.0.0.2");
    private static final long WAIT_MILLIS = 30_000;

    @TempDir
    static Path dir;
    static NtsTestServer.Certificate good;
    static NtsTestServer.Certificate other;

    private final ListAppender<ILoggingEvent> log = new ListAppender<>();
    private final Logger syncLog = (Logger) LoggerFactory.getLogger("dev.jntp.daemon.sync.SyncService");

    @BeforeAll
    static void certificates() throws IOException {
        good = NtsTestServer.Certificate.create(dir, "localhost", "dns:localhost,ip:127.0.0.1");
        other = NtsTestServer.Certificate.create(dir, "other", "dns:other.example");
    }

    @BeforeEach
    void captureLog() {
        log.start();
        syncLog.addAppender(log);
    }

    @AfterEach
    void releaseLog() {
        syncLog.detachAppender(log);
    }

    private String logged(String text) {
        return List.copyOf(log.list).stream().map(ILoggingEvent::getFormattedMessage).filter(m -> m.contains(text))
                .findFirst().orElse(null);
    }

    private static NtpDaemon client(NtsTestServer server, int configuredPort, NtsTestServer.Certificate trusted)
            throws IOException {
        return NtpDaemon.start(TestDaemons.config("port 0\nbindcmdaddress /\nserver 127.0.0.1 port " + configuredPort
                + " iburst nts ntsport " + server.keAddress().getPort() + " minpoll -4 maxpoll -4\n"
                + "ntstrustedcerts " + trusted.pem() + "\nnosystemcert\n"));
    }

    private static SyncService.SourceView source(NtpDaemon d) {
        return d.sources().getFirst();
    }

    @Test
    void ntsSource_serverAndPortFromNtsKe_synchronisesWithAuthenticatedReplies() throws IOException {
        try (NtsTestServer server = new NtsTestServer(good, KE, NTP)) {
            int ntpPort = server.ntpAddress().getPort();
            server.respondWith(keys -> KeServerLogic.response(keys.aead(), server.cookies(keys, 8), ntpPort,
                    "127.0.0.2"));
            int unused = TestDaemons.freePort(); // nothing answers the configured port: only the records lead to NTP
            try (NtpDaemon daemon = client(server, unused, good)) {
                boolean synced = TestDaemons.within(WAIT_MILLIS, () -> daemon.tracking().synchronised());
                assertThat(synced).as("log: %s", log.list).isTrue();
                String line = logged("source 0: NTS-KE with 127.0.0.1 (127.0.0.1:" + server.keAddress().getPort()
                        + ") gave 8 cookies (AES_SIV_CMAC_256) in ");
                assertThat(line).as("log: %s", log.list).isNotNull().endsWith(" ms; NTP requests go to 127.0.0.2:"
                        + ntpPort);
                SyncService.SourceView v = source(daemon);
                assertThat(v.address().getAddress()).isEqualTo(NTP);
                NtsClientStatus nts = v.nts();
                assertThat(nts.authenticated()).isPositive();
                assertThat(nts.cookies()).isEqualTo(8);
                assertThat(nts.keyId()).isEqualTo(1);
                assertThat(server.keSessions.get()).isEqualTo(1);
                assertThat(server.ntpRequests.get()).isPositive();

                Map<String, Object> ntpdata = StatusReplies.ntpData(daemon.sources(), "Kernel", "Kernel");
                Map<?, ?> row = (Map<?, ?>) ((List<?>) ntpdata.get("sources")).getFirst();
                assertThat(row.get("authenticated")).isEqualTo(true);
                assertThat(((Map<?, ?>) row.get("nts")).get("cookies")).isEqualTo(8);
                Map<?, ?> auth = (Map<?, ?>) ((List<?>) AuthDataReply.of(daemon.sources(), daemon.nowNanos())
                        .get("sources")).getFirst();
                assertThat(auth.get("mode")).isEqualTo("nts");
                assertThat(auth.get("aead")).isEqualTo(15);
                assertThat(auth.get("key_length_bits")).isEqualTo(256);
                assertThat(auth.get("cookie_length")).isEqualTo(104);
                assertThat(auth.get("ntp_server")).isEqualTo("127.0.0.2");
                assertThat((Double) auth.get("last_key_exchange_seconds")).isBetween(0.0, 60.0);
            }
        }
    }

    @Test
    void ntsSource_untrustedCertificate_ntsKeFailsWithAClearLineAndNothingIsPolled() throws IOException {
        try (NtsTestServer server = new NtsTestServer(good, KE, KE);
                NtpDaemon daemon = client(server, server.ntpAddress().getPort(), other)) {
            assertThat(TestDaemons.within(WAIT_MILLIS, () -> logged("the server's certificate is not"
                    + " trusted") != null)).as("log: %s", log.list).isTrue();
            String line = logged("NTS-KE with");
            assertThat(line).matches("source 0: NTS-KE with 127\\.0\\.0\\.1 \\(127\\.0\\.0\\.1:"
                    + server.keAddress().getPort() + "\\) failed after \\d+ ms: the server's certificate is not"
                    + " trusted \\(unable to find valid certification path to requested target\\); give its"
                    + " certificate authority with ntstrustedcerts");
            // The next try is 2^10 s away: the daemon polls on, sending nothing.
            long polls = source(daemon).snapshot().detail().requests();
            assertThat(TestDaemons.within(WAIT_MILLIS, () -> source(daemon).snapshot().detail().requests() >= polls + 4))
                    .isTrue();
            assertThat(server.ntpRequests.get()).isZero();
            assertThat(server.keSessions.get()).isZero();
            assertThat(daemon.tracking().synchronised()).isFalse();
            assertThat(source(daemon).snapshot().reach()).isZero();
            assertThat(source(daemon).nts().state()).startsWith("no cookies; next NTS-KE in");
            assertThat(source(daemon).nts().lastKeFailure()).contains("ntstrustedcerts");
        }
    }

    @Test
    void ntsSource_serverLosesItsKeys_naksLeadToANewNtsKeAndAuthenticatedRepliesAgain() throws IOException {
        try (NtsTestServer server = new NtsTestServer(good, KE, KE);
                NtpDaemon daemon = client(server, server.ntpAddress().getPort(), good)) {
            assertThat(TestDaemons.within(WAIT_MILLIS, () -> source(daemon).nts() != null
                    && source(daemon).nts().authenticated() > 0)).as("log: %s", log.list).isTrue();
            server.rotateAway();
            long before = source(daemon).nts().authenticated();
            assertThat(TestDaemons.within(WAIT_MILLIS, () -> source(daemon).nts().keyId() == 2
                    && source(daemon).nts().authenticated() > before)).as("log: %s", log.list).isTrue();
            assertThat(source(daemon).nts().naks()).isPositive();
            assertThat(server.keSessions.get()).isEqualTo(2);
        }
    }
}
