// Runs the synchronisation engine: resolves sources, sends and receives their packets, applies clock corrections.
package dev.jntp.daemon.sync;

import dev.jntp.daemon.AddressText;
import dev.jntp.daemon.clock.ClockDriver;
import dev.jntp.daemon.net.Received;
import dev.jntp.daemon.net.TimestampedUdpSocket;
import dev.jntp.config.NtsClientSettings;
import dev.jntp.config.SourceSpec;
import dev.jntp.daemon.nts.NtsKeClient;
import dev.jntp.daemon.nts.NtsTrustedCerts;
import dev.jntp.engine.leap.LeapTable;
import dev.jntp.engine.auth.KeyRing;
import dev.jntp.engine.sync.LocalReference;
import dev.jntp.engine.sync.Measurement;
import dev.jntp.engine.sync.SourceConfig;
import dev.jntp.engine.sync.SourceSnapshot;
import dev.jntp.engine.sync.SourceState;
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
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The IO shell of {@link SyncEngine}: one platform thread. Each request leaves from a fresh
 * socket on a random port (RFC 9109), which stays open only until the next request to that
 * source. On Linux the sockets are FFM sockets whose replies carry the kernel's receive time
 * (T4 without the thread's wake-up delay); elsewhere java.nio channels and a selector. Wakes are kept on the monotonic clock, so steps of the wall clock do not
 * disturb polling. The engine is used from this thread only; others read {@link #state()}.
 * Started with the configured lines, it also keeps pools and named servers staffed ({@link
 * PoolKeeper}): names are resolved again off this thread, and the loop puts fresh addresses in
 * the place of members the engine finds bad ({@link SyncEngine#replaceable}) or in empty places.
 */
public final class SyncService implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SyncService.class);

    /**
     * A resolved source.
     *
     * @param spec the line it came from, or null
     */
    public record Upstream(SourceConfig config, InetSocketAddress address, SourceSpec spec) {
        public Upstream(SourceConfig config, InetSocketAddress address) {
            this(config, address, null);
        }
    }

    private record Wake(long dueMonotonic, int sourceId) {}

    private final ClockDriver clock;
    private final SyncEngine engine;
    private final Selector selector;
    private final Map<Integer, InetSocketAddress> addresses = new HashMap<>();
    private final Map<Integer, DatagramChannel> pending = new HashMap<>();
    /** With the FFM socket: requests in flight, whose replies carry the kernel's receive time. */
    private final Map<Integer, TimestampedUdpSocket> pendingFfm = new HashMap<>();
    private final boolean ffm = TimestampedUdpSocket.isSupported();
    /** Whether request sockets ask the kernel for send time stamps (cleared when it refuses). */
    private boolean txStamps = true;
    private boolean warnedNoTxStamp;
    private final byte[] rxBuf = new byte[2048];
    private final PriorityQueue<Wake> wakes = new PriorityQueue<>((a, b) -> Long.compare(a.dueMonotonic, b.dueMonotonic));
    private final Thread thread;
    private volatile SystemState state;
    private volatile boolean running = true;
    private final ByteBuffer buf = ByteBuffer.allocate(2048);
    private PoolKeeper keeper;
    /** The NTS sources' NTS-KE sessions. */
    private NtsSessions nts;
    /** Operator commands (control socket) for the loop to run in order: the engine is used from the loop only. */
    private final java.util.Queue<Runnable> commands = new java.util.concurrent.ConcurrentLinkedQueue<>();
    /** Seconds between the last two clock updates (chronyc tracking's update interval), 0 before two. */
    private volatile double updateInterval;
    /** Configured lines whose names have not resolved yet (chronyc activity's "unknown address"). */
    private volatile int unresolved;
    /** A reloaded leap table for the loop to hand to the engine (the engine is used from the loop only). */
    private volatile LeapTable newLeapTable;
    private LeapTable leapTable;
    private SyncListener listener = SyncListener.NONE;

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
        return start(clock, settings, upstreams, Extras.NONE, initialFrequencyPpm, precision);
    }

    /**
     * What the daemon adds to plain polling, each part optional (null).
     *
     * @param local the local reference ({@code local stratum N [orphan]}): the engine then decides when the local
     *     clock is served ({@link SystemState#servesLocalReference()})
     * @param specs the configured lines the upstreams were resolved from, kept staffed with {@code resolution}:
     *     bad pool members and named servers are replaced, short pools filled up
     * @param resolution name resolution and its retry intervals
     * @param leapTable the leap second table of {@code leapsectz} or {@code leapseclist}
     * @param listener told of every reply and clock update (statistics logs), on the synchronisation thread
     * @param keys the symmetric keys of sources with {@code key ID} ({@code keyfile})
     * @param ntsClient how NTS sources trust NTS-KE servers ({@code ntstrustedcerts}, {@code nosystemcert},
     *     {@code ntsrefresh})
     */
    public record Extras(LocalReference local, List<SourceSpec> specs, Resolution resolution, LeapTable leapTable,
            SyncListener listener, KeyRing keys, NtsClientSettings ntsClient) {
        public static final Extras NONE = new Extras(null, null, null, null);

        public Extras {
            listener = listener == null ? SyncListener.NONE : listener;
            keys = keys == null ? KeyRing.EMPTY : keys;
            ntsClient = ntsClient == null ? NtsClientSettings.DEFAULTS : ntsClient;
        }

        /** Without keys, with the NTS client's defaults. */
        public Extras(LocalReference local, List<SourceSpec> specs, Resolution resolution, LeapTable leapTable,
                SyncListener listener) {
            this(local, specs, resolution, leapTable, listener, KeyRing.EMPTY, NtsClientSettings.DEFAULTS);
        }

        /** Without a listener. */
        public Extras(LocalReference local, List<SourceSpec> specs, Resolution resolution, LeapTable leapTable) {
            this(local, specs, resolution, leapTable, SyncListener.NONE);
        }
    }

    /** As the other {@code start}, with the daemon's {@link Extras}. */
    public static SyncService start(ClockDriver clock, SyncSettings settings, List<Upstream> upstreams,
            Extras extras, double initialFrequencyPpm, int precision) throws IOException {
        PoolKeeper keeper = extras.specs() == null || extras.resolution() == null ? null
                : new PoolKeeper(extras.specs(), extras.resolution(),
                        Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("resolve-", 0).factory()),
                        new SplittableRandom(), System.nanoTime());
        if (extras.specs() != null && extras.specs().stream().anyMatch(SourceSpec::nts)) {
            NtsTrustedCerts.context(extras.ntsClient()); // a certificate file that cannot be read stops the start
        }
        LocalReference local = extras.local();
        // A frequency from the drift file is taken to be known to 1 ppm: a better measurement replaces it.
        SyncEngine engine = new SyncEngine(settings, clock.readNanos(), initialFrequencyPpm,
                initialFrequencyPpm != 0 ? 1.0 : 1e6, precision, new SplittableRandom(new SecureRandom().nextLong()));
        if (local != null) {
            engine.setLocalReference(local);
        }
        engine.setLeapTable(extras.leapTable());
        engine.setKeys(extras.keys());
        SyncService s = new SyncService(clock, engine, Selector.open());
        s.keeper = keeper;
        Resolution.Resolver names = extras.resolution() == null ? java.net.InetAddress::getAllByName
                : extras.resolution().resolver();
        s.nts = new NtsSessions(extras.ntsClient(), names::resolve, task -> {
            s.commands.add(task);
            s.selector.wakeup();
        }, NtsKeClient.DEFAULT_TIMEOUT);
        s.listener = extras.listener();
        s.leapTable = extras.leapTable();
        s.newLeapTable = extras.leapTable();
        List<SyncAction> actions = new ArrayList<>();
        for (Upstream u : upstreams) {
            s.register(u, actions);
        }
        s.perform(actions);
        s.thread.start();
        return s;
    }

    /** Adds a resolved source to the engine (its first poll goes to {@code actions}); returns its number. */
    int register(Upstream u, List<SyncAction> actions) {
        int id = engine.addSource(u.config(), ReferenceId.ofAddress(u.address().getAddress().getAddress()), actions);
        addresses.put(id, u.address());
        nts.attach(id, u, engine);
        if (keeper != null) {
            keeper.added(id, u.spec());
        }
        LOG.info("source {}: {} ({}) minpoll {} maxpoll {}{}", id, u.config().name(), AddressText.of(u.address()),
                u.config().minPoll(), u.config().maxPoll(), u.config().iburst() ? " iburst" : "");
        if (u.spec() != null && u.spec().offline()) {
            actions.removeIf(a -> a instanceof SyncAction.Wake w && w.sourceId() == id);
            engine.setOnline(id, false);
        }
        return id;
    }

    /**
     * Runs {@code command} on the synchronisation thread, between two events, and hands back its result: how
     * the control socket changes sources without touching the engine from another thread. The future never
     * completes once the service is closed; callers wait with a timeout.
     */
    public <T> java.util.concurrent.CompletableFuture<T> onSyncThread(java.util.function.Supplier<T> command) {
        java.util.concurrent.CompletableFuture<T> f = new java.util.concurrent.CompletableFuture<>();
        commands.add(() -> {
            try {
                f.complete(command.get());
            } catch (RuntimeException e) {
                f.completeExceptionally(e);
            }
        });
        selector.wakeup();
        return f;
    }

    /** Seconds between the last two clock updates; 0 before the second. */
    public double updateInterval() {
        return updateInterval;
    }

    /** Configured lines whose names have not resolved yet. */
    public int unresolved() {
        return unresolved;
    }

    /** Where replies' receive times come from: "Kernel" (SO_TIMESTAMPING) or "Daemon" (read after the receive). */
    public String rxTimestamping() {
        return ffm ? "Kernel" : "Daemon";
    }

    /** Where requests' send times come from: "Kernel" (the error queue's report) or "Daemon" (read before the send). */
    public String txTimestamping() {
        return ffm && txStamps ? "Kernel" : "Daemon";
    }

    /** On the sync thread: performs what the engine returned for an operator's command on source {@code id}. */
    void command(int id, List<SyncAction> actions) {
        wakes.removeIf(w -> w.sourceId() == id);
        perform(actions);
    }

    /** On the sync thread: deletes source {@code id} and closes its request socket. */
    void remove(int id) {
        wakes.removeIf(w -> w.sourceId() == id);
        perform(engine.removeSource(id));
        DatagramChannel ch = pending.remove(id);
        if (ch != null) {
            close(ch);
        }
        TimestampedUdpSocket t = pendingFfm.remove(id);
        if (t != null) {
            t.close();
        }
        if (keeper != null) {
            keeper.removeMember(id);
        }
        nts.detach(id);
        LOG.info("source {} ({}): deleted", id, AddressText.of(addresses.get(id)));
        publishSources();
    }

    /** The clock's time now (the engine's time scale). */
    long clockNanos() {
        return clock.readNanos();
    }

    /** On the sync thread: the engine (operator commands only). */
    SyncEngine engine() {
        return engine;
    }

    /** On the sync thread: the address each source polls. */
    Map<Integer, InetSocketAddress> addresses() {
        return addresses;
    }

    /** On the sync thread: the keeper of the configured lines, or null. */
    PoolKeeper keeper() {
        return keeper;
    }

    /** On the sync thread: performs engine actions and publishes the result. */
    void performActions(List<SyncAction> actions) {
        perform(actions);
    }

    /** Replaces the leap second table (a reload); the engine uses it from its next clock update. */
    public void setLeapTable(LeapTable table) {
        newLeapTable = table;
    }

    /** The engine's latest published state. */
    public SystemState state() {
        return state;
    }

    /**
     * The sources as the engine saw them after its latest event (immutable; safe from any thread), with the
     * address each polls. Status commands, logs and metrics read this; none of them touches the engine.
     */
    public List<SourceView> sources() {
        return sources;
    }

    /**
     * A published source: the engine's snapshot, the address it polls (null if unknown) and the header of its
     * last valid reply (null before one).
     */
    public record SourceView(SourceSnapshot snapshot, InetSocketAddress address,
            dev.jntp.engine.sync.SourceReply lastReply, dev.jntp.engine.nts.NtsClientStatus nts) {
        public SourceView(SourceSnapshot snapshot, InetSocketAddress address) {
            this(snapshot, address, null);
        }

        /** A source without NTS. */
        public SourceView(SourceSnapshot snapshot, InetSocketAddress address,
                dev.jntp.engine.sync.SourceReply lastReply) {
            this(snapshot, address, lastReply, null);
        }
    }

    private volatile List<SourceView> sources = List.of();

    private void publishSources() {
        List<SourceView> out = new ArrayList<>();
        long now = clock.readNanos();
        for (SourceSnapshot s : engine.sources(now)) {
            if (!s.detail().removed()) {
                out.add(new SourceView(s, addresses.get(s.id()), engine.lastReply(s.id()),
                        engine.ntsStatus(s.id(), now)));
            }
        }
        sources = List.copyOf(out);
        unresolved = keeper == null ? 0 : keeper.unresolved();
    }

    private void loop() {
        while (running) {
            try {
                for (Runnable c; (c = commands.poll()) != null; ) {
                    c.run();
                }
                renewSources();
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
                    sockets.get(i).takeTxTimestamp(); // a late send report: drained so poll does not spin
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
        perform(engine.onReply(id, data, length, t4, clock.readNanos()));
        listener.reply(sources.get(id), engine.lastMeasurement(id), engine.lastRegression(id), ffm && txStamps, ffm);
        logStop(id);
        Measurement m = engine.lastMeasurement(id);
        if (LOG.isDebugEnabled() && m != null) {
            // This datagram's own figures, used or not (the offset against the system clock is pure error
            // when the system clock is right, as in the side-by-side bench).
            double correction = (clock.readNanos() - dev.jntp.daemon.clock.SystemTime.realtime()) / 1e9;
            LOG.debug("sample from {}: offset {} delay {} offset against the system clock {} ({}{})", id,
                    m.offset(), m.delay(), m.offset() + correction, m.verdicts(), m.used() ? "" : ", not used");
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
                case SyncAction.KeyExchange k -> nts.start(k.sourceId(), this::keyExchanged);
            }
        }
        SystemState before = state;
        state = engine.state();
        if (state.updates() > before.updates() && before.updates() > 0) {
            updateInterval = (state.referenceTimeNanos() - before.referenceTimeNanos()) / 1e9;
        }
        publishSources();
        if (state.updates() != before.updates() && engine.lastClockUpdate() != null) {
            listener.clockUpdate(state, engine.lastClockUpdate(), sources.get(state.systemPeer()));
        }
        if (before.synchronised() != state.synchronised() || before.systemPeer() != state.systemPeer()
                || before.servesLocalReference() != state.servesLocalReference()) {
            if (state.servesLocalReference()) {
                LOG.warn("serving the local clock at stratum {}: {}", state.stratum(), state.alarm());
            } else if (state.synchronised()) {
                LOG.info("synchronised to source {} ({}), stratum {}", state.systemPeer(),
                        AddressText.of(addresses.get(state.systemPeer())), state.stratum());
            } else {
                LOG.warn("not synchronised: {}", state.alarm());
            }
        }
    }

    /** On the sync thread: an NTS-KE session ended; a success polls the source at once. */
    private void keyExchanged(NtsSessions.Finished f) {
        List<SyncAction> actions = nts.finish(f, engine, addresses, clock.readNanos());
        if (!actions.isEmpty()) {
            wakes.removeIf(w -> w.sourceId() == f.id());
        }
        perform(actions);
    }

    private final java.util.Set<Integer> stoppedLogged = new java.util.HashSet<>();

    /** Logs once why a source stopped being polled (a DENY or RSTR kiss-o'-death). */
    private void logStop(int id) {
        String reason = engine.stopReason(id);
        if (reason != null && stoppedLogged.add(id)) {
            LOG.warn("source {} ({}): polling stopped: {}", id, AddressText.of(addresses.get(id)), reason);
        }
    }

    /** Replaces the bad members of pools and fills their empty places with the addresses the keeper found. */
    private void renewSources() {
        if (keeper == null) {
            return;
        }
        for (PoolKeeper.Change c : keeper.due(System.nanoTime(), engine::replaceable, addresses.values())) {
            Upstream u = c.upstream();
            ReferenceId refId = ReferenceId.ofAddress(u.address().getAddress().getAddress());
            List<SyncAction> actions = new ArrayList<>();
            String line = (u.spec().kind() == SourceSpec.Kind.POOL ? "pool " : "server ") + u.spec().name();
            int id = c.id();
            if (id < 0) {
                id = engine.addSource(u.config(), refId, actions);
                nts.attach(id, u, engine);
                keeper.added(id, u.spec());
                LOG.info("source {}: adding {} of {}", id, AddressText.of(u.address().getAddress()), line);
            } else {
                int old = id;
                SourceSnapshot was = engine.sources(clock.readNanos()).get(id);
                String why = was.stopReason() != null ? "stopped" : was.reach() == 0 ? "unreachable"
                        : was.state() == SourceState.FALSETICKER ? "falseticker" : "bad";
                wakes.removeIf(w -> w.sourceId() == old);
                stoppedLogged.remove(id);
                engine.replaceSource(id, u.config(), refId, actions);
                nts.attach(id, u, engine);
                LOG.info("source {}: replacing {} {} of {} by {}", id, why,
                        AddressText.of(addresses.get(id).getAddress()), line, AddressText.of(u.address().getAddress()));
            }
            addresses.put(id, u.address());
            perform(actions);
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
                boolean stamped = txTimestamps(s);
                long t1 = clock.readNanos();
                s.send(request, request.length, null);
                long after = clock.readNanos();
                engine.sent(id, stamped ? kernelT1(s, t1, after) : t1);
                pendingFfm.put(id, s);
            } catch (IOException | RuntimeException e) {
                s.close();
                throw e;
            }
        } catch (IOException e) {
            LOG.debug("source {}: send to {} failed: {}", id, AddressText.of(to), e.toString());
        }
    }

    /** Turns on the kernel's send time stamps for {@code s}; where it refuses, T1 is read before the send. */
    private boolean txTimestamps(TimestampedUdpSocket s) {
        if (!txStamps) {
            return false;
        }
        try {
            s.enableTxTimestamps();
            return true;
        } catch (IOException e) {
            txStamps = false;
            LOG.info("no kernel send time stamps ({}): request times are read before sending", e.toString());
            return false;
        }
    }

    /**
     * T1 from the kernel's report of when the request left, which on Linux is made during the send call for
     * loopback, veth and most drivers; {@code before} (read just before the call) when there is no report yet
     * or it lies outside the call, which would mean it is not this datagram's.
     */
    private long kernelT1(TimestampedUdpSocket s, long before, long after) {
        try {
            long sent = s.takeTxTimestamp();
            if (sent != 0) {
                long t1 = clock.fromSystemTime(sent);
                if (t1 >= before - 1_000_000 && t1 <= after + 1_000_000) {
                    return t1;
                }
            }
        } catch (IOException e) {
            LOG.debug("send time stamp: {}", e.toString());
        }
        if (!warnedNoTxStamp) {
            warnedNoTxStamp = true;
            LOG.info("a request left without a kernel send time stamp: its T1 was read before sending (reported once)");
        }
        return before;
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
        if (keeper != null) {
            keeper.close();
        }
        nts.close();
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
