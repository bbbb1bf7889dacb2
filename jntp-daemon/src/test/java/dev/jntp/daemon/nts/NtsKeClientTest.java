// Tests of the NTS-KE client over real TLS on loopback: keys agree with the server's, and every failure is named.
package dev.jntp.daemon.nts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jntp.config.NtsClientSettings;
import dev.jntp.engine.nts.AeadAlgorithm;
import dev.jntp.engine.nts.KeServerLogic;
import dev.jntp.engine.nts.NtsKeResult;
import dev.jntp.proto.nts.KeRecord;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class NtsKeClientTest {

    private static final InetAddress LOOPBACK = InetAddress.ofLiteral("127.0.0.1");
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @TempDir
    static Path dir;
    static NtsTestServer.Certificate good;
    static NtsTestServer.Certificate other;
    static NtsTestServer server;

    @BeforeAll
    static void start() throws IOException {
        good = NtsTestServer.Certificate.create(dir, "localhost", "dns:localhost,ip:127.0.0.1,ip:::1");
        other = NtsTestServer.Certificate.create(dir, "other", "dns:other.example");
        server = new NtsTestServer(good, LOOPBACK, LOOPBACK);
    }

    @AfterAll
    static void stop() throws IOException {
        server.close();
    }

    private static SSLContext trusting(NtsTestServer.Certificate c) throws IOException {
        return NtsTrustedCerts.context(new NtsClientSettings(List.of(c.pem()), false, 3600));
    }

    private static NtsKeClient.Outcome exchange(String host, SSLContext context) {
        return NtsKeClient.exchange(host, server.keAddress(), 123, context, TIMEOUT, name -> {
            throw new UnknownHostException(name);
        });
    }

    private static String failure(NtsKeClient.Outcome o) {
        assertThat(o.result()).isInstanceOf(NtsKeResult.Failure.class);
        assertThat(o.ntpAddress()).isNull();
        return ((NtsKeResult.Failure) o.result()).reason();
    }

    @Test
    void exchange_trustedServer_keysAsTheServerExportedThemAndCookiesAndPort() throws IOException {
        server.respondWith(keys -> KeServerLogic.response(keys.aead(), server.cookies(keys, 8),
                server.ntpAddress().getPort(), null));
        NtsKeClient.Outcome o = exchange("127.0.0.1", trusting(good));
        NtsKeResult.Success s = (NtsKeResult.Success) o.result();
        assertThat(s.keys()).isEqualTo(server.lastKeys);
        assertThat(s.keys().aead()).isEqualTo(AeadAlgorithm.AES_SIV_CMAC_256);
        assertThat(s.cookies()).hasSize(8);
        assertThat(o.ntpAddress()).isEqualTo(new InetSocketAddress(LOOPBACK, server.ntpAddress().getPort()));
        assertThat(server.lastServerNames).as("no SNI for an address, as chrony").isEmpty();
    }

    @Test
    void exchange_byName_sendsSniAndChecksTheName() throws IOException {
        server.respondWith(keys -> KeServerLogic.response(keys.aead(), server.cookies(keys, 2), 123, null));
        NtsKeClient.Outcome o = exchange("localhost", trusting(good));
        assertThat(o.result()).isInstanceOf(NtsKeResult.Success.class);
        assertThat(o.ntpAddress()).isEqualTo(new InetSocketAddress(LOOPBACK, 123));
        assertThat(server.lastServerNames).containsExactly(new SNIHostName("localhost"));
    }

    @Test
    void exchange_serverRecordNamesAnotherAddress_ntpGoesThere() throws IOException {
        server.respondWith(keys -> KeServerLogic.response(keys.aead(), server.cookies(keys, 1), 4123, "127.0.0.2"));
        NtsKeClient.Outcome o = exchange("127.0.0.1", trusting(good));
        assertThat(o.ntpAddress()).isEqualTo(new InetSocketAddress(InetAddress.ofLiteral("127.0.0.2"), 4123));
        server.respondWith(keys -> KeServerLogic.response(keys.aead(), server.cookies(keys, 1), 123, "ntp.test"));
        NtsKeClient.Outcome byName = NtsKeClient.exchange("127.0.0.1", server.keAddress(), 123, trusting(good), TIMEOUT,
                name -> new InetAddress[] {InetAddress.ofLiteral("::1"), InetAddress.ofLiteral("127.0.0.3")});
        assertThat(byName.ntpAddress()).as("an address of the NTS-KE server's family first")
                .isEqualTo(new InetSocketAddress(InetAddress.ofLiteral("127.0.0.3"), 123));
        assertThat(failure(exchange("127.0.0.1", trusting(good)))).startsWith(
                "cannot resolve the NTP server ntp.test that the response names");
    }

    @Test
    void exchange_untrustedCertificate_failsNamingTheFix() throws IOException {
        NtsKeClient.Outcome o = exchange("127.0.0.1", trusting(other));
        assertThat(failure(o)).startsWith("the server's certificate is not trusted").endsWith(
                "give its certificate authority with ntstrustedcerts");
        assertThat(((NtsKeResult.Failure) o.result()).tlsReached()).isTrue();
    }

    @Test
    void exchange_certificateForAnotherName_fails() throws IOException {
        try (NtsTestServer wrong = new NtsTestServer(other, LOOPBACK, LOOPBACK)) {
            NtsKeClient.Outcome o = NtsKeClient.exchange("127.0.0.1", wrong.keAddress(), 123, trusting(other), TIMEOUT,
                    InetAddress::getAllByName);
            assertThat(failure(o)).startsWith("the server's certificate is not for 127.0.0.1");
        }
    }

    @Test
    void exchange_tlsServerWithoutAlpn_fails() throws IOException {
        server.offerAlpn(false);
        try {
            assertThat(failure(exchange("127.0.0.1", trusting(good)))).contains("ALPN ntske/1");
        } finally {
            server.offerAlpn(true);
        }
    }

    @Test
    void exchange_errorRecord_refusedWithTheCode() throws IOException {
        server.respondWith(keys -> List.of(KeRecord.error(2), KeRecord.end()));
        assertThat(failure(exchange("127.0.0.1", trusting(good))))
                .isEqualTo("the server answered with error 2 (internal server error)");
    }

    @Test
    void exchange_nothingListening_connectFailureIsNotTlsReached() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, LOOPBACK)) {
            port = s.getLocalPort();
        }
        NtsKeClient.Outcome o = NtsKeClient.exchange("127.0.0.1", new InetSocketAddress(LOOPBACK, port), 123,
                trusting(good), TIMEOUT, InetAddress::getAllByName);
        assertThat(failure(o)).startsWith("cannot connect to 127.0.0.1 port " + port);
        assertThat(((NtsKeResult.Failure) o.result()).tlsReached()).isFalse();
    }

    @Test
    void exchange_serverSilent_endsAtTheTimeout() throws IOException {
        try (ServerSocket silent = new ServerSocket(0, 1, LOOPBACK)) {
            Thread.ofVirtual().start(() -> {
                try (Socket s = silent.accept()) {
                    s.getInputStream().readAllBytes();
                } catch (IOException e) {
                    // closed by the test
                }
            });
            long start = System.nanoTime();
            NtsKeClient.Outcome o = NtsKeClient.exchange("127.0.0.1", new InetSocketAddress(LOOPBACK,
                    silent.getLocalPort()), 123, trusting(good), Duration.ofMillis(700), InetAddress::getAllByName);
            assertThat(failure(o)).startsWith("no answer within");
            assertThat((System.nanoTime() - start) / 1e9).isLessThan(5);
        }
    }

    @Test
    void context_isTheExportersOfRfc8915() {
        assertThat(NtsKeyExport.context(AeadAlgorithm.AES_SIV_CMAC_256, true)).containsExactly(0, 0, 0, 15, 1);
    }
}
