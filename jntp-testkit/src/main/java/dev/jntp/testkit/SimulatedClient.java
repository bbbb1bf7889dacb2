// jntp's synchronisation engine run as a client on the simulated network, disciplining a simulated clock.
package dev.jntp.testkit;

import dev.jntp.engine.server.AccessFilter;
import dev.jntp.engine.server.ReferenceState;
import dev.jntp.engine.server.ServerResponder;
import dev.jntp.engine.server.ServerStats;
import dev.jntp.engine.sync.SourceConfig;
import dev.jntp.engine.sync.SyncAction;
import dev.jntp.engine.sync.SyncEngine;
import dev.jntp.engine.sync.SyncSettings;
import dev.jntp.engine.sync.SystemState;
import dev.jntp.proto.NtpTimestamp;
import dev.jntp.proto.ReferenceId;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The shell the daemon gives {@link SyncEngine}, in simulated time: wakes become scheduler
 * events, sends become datagrams on the {@link SimNetwork}, clock actions are applied to a
 * {@link SimulatedClock}, and every timestamp is that clock's reading. {@link #replaceServer}
 * puts another server in a source's place as the daemon does with a bad pool member (the
 * engine's {@link SyncEngine#replaceSource}), dropping the source's pending poll timer. With {@link #serve} it
 * also answers as an NTP server, as the daemon does, so that simulated jntp hosts can poll each
 * other.
 */
public final class SimulatedClient {

    /** Precision of the simulated clock, log2 seconds. */
    private static final int PRECISION = -24;

    private final SimScheduler scheduler;
    private final SimulatedClock clock;
    private final SyncEngine engine;
    private final SimNetwork.Endpoint endpoint;
    private final Map<InetSocketAddress, Integer> idsByAddress = new HashMap<>();
    private final List<InetSocketAddress> addresses = new ArrayList<>();
    /** The pending poll timer of each source. */
    private final Map<Integer, SimScheduler.Event> wakes = new HashMap<>();
    private int steps;
    private ServerResponder responder;
    private SimNetwork.Endpoint serverEndpoint;

    /**
     * @param self the client's address on the network
     * @param initialFrequencyPpm frequency correction from a drift file, applied at once
     */
    public SimulatedClient(SimScheduler scheduler, SimNetwork net, InetSocketAddress self, SimulatedClock clock,
            SyncSettings settings, double initialFrequencyPpm, long seed) {
        this.scheduler = scheduler;
        this.clock = clock;
        if (initialFrequencyPpm != 0) {
            clock.setFrequencyPpm(initialFrequencyPpm);
        }
        // A drift file's frequency is taken to be known to 1 ppm, as its saved skew would say.
        this.engine = new SyncEngine(settings, clock.readNanos(), initialFrequencyPpm,
                initialFrequencyPpm != 0 ? 1.0 : 1e6, PRECISION, Seeds.random(seed, "engine"));
        this.endpoint = net.bind(self, this::receive);
    }

    /** Adds an upstream server; its first poll comes at once. */
    public int addServer(InetSocketAddress server, SourceConfig config) {
        List<SyncAction> actions = new ArrayList<>();
        int id = engine.addSource(config, ReferenceId.ofAddress(server.getAddress().getAddress()), actions);
        idsByAddress.put(server, id);
        addresses.add(server);
        perform(actions);
        return id;
    }

    /**
     * Puts {@code server} in the place of source {@code id}: the source keeps its number and
     * starts afresh (see {@link SyncEngine#replaceSource}); replies from the old server are no
     * longer delivered.
     */
    public void replaceServer(int id, InetSocketAddress server, SourceConfig config) {
        SimScheduler.Event pending = wakes.remove(id);
        if (pending != null) {
            pending.cancel();
        }
        idsByAddress.remove(addresses.get(id));
        idsByAddress.put(server, id);
        addresses.set(id, server);
        List<SyncAction> actions = new ArrayList<>();
        engine.replaceSource(id, config, ReferenceId.ofAddress(server.getAddress().getAddress()), actions);
        perform(actions);
    }

    /** The server source {@code id} polls. */
    public InetSocketAddress address(int id) {
        return addresses.get(id);
    }

    /**
     * Answers NTP requests arriving at {@code address} (another port than the client's), with
     * jntp's {@link ServerResponder} (allow-all) and what the engine's state says ({@link
     * ReferenceState#of}), timestamped by this client's clock; returns {@code this}.
     */
    public SimulatedClient serve(SimNetwork net, InetSocketAddress address) {
        responder = new ServerResponder(AccessFilter.of(List.of(new AccessFilter.Rule(true, true, null))),
                new ServerStats());
        serverEndpoint = net.bind(address, this::answer);
        return this;
    }

    /** The engine's state. */
    public SystemState state() {
        return engine.state();
    }

    /** The engine. */
    public SyncEngine engine() {
        return engine;
    }

    /** Steps the engine asked for. */
    public int steps() {
        return steps;
    }

    /** The offset the engine believes the clock has (reference minus local), for traces. */
    public double estimatedOffset() {
        return engine.state().synchronised() ? -clock.remainingSlew() : Double.NaN;
    }

    private void receive(Datagram d) {
        Integer id = idsByAddress.get(d.from());
        if (id != null) {
            perform(engine.onReply(id, d.data(), d.data().length, clock.readNanos()));
        }
    }

    private void answer(Datagram d) {
        NtpTimestamp received = NtpTimestamp.fromUnixNanos(clock.readNanos());
        byte[] out = new byte[ServerResponder.MAX_REPLY_LENGTH];
        int n = responder.respond(d.data(), d.data().length, d.from().getAddress().getAddress(), received,
                ReferenceState.of(engine.state(), PRECISION, received), out);
        if (n > 0) {
            ServerResponder.stampTransmit(out, NtpTimestamp.fromUnixNanos(clock.readNanos()));
            serverEndpoint.send(d.from(), Arrays.copyOf(out, n));
        }
    }

    private void perform(List<SyncAction> actions) {
        for (SyncAction a : actions) {
            switch (a) {
                case SyncAction.Send s -> {
                    long t1 = clock.readNanos();
                    endpoint.send(addresses.get(s.sourceId()), s.request());
                    engine.sent(s.sourceId(), t1);
                }
                case SyncAction.Wake w -> wakes.put(w.sourceId(), scheduler.after(Math.max(1, w.afterNanos()),
                        () -> perform(engine.onWake(w.sourceId(), clock.readNanos()))));
                case SyncAction.SetFrequency f -> clock.setFrequencyPpm(f.ppm());
                case SyncAction.Slew s -> clock.slew(s.seconds(), s.maxRatePpm());
                case SyncAction.Step s -> {
                    steps++;
                    clock.step(s.seconds());
                }
                case SyncAction.SetLeap l -> clock.setLeap(l.leap());
                case SyncAction.SetSynchronised s -> clock.setSynchronised(s.synchronised(), s.maxError(), s.estError());
                case SyncAction.KeyExchange k -> { } // the simulation has no NTS sources
            }
        }
    }
}
