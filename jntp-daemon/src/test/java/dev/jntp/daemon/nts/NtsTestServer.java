// A small in-process NTS server for the client's tests: a JSSE NTS-KE server and a UDP NTP responder on loopback.
package dev.jntp.daemon.nts;

import dev.jntp.engine.nts.AeadAlgorithm;
import dev.jntp.engine.nts.CookieKeys;
import dev.jntp.engine.nts.Cookies;
import dev.jntp.engine.nts.KeServerLogic;
import dev.jntp.engine.nts.NtsKeys;
import dev.jntp.engine.nts.NtsResponder;
import dev.jntp.engine.nts.NtsStats;
import dev.jntp.engine.server.AccessFilter;
import dev.jntp.engine.server.ReferenceState;
import dev.jntp.engine.server.ServerResponder;
import dev.jntp.engine.server.ServerStats;
import dev.jntp.proto.LeapIndicator;
import dev.jntp.proto.NtpShort;
import dev.jntp.proto.NtpTimestamp;
import dev.jntp.proto.ReferenceId;
import dev.jntp.proto.nts.KeCodec;
import dev.jntp.proto.nts.KeDecodeResult;
import dev.jntp.proto.nts.KeRecord;
import java.io.IOException;
import java.io.InputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;

/**
 * NTS as jntp's engine serves it ({@link KeServerLogic}, {@link Cookies}, {@link NtsResponder}), with
 * JSSE for TLS: enough of a server to test the daemon's client without the daemon's own server.
 * The certificate is self-signed (made with the JDK's keytool, EC P-256) and trusted directly by
 * the client through {@code ntstrustedcerts}. Each NTS-KE connection gets one response; what it
 * says can be changed ({@link #respondWith}). The NTP responder answers from this host's clock
 * at stratum 1.
 */
public final class NtsTestServer implements AutoCloseable {

    /** A self-signed certificate and its key store. */
    public record Certificate(Path pem, Path keyStore, X509Certificate cert) {

        /** Makes one for {@code sans} (keytool's syntax, e.g. {@code dns:localhost,ip:127.0.0.1}) in {@code dir}. */
        public static Certificate create(Path dir, String name, String sans) throws IOException {
            Path store = dir.resolve(name + ".p12");
            String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
            try {
                Process p = new ProcessBuilder(keytool, "-genkeypair", "-keyalg", "EC", "-groupname", "secp256r1",
                        "-alias", "nts", "-dname", "CN=" + name, "-ext", "san=" + sans, "-validity", "30",
                        "-storetype", "PKCS12", "-keystore", store.toString(), "-storepass", "changeit")
                        .redirectErrorStream(true).start();
                String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                    throw new IOException("keytool failed: " + output);
                }
                KeyStore ks = load(store);
                X509Certificate cert = (X509Certificate) ks.getCertificate("nts");
                Path pem = dir.resolve(name + ".crt");
                Files.writeString(pem, "-----BEGIN CERTIFICATE-----\n" + Base64.getMimeEncoder(64,
                        new byte[] {'\n'}).encodeToString(cert.getEncoded()) + "\n-----END CERTIFICATE-----\n");
                return new Certificate(pem, store, cert);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(e);
            } catch (GeneralSecurityException e) {
                throw new IOException(e);
            }
        }
    }

    private static KeyStore load(Path store) throws IOException, GeneralSecurityException {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            ks.load(in, "changeit".toCharArray());
        }
        return ks;
    }

    private final SSLServerSocket ke;
    private final DatagramSocket ntp;
    private volatile CookieKeys ring;
    private final NtsResponder nts;
    private final ServerResponder responder;
    private final Random random = new SecureRandom();
    private final List<Thread> threads = new ArrayList<>();
    private volatile Function<NtsKeys, List<KeRecord>> response;
    private volatile boolean alpn = true;
    /** NTS-KE sessions answered, and NTP requests answered. */
    public final AtomicInteger keSessions = new AtomicInteger();
    public final AtomicInteger ntpRequests = new AtomicInteger();
    /** The keys of the last session, as the server exported them; the SNI names the last client sent. */
    public volatile NtsKeys lastKeys;
    public volatile List<SNIServerName> lastServerNames = List.of();

    /**
     * Starts the NTS-KE server on {@code keAddress} (port 0: any) and the NTP responder on {@code ntpAddress}.
     */
    public NtsTestServer(Certificate certificate, InetAddress keAddress, InetAddress ntpAddress) throws IOException {
        try {
            KeyManagerFactory kmf = KeyManagerFactory.getInstance("PKIX");
            kmf.init(load(certificate.keyStore()), "changeit".toCharArray());
            SSLContext context = SSLContext.getInstance("TLSv1.3");
            context.init(kmf.getKeyManagers(), null, null);
            ke = (SSLServerSocket) context.getServerSocketFactory().createServerSocket(0, 50, keAddress);
        } catch (GeneralSecurityException e) {
            throw new IOException(e);
        }
        ntp = new DatagramSocket(new InetSocketAddress(ntpAddress, 0));
        ring = CookieKeys.empty().rotate(System.currentTimeMillis() / 1000, 604_800, random);
        responder = new ServerResponder(AccessFilter.of(List.of(new AccessFilter.Rule(true, true, null))),
                new ServerStats());
        nts = new NtsResponder(ring, System.currentTimeMillis() / 1000, NtsTestServer::now, random, new NtsStats());
        responder.setNts(nts);
        response = keys -> KeServerLogic.response(keys.aead(), cookies(keys, 8), ntp.getLocalPort(), null);
        threads.add(Thread.ofPlatform().daemon(true).name("test-nts-ke").start(this::serveKe));
        threads.add(Thread.ofPlatform().daemon(true).name("test-nts-ntp").start(this::serveNtp));
    }

    /** The NTS-KE server's address and port. */
    public InetSocketAddress keAddress() {
        return new InetSocketAddress(ke.getInetAddress(), ke.getLocalPort());
    }

    /** The NTP responder's address and port. */
    public InetSocketAddress ntpAddress() {
        return new InetSocketAddress(ntp.getLocalAddress(), ntp.getLocalPort());
    }

    /** Answers the next sessions with what {@code response} gives for their keys (End of Message included). */
    public void respondWith(Function<NtsKeys, List<KeRecord>> r) {
        response = r;
    }

    /** New cookie keys only, as a server restarted without its key file: cookies issued before get NTS NAKs. */
    public void rotateAway() {
        ring = CookieKeys.empty().rotate(System.currentTimeMillis() / 1000, 604_800, random);
        nts.setKeys(ring, System.currentTimeMillis() / 1000);
    }

    /** Whether the server offers ALPN ntske/1 (a TLS server that is not an NTS-KE server does not). */
    public void offerAlpn(boolean on) {
        alpn = on;
    }

    /** {@code n} cookies for {@code keys} that this server's NTP responder accepts. */
    public List<byte[]> cookies(NtsKeys keys, int n) {
        List<byte[]> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            byte[] nonce = new byte[Cookies.NONCE_LENGTH];
            random.nextBytes(nonce);
            out.add(Cookies.seal(keys, ring.current(System.currentTimeMillis() / 1000).orElseThrow(), nonce));
        }
        return out;
    }

    private void serveKe() {
        while (!ke.isClosed()) {
            try (SSLSocket s = (SSLSocket) ke.accept()) {
                s.setSoTimeout(5_000);
                SSLParameters p = s.getSSLParameters();
                p.setProtocols(new String[] {"TLSv1.3"});
                p.setApplicationProtocols(alpn ? new String[] {"ntske/1"} : new String[0]);
                s.setSSLParameters(p);
                s.startHandshake();
                ExtendedSSLSession session = (ExtendedSSLSession) s.getSession();
                lastServerNames = session.getRequestedServerNames();
                byte[] buf = new byte[KeCodec.MAX_MESSAGE_LENGTH];
                int len = 0;
                KeDecodeResult r;
                while ((r = KeCodec.decodeMessage(buf, 0, len)) instanceof KeDecodeResult.Incomplete) {
                    int n = s.getInputStream().read(buf, len, buf.length - len);
                    if (n < 0) {
                        break;
                    }
                    len += n;
                }
                if (!(r instanceof KeDecodeResult.Message m)
                        || !(KeServerLogic.negotiate(m.records()) instanceof KeServerLogic.Outcome.Accepted a)) {
                    continue;
                }
                AeadAlgorithm aead = a.aead();
                NtsKeys keys = new NtsKeys(aead, export(session, aead, 0), export(session, aead, 1));
                lastKeys = keys;
                s.getOutputStream().write(KeCodec.encode(response.apply(keys)));
                s.getOutputStream().flush();
                keSessions.incrementAndGet();
            } catch (IOException e) {
                // a client that failed the handshake, or the socket closed: next connection
            }
        }
    }

    private static byte[] export(ExtendedSSLSession s, AeadAlgorithm aead, int direction) throws IOException {
        return s.exportKeyingMaterialData("EXPORTER-network-time-security",
                new byte[] {0, 0, (byte) (aead.id() >> 8), (byte) aead.id(), (byte) direction}, aead.keyLength());
    }

    private void serveNtp() {
        byte[] in = new byte[2048];
        byte[] out = new byte[2048];
        while (!ntp.isClosed()) {
            try {
                DatagramPacket p = new DatagramPacket(in, in.length);
                ntp.receive(p);
                NtpTimestamp rx = now();
                ReferenceState ref = new ReferenceState(LeapIndicator.NO_WARNING, 1, -20, ReferenceId.LOCAL,
                        NtpShort.ZERO, NtpShort.ZERO, rx.plusNanos(-1_000_000_000L));
                int n = responder.respond(Arrays.copyOf(in, p.getLength()), p.getLength(),
                        p.getAddress().getAddress(), rx, ref, out);
                if (n > 0) {
                    ServerResponder.stampTransmit(out, now());
                    ntp.send(new DatagramPacket(out, n, p.getSocketAddress()));
                    ntpRequests.incrementAndGet();
                }
            } catch (SocketException e) {
                return;
            } catch (IOException e) {
                // next datagram
            }
        }
    }

    private static NtpTimestamp now() {
        java.time.Instant t = java.time.Instant.now();
        return NtpTimestamp.fromUnixNanos(t.getEpochSecond() * 1_000_000_000L + t.getNano());
    }

    @Override
    public void close() throws IOException {
        ke.close();
        ntp.close();
        for (Thread t : threads) {
            try {
                t.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
