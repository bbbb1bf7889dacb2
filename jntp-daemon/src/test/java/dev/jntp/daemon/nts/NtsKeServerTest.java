// NTS-KE over real TLS on loopback with an in-process JSSE client: cookies, key export, errors, limits, reloads.
package dev.jntp.daemon.nts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jntp.config.NtsSettings;
import dev.jntp.engine.nts.CookieOpening;
import dev.jntp.engine.nts.Cookies;
import dev.jntp.engine.nts.NtsCounter;
import dev.jntp.proto.nts.KeCodec;
import dev.jntp.proto.nts.KeDecodeResult;
import dev.jntp.proto.nts.KeErrorCode;
import dev.jntp.proto.nts.KeRecord;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NtsKeServerTest {

    private static final InetSocketAddress ANY_LOOPBACK_PORT = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);

    @TempDir
    static Path shared;
    /** One key pair for the class (keytool takes a second or two); each test works on copies of its files. */
    private static TestPki base;

    @TempDir
    Path dir;

    private TestPki pki;
    private NtsService nts;

    @BeforeAll
    static void makePki() throws Exception {
        base = TestPki.create(shared, "server");
    }

    @BeforeEach
    void setUp() throws Exception {
        pki = base.copyTo(dir);
    }

    @AfterEach
    void tearDown() {
        if (nts != null) {
            nts.close();
        }
    }

    private NtsService start(NtsKeServer.Timeouts timeouts, int maxConnections, int ntpPort) throws IOException {
        NtsSettings s = new NtsSettings(4460, pki.certificates(), pki.keys(), dir.resolve("nts"), 604_800, 1,
                maxConnections);
        nts = NtsService.start(s, List.of(ANY_LOOPBACK_PORT), ntpPort, a -> true,
                () -> System.currentTimeMillis() * 1_000_000L, timeouts);
        return nts;
    }

    private InetSocketAddress ke() {
        return nts.keAddresses().getFirst();
    }

    @Test
    void exchange_chronydRequest_eightCookiesOpeningToTheExportedKeysAndPortRecord() throws Exception {
        start(NtsKeServer.Timeouts.DEFAULT, 100, 11123);
        KeClient.Exchange e = KeClient.exchange(pki.clientContext(), ke());
        assertThat(e.records()).startsWith(KeRecord.nextProtocol(0), KeRecord.aead(15), KeRecord.port(11123))
                .endsWith(KeRecord.end());
        assertThat(e.cookies()).hasSize(8).allSatisfy(c -> {
            assertThat(c).hasSize(104);
            assertThat(Cookies.open(c, nts.responder().keys())).isInstanceOfSatisfying(CookieOpening.Opened.class,
                    o -> assertThat(o.keys()).isEqualTo(e.keys()));
        });
        assertThat(nts.stats().get(NtsCounter.KE_ACCEPTED)).isEqualTo(1);
        assertThat(KeCodec.encode(e.records())).hasSize(6 + 6 + 6 + 8 * 108 + 4);
    }

    @Test
    void exchange_ntpOnPort123_noPortRecord() throws Exception {
        start(NtsKeServer.Timeouts.DEFAULT, 100, 123);
        KeClient.Exchange e = KeClient.exchange(pki.clientContext(), ke());
        assertThat(e.records()).noneMatch(r -> r instanceof KeRecord.Port);
    }

    @Test
    void exchange_twentyConnections_latencyMeasured() throws Exception {
        start(NtsKeServer.Timeouts.DEFAULT, 100, 11123);
        javax.net.ssl.SSLContext client = pki.clientContext();
        List<KeClient.Exchange> runs = new ArrayList<>();
        for (int i = 0; i < Integer.getInteger("nts.ke.runs", 20); i++) {
            runs.add(KeClient.exchange(client, ke()));
        }
        System.out.printf("NTS-KE over loopback (JSSE client and server, RSA 2048), first connection: handshake %d us,"
                + " response %d us, closed %d us; median of %d: %d / %d / %d us%n", runs.getFirst().handshakeNanos() / 1000,
                runs.getFirst().responseNanos() / 1000, runs.getFirst().nanos() / 1000, runs.size(),
                median(runs, KeClient.Exchange::handshakeNanos), median(runs, KeClient.Exchange::responseNanos),
                median(runs, KeClient.Exchange::nanos));
        assertThat(nts.stats().get(NtsCounter.KE_ACCEPTED)).isEqualTo(runs.size());
    }

    @Test
    void exchange_badRequests_getErrorRecords() throws Exception {
        start(NtsKeServer.Timeouts.DEFAULT, 100, 11123);
        byte[] noAead = KeCodec.encode(List.of(KeRecord.nextProtocol(0), KeRecord.end()));
        assertThat(records(noAead)).containsExactly(KeRecord.error(KeErrorCode.BAD_REQUEST), KeRecord.end());
        byte[] critical = HexFormat.of().parseHex("800100020000" + "80040002000f" + "c1230000" + "80000000");
        assertThat(records(critical)).containsExactly(KeRecord.error(KeErrorCode.UNRECOGNIZED_CRITICAL_RECORD),
                KeRecord.end());
        byte[] oddLength = HexFormat.of().parseHex("80010001" + "00" + "80000000");
        assertThat(records(oddLength)).containsExactly(KeRecord.error(KeErrorCode.BAD_REQUEST), KeRecord.end());
        byte[] gcmOnly = KeCodec.encode(List.of(KeRecord.nextProtocol(0), KeRecord.aead(30), KeRecord.end()));
        assertThat(records(gcmOnly)).containsExactly(KeRecord.nextProtocol(0),
                new KeRecord.AeadAlgorithm(true, List.of()), KeRecord.end());
        assertThat(nts.stats().get(NtsCounter.KE_REFUSED)).isEqualTo(4);
    }

    private static long median(List<KeClient.Exchange> runs, java.util.function.ToLongFunction<KeClient.Exchange> f) {
        return runs.stream().mapToLong(f).sorted().skip(runs.size() / 2).findFirst().orElseThrow() / 1000;
    }

    private List<KeRecord> records(byte[] request) throws Exception {
        KeDecodeResult r = KeClient.exchange(pki.clientContext(), ke(), request, new String[] {NtsKeyExport.ALPN})
                .response();
        return ((KeDecodeResult.Message) r).records();
    }

    @Test
    void exchange_withoutAlpn_isClosedUnanswered() throws Exception {
        start(NtsKeServer.Timeouts.DEFAULT, 100, 11123);
        KeClient.Exchange e = KeClient.exchange(pki.clientContext(), ke(), KeCodec.encode(KeClient.CHRONY_REQUEST),
                null);
        assertThat(e.response()).isInstanceOf(KeDecodeResult.Incomplete.class);
        awaitCounter(NtsCounter.KE_FAILED, 1);
    }

    @Test
    void exchange_otherAlpnOrTls12_handshakeFails() throws Exception {
        start(NtsKeServer.Timeouts.DEFAULT, 100, 11123);
        assertThatThrownBy(() -> KeClient.exchange(pki.clientContext(), ke(), KeCodec.encode(KeClient.CHRONY_REQUEST),
                new String[] {"h2"})).isInstanceOf(IOException.class);
        javax.net.ssl.SSLContext tls12 = javax.net.ssl.SSLContext.getInstance("TLSv1.2");
        tls12.init(null, null, null);
        try (SSLSocket s = (SSLSocket) tls12.getSocketFactory().createSocket(ke().getAddress(), ke().getPort())) {
            s.setEnabledProtocols(new String[] {"TLSv1.2"});
            s.setSoTimeout(10_000);
            assertThatThrownBy(s::startHandshake).isInstanceOf(SSLHandshakeException.class);
        }
        awaitCounter(NtsCounter.KE_FAILED, 2);
    }

    @Test
    void connection_silentClient_isCutAtTheDeadline() throws Exception {
        start(new NtsKeServer.Timeouts(200, 400), 100, 11123);
        long start = System.nanoTime();
        try (Socket s = new Socket(ke().getAddress(), ke().getPort())) {
            s.setSoTimeout(10_000);
            // The server may send a TLS alert record (type 21) before it closes.
            int first = s.getInputStream().read();
            assertThat(first).isIn(-1, 21);
            while (s.getInputStream().read() >= 0) {
                assertThat(System.nanoTime() - start).isLessThan(10_000_000_000L);
            }
        } catch (java.net.SocketException reset) {
            // a reset is a close too
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertThat(millis).isBetween(150L, 5_000L);
        awaitCounter(NtsCounter.KE_FAILED, 1);
    }

    @Test
    void connections_beyondTheLimit_areClosedAtOnce() throws Exception {
        start(new NtsKeServer.Timeouts(5_000, 10_000), 2, 11123);
        List<Socket> idle = new ArrayList<>();
        try {
            for (int i = 0; i < 2; i++) {
                idle.add(new Socket(ke().getAddress(), ke().getPort()));
            }
            awaitCounterOrHandshakes();
            try (Socket third = new Socket(ke().getAddress(), ke().getPort())) {
                third.setSoTimeout(10_000);
                InputStream in = third.getInputStream();
                int r;
                try {
                    r = in.read();
                } catch (java.net.SocketException reset) {
                    r = -1;
                }
                assertThat(r).isEqualTo(-1);
            }
            awaitCounter(NtsCounter.KE_FAILED, 1);
        } finally {
            for (Socket s : idle) {
                s.close();
            }
        }
        // The slots free again once the idle connections end.
        assertThat(await(() -> {
            try {
                return KeClient.exchange(pki.clientContext(), ke()).cookies().size() == 8;
            } catch (Exception e) {
                return false;
            }
        })).isTrue();
    }

    /** Gives the server's acceptor a moment to hand the idle connections to their threads (bounded). */
    private static void awaitCounterOrHandshakes() {
        LockSupport.parkNanos(200_000_000L);
    }

    @Test
    void certificate_replacedOnDisk_servedToNewConnectionsWithoutRestart() throws Exception {
        start(NtsKeServer.Timeouts.DEFAULT, 100, 11123);
        TestPki renewed = TestPki.create(dir, "renewed");
        Files.copy(renewed.certificate(), pki.certificate(), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.copy(renewed.key(), pki.key(), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        boolean seen = await(() -> {
            try {
                KeClient.exchange(renewed.clientContext(), ke());
                return true;
            } catch (Exception e) {
                return false;
            }
        });
        assertThat(seen).as("the renewed certificate is served").isTrue();
    }

    @Test
    void certificate_halfRenewed_keepsTheOldPairAndSaysWhy() throws Exception {
        start(NtsKeServer.Timeouts.DEFAULT, 100, 11123);
        TestPki other = TestPki.create(dir, "other");
        Files.copy(other.certificate(), pki.certificate(), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.writeString(pki.key(), Files.readString(pki.key()) + "\n");
        // The old certificate stays in use: connections trusting it keep working across checks.
        for (int i = 0; i < 3; i++) {
            LockSupport.parkNanos(400_000_000L);
            assertThat(KeClient.exchange(pki.clientContext(), ke()).cookies()).hasSize(8);
        }
    }

    @Test
    void start_keyOfAnotherCertificate_failsNamingTheFiles() throws Exception {
        TestPki other = TestPki.create(dir, "other");
        NtsSettings s = new NtsSettings(4460, pki.certificates(), other.keys(), null, 604_800, 1, 100);
        assertThatThrownBy(() -> NtsService.start(s, List.of(ANY_LOOPBACK_PORT), 123, a -> true, System::nanoTime))
                .isInstanceOf(IOException.class).hasMessageContaining(other.key().toString())
                .hasMessageContaining("matching pairs");
    }

    @Test
    void pem_pkcs1RsaKeyAndBadFiles_readOrExplained() throws Exception {
        byte[] pkcs8 = pki.privateKey().getEncoded();
        byte[] pkcs1 = Arrays.copyOfRange(pkcs8, 26, pkcs8.length);
        Path rsa = dir.resolve("rsa.key");
        Files.writeString(rsa, TestPki.pem("RSA PRIVATE KEY", pkcs1));
        assertThat(PemFiles.privateKey(rsa)).isEqualTo(pki.privateKey());
        Path enc = dir.resolve("enc.key");
        Files.writeString(enc, TestPki.pem("ENCRYPTED PRIVATE KEY", new byte[] {1, 2, 3}));
        assertThatThrownBy(() -> PemFiles.privateKey(enc)).hasMessageContaining("encrypted");
        Path none = dir.resolve("none.pem");
        Files.writeString(none, "hello\n");
        assertThatThrownBy(() -> PemFiles.certificates(none)).hasMessageContaining("BEGIN CERTIFICATE");
        assertThatThrownBy(() -> PemFiles.privateKey(none)).hasMessageContaining("BEGIN PRIVATE KEY");
        Path junk = dir.resolve("junk.pem");
        Files.writeString(junk, TestPki.pem("CERTIFICATE", new byte[] {1, 2, 3}));
        assertThatThrownBy(() -> PemFiles.certificates(junk)).hasMessageContaining("openssl x509");
    }

    private void awaitCounter(NtsCounter c, long n) {
        assertThat(await(() -> nts.stats().get(c) >= n)).as("%s reaches %d: %s", c, n, nts.stats().snapshot())
                .isTrue();
    }

    private static boolean await(BooleanSupplier condition) {
        long deadline = System.nanoTime() + 15_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            LockSupport.parkNanos(50_000_000L);
        }
        return true;
    }
}
