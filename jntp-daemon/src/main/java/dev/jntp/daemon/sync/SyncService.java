// Runs the synchronisation engine: resolves sources, sends and receives their packets, applies clock corrections.
package dev.jntp.daemon.sync;

import dev.jntp.daemon.AddressText;
import dev.jntp.daemon.clock.ClockDriver;
import dev.jntp.daemon.net.Received;
import dev.jntp.daemon.net.TimestampedUdpSocket;
import dev.jntp.engine.leap.LeapTable;
import dev.jntp.engine.sync.SourceConfig;
import dev.jntp.engine.sync.SyncAction;
import dev.jntp.engine.sync.SyncEngine;
import dev.jntp.engine.sync.SyncSettings;
import dev.jntp.engine.sync.SystemState;
import dev.jntp.proto.ReferenceId;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The IO shell of {@link SyncEngine}: one platform thread. Each request leaves from a fresh
 * socket on a random port (RFC 9109), which stays open only until the next request to that
 * source. On Linux the sockets are FFM sockets whose replies carry the kernel's receive time
 * (T4 without the thread's wake-up delay); elsewhere java.nio channels and a selector. Wakes are kept on the monotonic clock, so steps of the wall clock do not
 * disturb polling. The engine is used from this thread only; others read {@link #state()}.
 */
public final class SyncService implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SyncService.class);

    /** A resolved source. */
    public record Upstream(SourceConfig config, InetSocketAddress address) {}

    private record Wake(long dueMonotonic, int sourceId) {}

    private final ClockDriver clock;
    private final SyncEngine engine;
    private final Selector selector;
    private final Map<Integer, InetSocketAddress> addresses = new HashMap<>();
    private final Map<Integer, DatagramChannel> pending = new HashMap<>();
    /** With the FFM socket: requests in flight, whose replies carry the kernel's receive time. */
    private final Map<Integer, TimestampedUdpSocket> pendingFfm = new HashMap<>();
    private final boolean ffm = TimestampedUdpSocket.isSupported();
    private final byte[] rxBuf = new byte[2048];
    private final PriorityQueue<Wake> wakes = new PriorityQueue<>((a, b) -> Long.compare(a.dueMonotonic, b.dueMonotonic));
    private final Thread thread;
    private volatile SystemState state;
    private volatile boolean running = true;
    private final ByteBuffer buf = ByteBuffer.allocate(2048);
    /** A reloaded leap table for the loop to hand to the engine (the engine is used from the loop only). */
    private volatile LeapTable newLeapTable;
    private LeapTable leapTable;

    private SyncService(ClockDriver clock, SyncEngine engine, Selector selector) {
        this.clock = clock;
        this.engine = engine;
        this.selector = selector;
        this.state = engine.state();
        this.thread = Thread.ofPlatform().name("sync").daemon(true).unstarted(this::loop);
    }

    /**
     * Starts polling {@code upstreams}.
     *
     * @param initialFrequencyPpm frequency from the drift file (already applied to the clock)
     * @param precision log2 seconds of the local clock's precision
     */
    public static SyncService start(ClockDriver clock, SyncSettings settings, List<Upstream> upstreams,
            double initialFrequencyPpm, int precision) throws IOException {
        return start(clock, settings, upstreams, initialFrequencyPpm, precision, null);
    }

    /** As above, with the leap second table of {@code leapsectz} or {@code leapseclist} (null: none). */
    public static SyncService start(ClockDriver clock, SyncSettings settings, List<Upstream> upstreams,
            double initialFrequencyPpm, int precision, LeapTable leapTable) throws IOException {
        // A frequency from the drift file is taken to be known to 1 ppm: a better measurement replaces it.
        SyncEngine engine = new SyncEngine(settings, clock.readNanos(), initialFrequencyPpm,
                initialFrequencyPpm != 0 ? 1.0 : 1e6, precision, new SplittableRandom(new SecureRandom().nextLong()));
        engine.setLeapTable(leapTable);
        SyncService s = new SyncService(clock, engine, Selector.open());
        s.leapTable = leapTable;
        s.newLeapTable = leapTable;
        List<SyncAction> actions = new ArrayList<>();
        for (Upstream u : upstreams) {
            int id = engine.addSource(u.config(), ReferenceId.ofAddress(u.address().getAddress().getAddress()), actions);
            s.addresses.put(id, u.address());
            LOG.info("source {}: {} ({}) minpoll {} maxpoll {}{}", id, u.config().name(), AddressText.of(u.address()),
                    u.config().minPoll(), u.config().maxPoll(), u.config().iburst() ? " iburst" : "");
        }
        s.perform(actions);
        s.thread.start();
        return s;
    }

    /** Replaces the leap second table (a reload); the engine uses it from its next clock update. */
    public void setLeapTable(LeapTable table) {
        newLeapTable = table;
    }

    /** The engine's latest published state. */
    public SystemState state() {
        return state;
    }

    private void loop() {
        while (running) {
            try {
                if (newLeapTable != leapTable) {
                    leapTable = newLeapTable;
                    engine.setLeapTable(leapTable);
                }
                long now = System.nanoTime();
                while (!wakes.isEmpty() && wakes.peek().dueMonotonic() <= now) {
                    Wake w = wakes.poll();
                    perform(engine.onWake(w.sourceId(), clock.readNanos()));
                }
                clock.nanosToSegmentEnd().ifPresent(d -> {
                    if (d <= 0) {
                        clock.tick();
                    }
                });
                long timeout = wakes.isEmpty() ? 1000 : Math.max(1, (wakes.peek().dueMonotonic() - now) / 1_000_000);
                long tick = clock.nanosToSegmentEnd().orElse(Long.MAX_VALUE);
                timeout = Math.min(timeout, Math.max(1, tick / 1_000_000));
                if (ffm) {
                    awaitAndReceive((int) Math.min(timeout, 100));
                } else {
                    selector.select(Math.min(timeout, 1000));
                    for (SelectionKey k : selector.selectedKeys()) {
                        receive(k);
                    }
                    selector.selectedKeys().clear();
                }
            } catch (IOException | RuntimeException e) {
                if (running) {
                    LOG.warn("synchronisation loop: {}", e.toString());
                }
            }
        }
    }

    /** Waits for replies on the sockets of the requests in flight and hands each to the engine. */
    private void awaitAndReceive(int timeoutMillis) throws IOException {
        List<Integer> ids = new ArrayList<>(pendingFfm.keySet());
        List<TimestampedUdpSocket> sockets = new ArrayList<>(ids.size());
        ids.forEach(id -> sockets.add(pendingFfm.get(id)));
        if (sockets.isEmpty()) {
            java.util.concurrent.locks.LockSupport.parkNanos(timeoutMillis * 1_000_000L);
            return;
        }
        boolean[] ready = TimestampedUdpSocket.awaitReadable(sockets, timeoutMillis);
        for (int i = 0; i < ready.length; i++) {
            if (!ready[i]) {
                continue;
            }
            int id = ids.get(i);
            try {
                Received r = sockets.get(i).receive(rxBuf, 0);
                if (r == null) {
                    continue;
                }
                long t4 = r.hasKernelTimestamp() ? clock.fromSystemTime(r.kernelRxNanos()) : clock.readNanos();
                delivered(id, rxBuf, r.length(), t4);
            } catch (IOException e) {
                LOG.debug("source {}: {}", id, e.toString());
            }
        }
    }

    private void delivered(int id, byte[] data, int length, long t4) {
        perform(engine.onReply(id, data, length, t4));
        logStop(id);
        if (LOG.isDebugEnabled()) {
            LOG.debug("reply from {}: state {} sources {}", id, engine.state(), engine.sources(t4));
        }
    }

    private void receive(SelectionKey k) {
        int id = (Integer) k.attachment();
        DatagramChannel ch = (DatagramChannel) k.channel();
        try {
            buf.clear();
            if (ch.receive(buf) == null) {
                return;
            }
            delivered(id, buf.array(), buf.position(), clock.readNanos());
        } catch (IOException e) {
            LOG.debug("source {}: {}", id, e.toString());
        }
    }

    private void perform(List<SyncAction> actions) {
        for (SyncAction a : actions) {
            switch (a) {
                case SyncAction.Send s -> send(s.sourceId(), s.request());
                case SyncAction.Wake w -> wakes.add(new Wake(System.nanoTime() + w.afterNanos(), w.sourceId()));
                case SyncAction.SetFrequency f -> clock.setFrequencyPpm(f.ppm());
                case SyncAction.Slew s -> clock.slew(s.seconds(), s.maxRatePpm());
                case SyncAction.Step s -> {
                    LOG.info("stepping the clock by {} s", String.format("%+.6f", s.seconds()));
                    clock.step(s.seconds());
                }
                case SyncAction.SetLeap l -> clock.setLeap(l.leap());
                case SyncAction.SetSynchronised s -> clock.setSynchronised(s.synchronised(), s.maxError(), s.estError());
            }
        }
        SystemState before = state;
        state = engine.state();
        if (before.synchronised() != state.synchronised() || before.systemPeer() != state.systemPeer()) {
            if (state.synchronised()) {
                LOG.info("synchronised to source {} ({}), stratum {}", state.systemPeer(),
                        AddressText.of(addresses.get(state.systemPeer())), state.stratum());
            } else {
                LOG.warn("not synchronised: {}", state.alarm());
            }
        }
    }

    private final java.util.Set<Integer> stoppedLogged = new java.util.HashSet<>();

    /** Logs once why a source stopped being polled (a DENY or RSTR kiss-o'-death). */
    private void logStop(int id) {
        String reason = engine.stopReason(id);
        if (reason != null && stoppedLogged.add(id)) {
            LOG.warn("source {} ({}): polling stopped: {}", id, AddressText.of(addresses.get(id)), reason);
        }
    }

    private void send(int id, byte[] request) {
        if (ffm) {
            sendFfm(id, request);
            return;
        }
        DatagramChannel old = pending.remove(id);
        if (old != null) {
            close(old);
        }
        InetSocketAddress to = addresses.get(id);
        try {
            DatagramChannel ch = DatagramChannel.open(to.getAddress().getAddress().length == 4
                    ? java.net.StandardProtocolFamily.INET : java.net.StandardProtocolFamily.INET6);
            ch.connect(to);
            ch.configureBlocking(false);
            ch.register(selector, SelectionKey.OP_READ, id);
            pending.put(id, ch);
            long t1 = clock.readNanos();
            ch.write(ByteBuffer.wrap(request));
            engine.sent(id, t1);
        } catch (IOException e) {
            LOG.debug("source {}: send to {} failed: {}", id, AddressText.of(to), e.toString());
        }
    }

    /** Sends from a fresh socket on a random port, connected to the source so only it can answer. */
    private void sendFfm(int id, byte[] request) {
        TimestampedUdpSocket old = pendingFfm.remove(id);
        if (old != null) {
            old.close();
        }
        InetSocketAddress to = addresses.get(id);
        boolean v6 = to.getAddress().getAddress().length == 16;
        try {
            TimestampedUdpSocket s = TimestampedUdpSocket.open(
                    new InetSocketAddress(java.net.InetAddress.ofLiteral(v6 ? "::" : "0.0.0.0"), 0), true);
            try {
                s.connect(to);
                long t1 = clock.readNanos();
                s.send(request, request.length, null);
                engine.sent(id, t1);
                pendingFfm.put(id, s);
            } catch (IOException | RuntimeException e) {
                s.close();
                throw e;
            }
        } catch (IOException e) {
            LOG.debug("source {}: send to {} failed: {}", id, AddressText.of(to), e.toString());
        }
    }

    private static void close(DatagramChannel ch) {
        try {
            ch.close();
        } catch (IOException e) {
            // nothing to do
        }
    }

    @Override
    public void close() {
        running = false;
        selector.wakeup();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        pending.values().forEach(SyncService::close);
        pendingFfm.values().forEach(TimestampedUdpSocket::close);
        try {
            selector.close();
        } catch (IOException e) {
            // nothing to do
        }
    }
}
