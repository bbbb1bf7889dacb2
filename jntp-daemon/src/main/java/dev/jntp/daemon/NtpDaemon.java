// The running daemon: builds the server from a configuration, owns its sockets and threads, stops cleanly.
package dev.jntp.daemon;

import dev.jntp.config.AccessRule;
import dev.jntp.config.JntpConfig;
import dev.jntp.engine.server.AccessFilter;
import dev.jntp.engine.server.ReferenceProvider;
import dev.jntp.engine.server.ServerResponder;
import dev.jntp.engine.server.ServerStats;
import dev.jntp.daemon.control.ControlServer;
import dev.jntp.daemon.control.Tracking;
import dev.jntp.engine.server.ReferenceState;
import dev.jntp.proto.NtpTimestamp;
import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProtocolFamily;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.file.Path;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The jntp daemon. For now it serves time: it answers NTP clients from its local clock at the
 * configured {@code local stratum}, or as unsynchronised without one. Upstream sources are read
 * from the configuration and kept for the synchronisation engine.
 */
public final class NtpDaemon implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(NtpDaemon.class);

    private final JntpConfig config;
    private final ServerStats stats = new ServerStats();
    private final List<UdpListener> listeners = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final int precision;
    private final Path controlSocket;
    private ControlServer control;
    private volatile ReferenceProvider reference;

    private NtpDaemon(JntpConfig config, int precision, Path controlSocket) {
        this.config = config;
        this.precision = precision;
        this.controlSocket = controlSocket;
    }

    /**
     * Binds every socket the configuration names and starts serving; throws if any NTP socket
     * cannot be bound. A control socket ({@code bindcmdaddress}) that cannot be created is logged
     * and skipped: serving time matters more than status commands.
     */
    public static NtpDaemon start(JntpConfig config) throws IOException {
        NtpDaemon d = new NtpDaemon(config, WallClock.measurePrecision(), config.controlSocketPath().orElse(null));
        try {
            d.open();
        } catch (IOException | RuntimeException e) {
            d.close();
            throw e;
        }
        return d;
    }

    private void open() throws IOException {
        reference = config.localReference()
                .map(l -> ReferenceProvider.local(l.stratum(), precision))
                .orElseGet(() -> ReferenceProvider.unsynchronised(precision));
        ServerResponder responder = new ServerResponder(accessFilter(config), stats);
        warmUp(reference);
        if (config.port() == 0) {
            LOG.info("port 0: the NTP server is disabled");
        } else {
            for (InetSocketAddress addr : bindAddresses(config)) {
                UdpListener l = new UdpListener(bind(addr), responder, reference);
                listeners.add(l);
            }
        }
        if (controlSocket != null) {
            try {
                control = ControlServer.start(controlSocket, new DaemonControl(this::tracking));
                LOG.info("control socket {}", controlSocket);
            } catch (IOException | RuntimeException e) {
                LOG.warn("no control socket: cannot create {}: {} (status commands will not reach this daemon)",
                        controlSocket, e.toString());
            }
        }
        for (UdpListener l : listeners) {
            Thread t = Thread.ofPlatform().name("ntp-" + l.localAddress()).daemon(false).unstarted(l);
            threads.add(t);
            t.start();
        }
        LOG.info("serving NTP on {}", listeners.stream().map(l -> format(l.localAddress())).toList());
        LOG.info("precision 2^{} s ({} ns)", precision, Math.round(Math.scalb(1e9, precision)));
        LOG.info(config.localReference()
                .map(l -> "reference: this host's clock at local stratum " + l.stratum()
                        + " (no upstream synchronisation yet)")
                .orElse("reference: none; replies say unsynchronised (leap 3, stratum 16) "
                        + "until synchronisation exists; add 'local stratum N' to serve this host's clock"));
        if (!config.sources().isEmpty()) {
            LOG.info("{} server/pool line(s) read and kept; polling upstream sources is not implemented yet",
                    config.sources().size());
        }
    }

    /**
     * Runs the reply path on a synthetic request until the JIT has compiled it, so that the first
     * clients are not answered by the interpreter (slower, and so less accurate timestamps).
     */
    private static void warmUp(ReferenceProvider reference) {
        ServerResponder r = new ServerResponder(AccessFilter.of(List.of(new AccessFilter.Rule(true, false, null))),
                new ServerStats());
        byte[] req = new byte[48];
        req[0] = 0x23;
        byte[] out = new byte[ServerResponder.MAX_REPLY_LENGTH];
        byte[] client = {127, 0, 0, 1};
        for (int i = 0; i < 20_000; i++) {
            NtpTimestamp now = NtpTimestamp.fromUnixNanos(WallClock.unixNanos());
            r.respond(req, req.length, client, now, reference.at(now), out);
            ServerResponder.stampTransmit(out, NtpTimestamp.fromUnixNanos(WallClock.unixNanos()));
        }
    }

    /** The synchronisation state as {@code jntp tracking} reports it. */
    Tracking tracking() {
        long now = WallClock.unixNanos();
        ReferenceState r = reference.at(NtpTimestamp.fromUnixNanos(now));
        boolean synced = r.synchronised();
        String leap = switch (r.leap()) {
            case NO_WARNING -> "Normal";
            case INSERT_SECOND -> "Insert second";
            case DELETE_SECOND -> "Delete second";
            case UNSYNCHRONIZED -> "Not synchronised";
        };
        return new Tracking(r.referenceId().toString(), synced ? "local clock" : "", synced ? r.stratum() : 16,
                r.referenceTime().isZero() ? 0 : r.referenceTime().toUnixNanos(now), 0, 0, 0, 0, 0,
                r.rootDelay().toSeconds(), r.rootDispersion().toSeconds(), 0, leap, synced,
                synced ? "" : "no reference: no local stratum and no synchronisation yet");
    }

    /** The daemon's access filter, from the allow/deny lines in file order. */
    static AccessFilter accessFilter(JntpConfig config) {
        List<AccessFilter.Rule> rules = new ArrayList<>();
        for (AccessRule r : config.accessRules()) {
            rules.add(new AccessFilter.Rule(r.allow(), r.all(), r.subnet()));
        }
        return AccessFilter.of(rules);
    }

    /** Configured addresses on the configured port; the IPv6 wildcard (dual stack) when none. */
    static List<InetSocketAddress> bindAddresses(JntpConfig config) {
        if (config.bindAddresses().isEmpty()) {
            return List.of(new InetSocketAddress(InetAddress.ofLiteral("::"), config.port()));
        }
        return config.bindAddresses().stream().map(a -> new InetSocketAddress(a, config.port())).toList();
    }

    private static DatagramChannel bind(InetSocketAddress addr) throws IOException {
        ProtocolFamily family = addr.getAddress().getAddress().length == 4
                ? StandardProtocolFamily.INET : StandardProtocolFamily.INET6;
        DatagramChannel ch;
        try {
            ch = DatagramChannel.open(family);
        } catch (UnsupportedOperationException | IOException e) {
            if (family == StandardProtocolFamily.INET6 && addr.getAddress().isAnyLocalAddress()) {
                return bind(new InetSocketAddress(InetAddress.ofLiteral("0.0.0.0"), addr.getPort()));
            }
            throw new IOException("cannot open an " + family + " socket for " + format(addr) + ": " + e, e);
        }
        try {
            ch.setOption(StandardSocketOptions.SO_REUSEADDR, false);
            ch.bind(addr);
            return ch;
        } catch (BindException e) {
            ch.close();
            String hint = addr.getPort() < 1024
                    ? " (ports below 1024 need root or CAP_NET_BIND_SERVICE; or choose a 'port' above 1023)"
                    : " (is another NTP server running on it?)";
            throw new IOException("cannot bind " + format(addr) + ": " + e.getMessage() + hint, e);
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    private static String format(InetSocketAddress a) {
        return AddressText.of(a);
    }

    /** The addresses actually bound (ports resolved). */
    public List<InetSocketAddress> localAddresses() {
        return listeners.stream().map(UdpListener::localAddress).toList();
    }

    /** The server counters. */
    public ServerStats stats() {
        return stats;
    }

    /** The measured precision, log2 seconds. */
    public int precision() {
        return precision;
    }

    /** Blocks until {@link #close} has finished. */
    public void awaitStop() throws InterruptedException {
        stopped.await();
    }

    /** Closes every socket and waits for the threads to end. Idempotent. */
    @Override
    public synchronized void close() {
        if (stopped.getCount() == 0) {
            return;
        }
        if (control != null) {
            control.close();
        }
        for (UdpListener l : listeners) {
            l.close();
        }
        for (Thread t : threads) {
            try {
                t.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        stopped.countDown();
    }
}
