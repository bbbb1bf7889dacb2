// The daemon's NTS server: cookie keys kept and rotated, the NTP-side responder, and the NTS-KE listener.
package dev.jntp.daemon.nts;

import dev.jntp.config.NtsSettings;
import dev.jntp.engine.nts.CookieKeys;
import dev.jntp.engine.nts.NtsResponder;
import dev.jntp.engine.nts.NtsStats;
import dev.jntp.proto.NtpTimestamp;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything the daemon runs for NTS (RFC 8915) as a server. Built by {@code NtpDaemon} when
 * {@code ntsservercert} is configured: the certificate is loaded (a failure stops the start,
 * naming the file), the cookie keys are read from {@code ntsdumpdir} or made, the NTS-KE server
 * listens on {@code ntsport} at the NTP server's addresses (unless {@code ntsport 0}), and a
 * platform thread checks the keys every quarter of {@code ntsrotate} (at most every 10 minutes,
 * every minute with {@code ntsrotate 0}) to rotate them and to pick up keys another server
 * wrote to the shared directory.
 */
public final class NtsService implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(NtsService.class);

    private final NtsSettings settings;
    private final NtsStats stats = new NtsStats();
    private final CookieKeyStore store;
    private final LongSupplier unixNanos;
    private final NtsResponder responder;
    private final ScheduledExecutorService keeper;
    private NtsKeServer ke;

    private NtsService(NtsSettings settings, LongSupplier unixNanos, java.util.function.Supplier<NtpTimestamp> tx) {
        this.settings = settings;
        this.unixNanos = unixNanos;
        SecureRandom random = new SecureRandom();
        this.store = new CookieKeyStore(settings.dumpDir(), settings.rotateSeconds(), random, LOG::warn);
        long now = nowSeconds();
        CookieKeys keys = store.update(now);
        this.responder = new NtsResponder(keys, now, tx, random, stats);
        this.keeper = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("nts-keys").daemon(true)
                .factory());
    }

    /**
     * Starts NTS.
     *
     * @param settings the configuration's NTS settings (enabled)
     * @param keAddresses where NTS-KE listens (the NTP addresses with ntsport)
     * @param ntpPort the NTP server's port, told to clients when it is not 123
     * @param allowed the access rules for NTS-KE clients (the NTP server's)
     * @param unixNanos the served clock, Unix nanoseconds
     */
    public static NtsService start(NtsSettings settings, List<InetSocketAddress> keAddresses, int ntpPort,
            Predicate<InetAddress> allowed, LongSupplier unixNanos) throws IOException {
        return start(settings, keAddresses, ntpPort, allowed, unixNanos, NtsKeServer.Timeouts.DEFAULT);
    }

    static NtsService start(NtsSettings settings, List<InetSocketAddress> keAddresses, int ntpPort,
            Predicate<InetAddress> allowed, LongSupplier unixNanos, NtsKeServer.Timeouts timeouts) throws IOException {
        NtsTls tls = NtsTls.load(settings.certificates(), settings.keys(), System::nanoTime, LOG::info, LOG::warn);
        NtsService s = new NtsService(settings, unixNanos,
                () -> NtpTimestamp.fromUnixNanos(unixNanos.getAsLong()));
        warmUp();
        try {
            if (settings.port() != 0) {
                s.ke = NtsKeServer.start(keAddresses, new NtsKeServer.Wiring(tls, s.responder::cookie, ntpPort,
                        allowed, s.stats), timeouts, settings.maxConnections());
            }
        } catch (IOException | RuntimeException e) {
            s.close();
            throw e;
        }
        long period = settings.rotateSeconds() == 0 ? 60 : Math.clamp(settings.rotateSeconds() / 4, 1, 600);
        s.keeper.scheduleAtFixedRate(s::refreshKeys, period, period, TimeUnit.SECONDS);
        s.logStart(period);
        return s;
    }

    /**
     * Runs the NTS reply path on throwaway keys until the JIT has compiled it: interpreted, a reply
     * takes about 0.6 ms, a tenth of it after the transmit timestamp (which the client then counts
     * as network delay); compiled, some 20 us and 4 us. Takes a few tenths of a second at start.
     */
    private static void warmUp() {
        java.util.Random rnd = new java.util.Random(8915);
        CookieKeys ring = CookieKeys.empty().rotate(0, 0, rnd);
        NtpTimestamp t = NtpTimestamp.fromUnixNanos(1_000_000_000L);
        NtsResponder r = new NtsResponder(ring, 0, () -> t, rnd, new NtsStats());
        byte[] c2s = new byte[32];
        byte[] s2c = new byte[32];
        rnd.nextBytes(c2s);
        rnd.nextBytes(s2c);
        dev.jntp.engine.nts.NtsKeys keys = new dev.jntp.engine.nts.NtsKeys(
                dev.jntp.engine.nts.AeadAlgorithm.AES_SIV_CMAC_256, c2s, s2c);
        byte[] header = new byte[dev.jntp.proto.NtpPacket.HEADER_LENGTH];
        header[0] = 0x23;
        byte[] request = dev.jntp.engine.nts.NtsClientPackets.request(header, new byte[32], r.cookie(keys), 1, keys,
                new byte[16]);
        dev.jntp.proto.NtpPacket packet = ((dev.jntp.proto.DecodeResult.Decoded) dev.jntp.proto.NtpCodec
                .decode(request)).packet();
        byte[] out = new byte[request.length];
        for (int i = 0; i < 5_000; i++) {
            r.respond(packet, request, request.length, out);
        }
    }

    private void logStart(long period) {
        LOG.info("NTS: {}; cookie keys {}{}", ke == null ? "no NTS-KE server (ntsport 0)"
                : "NTS-KE on " + ke.localAddresses().stream().map(dev.jntp.daemon.AddressText::of).toList()
                        + " (TLS 1.3, ALPN ntske/1)",
                store.file() == null ? "in memory only (no ntsdumpdir: a restart invalidates every cookie)"
                        : "in " + store.file(),
                settings.rotateSeconds() == 0 ? ", not rotated (ntsrotate 0), reread every " + period + " s"
                        : ", rotated every " + settings.rotateSeconds() + " s, checked every " + period + " s");
        if (settings.processes() != NtsSettings.DEFAULT_PROCESSES) {
            LOG.info("ntsprocesses {}: not used; jntp answers NTS-KE on virtual threads of its one process",
                    settings.processes());
        }
    }

    /** Reloads and rotates the cookie keys now (also run on a timer). */
    void refreshKeys() {
        try {
            long now = nowSeconds();
            responder.setKeys(store.update(now), now);
        } catch (RuntimeException e) {
            LOG.warn("NTS cookie keys not refreshed: {}", e.toString());
        }
    }

    private long nowSeconds() {
        return Math.floorDiv(unixNanos.getAsLong(), 1_000_000_000L);
    }

    /** The NTP-side responder, for {@code ServerResponder.setNts}. */
    public NtsResponder responder() {
        return responder;
    }

    /** The NTS counters. */
    public NtsStats stats() {
        return stats;
    }

    /** Where NTS-KE listens (ports resolved); empty with {@code ntsport 0}. */
    public List<InetSocketAddress> keAddresses() {
        return ke == null ? List.of() : ke.localAddresses();
    }

    /**
     * Adds the NTS counters to a serverstats reply as {@code nts_<counter>} (chronyc serverstats shows
     * NTS-KE connections and authenticated packets too); without NTS ({@code counters} null) adds nothing.
     */
    public static java.util.Map<String, Object> addCounters(java.util.Map<String, Object> serverStats,
            java.util.Map<dev.jntp.engine.nts.NtsCounter, Long> counters) {
        if (counters != null) {
            counters.forEach((k, v) -> serverStats.put("nts_" + k.name().toLowerCase(java.util.Locale.ROOT), v));
        }
        return serverStats;
    }

    @Override
    public void close() {
        keeper.shutdownNow();
        if (ke != null) {
            ke.close();
        }
    }
}
