// A tiny deterministic world for SyncEngine: a local clock with a known error, fake servers, simulated time.
package dev.jntp.engine.sync;

import dev.jntp.proto.ReferenceId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Drives a {@link SyncEngine} in simulated true time. The local clock is true time plus an
 * error that grows with the clock's frequency error and changes with the corrections the engine
 * returns, applied here as {@link dev.jntp.engine.clock.NtpClock} specifies them (slews at exactly
 * their rate). Each fake server answers from true time plus its own offset, over a symmetric path.
 */
final class SyncRig {

    static final long SECOND = Replies.SECOND;
    static final long MINUTE = 60 * SECOND;
    /** How long a server holds a request. */
    static final long HOLD = 100_000L;

    /** A clock correction the engine asked for, at a true time. */
    record Applied(long trueNanos, SyncAction action) {}

    /** One fake server. */
    static final class Server {
        final int id;
        final ReferenceId address;
        final double offset;
        final long oneWayNanos;
        Replies header = Replies.GOOD;
        boolean answering = true;
        int requests;
        /** Extra delay of the next reply's return trip only (a queue on the way back), nanoseconds. */
        long queueNextReply;

        Server(int id, double offset, long oneWayNanos) {
            this(id, ReferenceId.ofIpv4(new byte[] {10, 0, 0, (byte) (id + 1)}), offset, oneWayNanos);
        }

        Server(int id, ReferenceId address, double offset, long oneWayNanos) {
            this.id = id;
            this.address = address;
            this.offset = offset;
            this.oneWayNanos = oneWayNanos;
        }
    }

    /** A datagram (null: a wake) due at true time {@code at}; {@code t4} is its arrival stamp once it has one. */
    private record Event(long at, long seq, int source, byte[] datagram, long t4) {
        Event(long at, long seq, int source, byte[] datagram) {
            this(at, seq, source, datagram, NOT_STAMPED);
        }
    }

    private static final long NOT_STAMPED = Long.MIN_VALUE;

    final long seed;
    final SyncEngine engine;
    final List<Server> servers = new ArrayList<>();
    final List<Applied> applied = new ArrayList<>();
    /** Every state each source has shown after a reply. */
    final Map<Integer, Set<SourceState>> statesSeen = new HashMap<>();
    private final PriorityQueue<Event> queue =
            new PriorityQueue<>(Comparator.comparingLong(Event::at).thenComparingLong(Event::seq));
    private long seq;

    /**
     * How long after its arrival (at the time stamped T4) a reply is handed to the engine, nanoseconds, as a
     * daemon's thread takes it from the socket later; the engine's actions are applied then.
     */
    long processingDelay;

    /** Called with the source's id after each datagram the engine took (statistics-log observers). */
    java.util.function.IntConsumer afterReply = id -> { };

    // The local clock: local = true + error.
    private long trueNanos;
    private double error;
    private final double driftPpm;
    private double frequencyPpm;
    private double slewLeft;
    private double slewRatePpm;

    /**
     * @param initialError local minus true time at the start, seconds
     * @param driftPpm frequency error of the free-running local clock (positive: runs fast)
     */
    SyncRig(SyncSettings settings, double initialError, double driftPpm, long seed) {
        this(settings, initialError, driftPpm, 0, SyncEngine.UNKNOWN_SKEW_PPM, seed);
    }

    /** As above, with a drift file: the frequency correction already in force and its error bound. */
    SyncRig(SyncSettings settings, double initialError, double driftPpm, double initialFrequencyPpm,
            double initialSkewPpm, long seed) {
        this(Replies.EPOCH, settings, initialError, driftPpm, initialFrequencyPpm, initialSkewPpm, seed);
    }

    /** As above, starting at true time {@code startNanos} (Unix nanoseconds) instead of {@link Replies#EPOCH}. */
    SyncRig(long startNanos, SyncSettings settings, double initialError, double driftPpm, double initialFrequencyPpm,
            double initialSkewPpm, long seed) {
        this.trueNanos = startNanos;
        this.seed = seed;
        this.error = initialError;
        this.driftPpm = driftPpm;
        this.frequencyPpm = initialFrequencyPpm;
        this.engine = new SyncEngine(settings, local(), initialFrequencyPpm, initialSkewPpm, -20,
                new SplittableRandom(seed));
    }

    /** A rig whose local clock is 0.1 s behind and 10 ppm fast, with one iburst server per offset. */
    static SyncRig withServers(long seed, double... offsets) {
        SyncRig rig = new SyncRig(SyncSettings.defaults(), -0.1, 10, seed);
        for (double offset : offsets) {
            rig.addServer(offset);
        }
        return rig;
    }

    /** The engine's snapshot of source {@code id} now. */
    SourceSnapshot source(int id) {
        return engine.sources(local()).get(id);
    }

    /** Adds a server {@code offset} seconds off true time, {@code oneWay} nanoseconds away. */
    Server addServer(double offset, long oneWay, SourceConfig config) {
        Server s = new Server(servers.size(), offset, oneWay);
        servers.add(s);
        List<SyncAction> out = new ArrayList<>();
        int id = engine.addSource(config, s.address, out);
        if (id != s.id) {
            throw new IllegalStateException("engine numbered source " + s.id + " as " + id);
        }
        perform(out);
        return s;
    }

    /**
     * Puts a new server {@code offset} seconds off true time in the place of source {@code id}, as
     * the daemon replaces a pool member: the source's pending poll timer is dropped, replies
     * still on their way from the old server arrive (and must be ignored).
     */
    Server replaceServer(int id, double offset) {
        Server s = new Server(id, ReferenceId.ofIpv4(new byte[] {10, 0, 1, (byte) (id + 1)}), offset, 10_000_000L);
        servers.set(id, s);
        queue.removeIf(e -> e.source() == id && e.datagram() == null);
        List<SyncAction> out = new ArrayList<>();
        engine.replaceSource(id, SourceConfig.defaults("r" + id).withIburst(true), s.address, out);
        perform(out);
        return s;
    }

    Server addServer(double offset) {
        return addServer(offset, 10_000_000L, SourceConfig.defaults("s" + servers.size()).withIburst(true));
    }

    long local() {
        return trueNanos + Math.round(error * 1e9);
    }

    /** Local minus true time now, seconds. */
    double error() {
        return error;
    }

    long trueNanos() {
        return trueNanos;
    }

    /** Runs the world for {@code nanos} of true time. */
    void run(long nanos) {
        long until = trueNanos + nanos;
        while (!queue.isEmpty() && queue.peek().at() <= until) {
            Event e = queue.poll();
            advanceTo(e.at());
            if (e.datagram() == null) {
                perform(engine.onWake(e.source(), local()));
            } else {
                if (processingDelay > 0 && e.t4() == NOT_STAMPED) {
                    queue.add(new Event(e.at() + processingDelay, seq++, e.source(), e.datagram(), local()));
                    continue;
                }
                long t4 = e.t4() == NOT_STAMPED ? local() : e.t4();
                perform(engine.onReply(e.source(), e.datagram(), e.datagram().length, t4, local()));
                afterReply.accept(e.source());
                for (SourceSnapshot s : engine.sources(t4)) {
                    statesSeen.computeIfAbsent(s.id(), k -> EnumSet.noneOf(SourceState.class)).add(s.state());
                }
            }
        }
        advanceTo(until);
    }

    /** The clock corrections of one kind, in order. */
    <T extends SyncAction> List<T> applied(Class<T> kind) {
        return applied.stream().map(Applied::action).filter(kind::isInstance).map(kind::cast).toList();
    }

    private void advanceTo(long t) {
        double dt = (t - trueNanos) / 1e9;
        double slewed = Math.copySign(Math.min(Math.abs(slewLeft), slewRatePpm * 1e-6 * dt), slewLeft);
        error += (driftPpm + frequencyPpm) * 1e-6 * dt + slewed;
        slewLeft -= slewed;
        trueNanos = t;
    }

    private void perform(List<SyncAction> actions) {
        for (SyncAction a : actions) {
            switch (a) {
                case SyncAction.Wake w -> queue.add(new Event(trueNanos + w.afterNanos(), seq++, w.sourceId(), null));
                case SyncAction.Send s -> send(s);
                case SyncAction.SetFrequency f -> frequencyPpm = f.ppm();
                case SyncAction.Slew s -> {
                    slewLeft = s.seconds();
                    slewRatePpm = s.maxRatePpm();
                }
                case SyncAction.Step s -> {
                    error += s.seconds();
                    slewLeft = 0;
                }
                case SyncAction.SetLeap l -> { }
                case SyncAction.SetSynchronised s -> { }
                case SyncAction.KeyExchange k -> { }
            }
            if (!(a instanceof SyncAction.Wake) && !(a instanceof SyncAction.Send)) {
                applied.add(new Applied(trueNanos, a));
            }
        }
    }

    /**
     * Performs what the engine returned for an operator's command on source {@code id} (online, burst),
     * after dropping the source's pending poll timer, as the daemon does.
     */
    void command(int id, List<SyncAction> actions) {
        queue.removeIf(e -> e.source() == id && e.datagram() == null);
        perform(actions);
    }

    private void send(SyncAction.Send s) {
        engine.sent(s.sourceId(), local());
        Server server = servers.get(s.sourceId());
        server.requests++;
        if (!server.answering) {
            return;
        }
        long t2 = trueNanos + server.oneWayNanos + Math.round(server.offset * 1e9);
        byte[] reply = server.header.replyTo(s.request(), t2, t2 + HOLD);
        queue.add(new Event(trueNanos + 2 * server.oneWayNanos + HOLD + server.queueNextReply, seq++, s.sourceId(),
                reply));
        server.queueNextReply = 0;
    }
}
