// The NTS-KE server (RFC 8915 section 4): TLS 1.3 on TCP, one virtual thread per connection, bounded and timed out.
package dev.jntp.daemon.nts;

import dev.jntp.daemon.AddressText;
import dev.jntp.engine.nts.AeadAlgorithm;
import dev.jntp.engine.nts.KeServerLogic;
import dev.jntp.engine.nts.NtsCounter;
import dev.jntp.engine.nts.NtsKeys;
import dev.jntp.engine.nts.NtsStats;
import dev.jntp.proto.nts.KeCodec;
import dev.jntp.proto.nts.KeDecodeResult;
import dev.jntp.proto.nts.KeRecord;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Predicate;
import javax.net.ssl.SSLSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Listens for NTS-KE on TCP and answers each connection on a virtual thread: the TLS 1.3 handshake
 * (ALPN {@code ntske/1} required), the client's request read up to its End of Message, then the
 * response of {@link KeServerLogic}: for an accepted request, keys exported from the session
 * ({@link NtsKeyExport}) sealed into {@value KeServerLogic#COOKIES} cookies. Then the connection is
 * closed. Bounds: at most {@code maxConnections} connections at once (others are closed at
 * once), reads time out after {@link Timeouts#io}, and a connection is cut after
 * {@link Timeouts#connection} whatever it does. Addresses the access rules deny are closed
 * unanswered, as chrony does.
 */
final class NtsKeServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(NtsKeServer.class);

    /** How long a read may block, and how long a whole connection may last, milliseconds. */
    record Timeouts(int io, int connection) {
        /** 5 s per read, 10 s for a whole connection: room for a cold start on a loaded machine. */
        static final Timeouts DEFAULT = new Timeouts(5_000, 10_000);
    }

    /** What the server needs from the rest of the daemon. */
    record Wiring(NtsTls tls, Function<NtsKeys, byte[]> cookies, int ntpPort, Predicate<InetAddress> allowed,
            NtsStats stats) {}

    private final Wiring wiring;
    private final Timeouts timeouts;
    private final Semaphore slots;
    private final List<ServerSocket> sockets = new ArrayList<>();
    private final List<Thread> acceptors = new ArrayList<>();
    private final ScheduledExecutorService reaper;
    private volatile boolean open = true;

    private NtsKeServer(Wiring wiring, Timeouts timeouts, int maxConnections) {
        this.wiring = wiring;
        this.timeouts = timeouts;
        this.slots = new Semaphore(maxConnections);
        this.reaper = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("nts-ke-timeouts")
                .daemon(true).factory());
    }

    /** Binds every address and starts accepting; an IOException names the address that failed. */
    static NtsKeServer start(List<InetSocketAddress> addresses, Wiring wiring, Timeouts timeouts, int maxConnections)
            throws IOException {
        NtsKeServer s = new NtsKeServer(wiring, timeouts, maxConnections);
        try {
            for (InetSocketAddress a : addresses) {
                s.sockets.add(bind(a));
            }
        } catch (IOException e) {
            s.close();
            throw e;
        }
        for (ServerSocket ss : s.sockets) {
            Thread t = Thread.ofVirtual().name("nts-ke-accept-" + ss.getLocalPort()).start(() -> s.accept(ss));
            s.acceptors.add(t);
        }
        return s;
    }

    private static ServerSocket bind(InetSocketAddress addr) throws IOException {
        ServerSocket ss = new ServerSocket();
        try {
            ss.setReuseAddress(true);
            ss.bind(addr, 64);
            return ss;
        } catch (SocketException e) {
            ss.close();
            if (addr.getAddress().isAnyLocalAddress() && addr.getAddress().getAddress().length == 16
                    && !(e instanceof BindException)) {
                return bind(new InetSocketAddress(InetAddress.ofLiteral("0.0.0.0"), addr.getPort()));
            }
            throw new IOException("cannot listen for NTS-KE on " + AddressText.of(addr) + ": " + e.getMessage()
                    + (addr.getPort() < 1024 ? " (ports below 1024 need root or CAP_NET_BIND_SERVICE; or set"
                    + " 'ntsport' above 1023)" : " (is another NTS server running? set 'ntsport' to another port)"),
                    e);
        }
    }

    /** The addresses actually bound (ports resolved). */
    List<InetSocketAddress> localAddresses() {
        return sockets.stream().map(s -> (InetSocketAddress) s.getLocalSocketAddress()).toList();
    }

    private void accept(ServerSocket ss) {
        while (open) {
            Socket c;
            try {
                c = ss.accept();
            } catch (IOException e) {
                if (!open) {
                    return;
                }
                LOG.warn("NTS-KE accept on {} failed: {}", ss.getLocalSocketAddress(), e.toString());
                continue;
            }
            if (!wiring.allowed().test(c.getInetAddress())) {
                closeQuietly(c);
                wiring.stats().increment(NtsCounter.KE_FAILED);
                continue;
            }
            if (!slots.tryAcquire()) {
                closeQuietly(c);
                wiring.stats().increment(NtsCounter.KE_FAILED);
                LOG.debug("NTS-KE from {} closed: too many connections at once", c.getRemoteSocketAddress());
                continue;
            }
            Thread.ofVirtual().name("nts-ke").start(() -> {
                try {
                    serve(c);
                } finally {
                    slots.release();
                }
            });
        }
    }

    /** Answers one connection; counts the outcome. */
    void serve(Socket plain) {
        long start = System.nanoTime();
        ScheduledFuture<?> cut = reaper.schedule(() -> closeQuietly(plain), timeouts.connection(),
                TimeUnit.MILLISECONDS);
        String peer = String.valueOf(plain.getRemoteSocketAddress());
        try (SSLSocket s = wiring.tls().serverSocket(plain)) {
            plain.setSoTimeout(timeouts.io());
            // JSSE writes a handshake flight as several small segments: without this, Nagle's algorithm holds
            // the later ones until the client's delayed ACK (40 ms on Linux).
            plain.setTcpNoDelay(true);
            s.startHandshake();
            if (!NtsKeyExport.ALPN.equals(s.getApplicationProtocol())) {
                wiring.stats().increment(NtsCounter.KE_FAILED);
                LOG.debug("NTS-KE from {}: no ALPN {}, closed", peer, NtsKeyExport.ALPN);
                return;
            }
            KeServerLogic.Outcome outcome = read(s.getInputStream());
            List<KeRecord> response;
            if (outcome instanceof KeServerLogic.Outcome.Accepted(AeadAlgorithm aead)) {
                NtsKeys keys = NtsKeyExport.derive(s.getSession(), aead);
                List<byte[]> cookies = new ArrayList<>(KeServerLogic.COOKIES);
                for (int i = 0; i < KeServerLogic.COOKIES; i++) {
                    cookies.add(wiring.cookies().apply(keys));
                }
                response = KeServerLogic.response(aead, cookies, wiring.ntpPort(), null);
            } else {
                response = ((KeServerLogic.Outcome.Refused) outcome).response();
            }
            OutputStream out = s.getOutputStream();
            out.write(KeCodec.encode(response));
            out.flush();
            boolean accepted = outcome instanceof KeServerLogic.Outcome.Accepted;
            wiring.stats().increment(accepted ? NtsCounter.KE_ACCEPTED : NtsCounter.KE_REFUSED);
            if (LOG.isDebugEnabled()) {
                LOG.debug("NTS-KE from {}: {} in {} us", peer, accepted ? "8 cookies"
                        : "refused, " + ((KeServerLogic.Outcome.Refused) outcome).reason(),
                        (System.nanoTime() - start) / 1000);
            }
        } catch (IOException | RuntimeException e) {
            wiring.stats().increment(NtsCounter.KE_FAILED);
            LOG.debug("NTS-KE from {} failed: {}", peer, e.toString());
        } finally {
            cut.cancel(false);
            closeQuietly(plain);
        }
    }

    /** Reads the request to its End of Message and negotiates; a request that does not decode is refused. */
    private static KeServerLogic.Outcome read(InputStream in) throws IOException {
        byte[] buf = new byte[KeCodec.MAX_MESSAGE_LENGTH];
        int n = 0;
        while (true) {
            int r = in.read(buf, n, buf.length - n);
            if (r < 0) {
                throw new IOException("connection closed after " + n + " octets of the request");
            }
            n += r;
            switch (KeCodec.decodeMessage(buf, 0, n)) {
                case KeDecodeResult.Message m -> {
                    return KeServerLogic.negotiate(m.records());
                }
                case KeDecodeResult.Rejected rej -> {
                    return KeServerLogic.refuse(rej.error(), rej.detail());
                }
                case KeDecodeResult.Incomplete i -> {
                    // read on
                }
            }
        }
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // closing anyway
        }
    }

    @Override
    public void close() {
        open = false;
        for (ServerSocket s : sockets) {
            try {
                s.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
        for (Thread t : acceptors) {
            try {
                t.join(2_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        reaper.shutdownNow();
    }
}
