// A simulated site: a jntp client with a drifting clock and a few upstream servers on a jittery network.
package dev.jntp.testkit.scenario;

import dev.jntp.engine.sync.SourceConfig;
import dev.jntp.engine.sync.SyncSettings;
import dev.jntp.testkit.Jitter;
import dev.jntp.testkit.NetPath;
import dev.jntp.testkit.ScriptedServer;
import dev.jntp.testkit.Seeds;
import dev.jntp.testkit.SimNetwork;
import dev.jntp.testkit.SimScheduler;
import dev.jntp.testkit.SimulatedClient;
import dev.jntp.testkit.SimulatedClock;
import dev.jntp.testkit.Trace;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/** The common set-up of the scenarios of issue 3: 0.1 s offset, 100 ppm, 100 us jitter, iburst. */
final class Lan {

    static final Instant START = Instant.parse("2026-06-30T00:00:00Z");
    static final InetAddress CLIENT = InetAddress.ofLiteral("192.0.2.10");

    final long seed;
    final SimScheduler scheduler;
    final SimNetwork net;
    final SimulatedClock clock;
    final SimulatedClient client;
    final List<ScriptedServer> servers = new ArrayList<>();
    final Trace trace;

    private Lan(long seed, Instant start, UnaryOperator<SimulatedClock.Builder> clockSetup, SyncSettings settings,
            double driftPpm) {
        this.seed = seed;
        this.scheduler = SimScheduler.startingAt(start);
        this.net = new SimNetwork(scheduler, seed);
        this.clock = clockSetup.apply(SimulatedClock.builder(scheduler.time()).offset(0.1).frequencyErrorPpm(100))
                .build();
        this.client = new SimulatedClient(scheduler, net, new InetSocketAddress(CLIENT, 123), clock, settings, driftPpm,
                seed);
        this.trace = Trace.startingNow(scheduler);
        // Sampled half-way between whole seconds, so that no sample falls on the instant a leap
        // second begins, where a clock a microsecond behind UTC still reads the first 23:59:59.
        scheduler.after(Duration.ofMillis(500),
                () -> trace.sampleEvery(scheduler, Duration.ofSeconds(1), clock, client::estimatedOffset));
    }

    static Lan standard(long seed) {
        return new Lan(seed, START, b -> b, SyncSettings.defaults(), 0);
    }

    static Lan with(long seed, Instant start, UnaryOperator<SimulatedClock.Builder> clockSetup, SyncSettings settings,
            double driftPpm) {
        return new Lan(seed, start, clockSetup, settings, driftPpm);
    }

    /** The standard path: 500 us each way plus exponential jitter of 100 us mean. */
    static NetPath lanPath() {
        return NetPath.delay(Duration.ofNanos(500_000)).withJitter(Jitter.exponential(Duration.ofNanos(100_000)));
    }

    /** Adds a server at 198.51.100.N behind {@code path}, scripted by {@code script}, polled with iburst. */
    ScriptedServer server(NetPath path, UnaryOperator<ScriptedServer.Builder> script) {
        return server(path, path, script);
    }

    /** As {@link #server(NetPath, UnaryOperator)} with a different path in each direction. */
    ScriptedServer server(NetPath toServer, NetPath fromServer, UnaryOperator<ScriptedServer.Builder> script) {
        ScriptedServer s = spare(toServer, fromServer, script);
        client.addServer(s.address(), SourceConfig.defaults("server" + servers.size()).withIburst(true));
        return s;
    }

    /** A server on the network that the client does not poll (yet): another address of the pool. */
    ScriptedServer spare(NetPath toServer, NetPath fromServer, UnaryOperator<ScriptedServer.Builder> script) {
        int n = servers.size() + 1;
        InetAddress host = InetAddress.ofLiteral("198.51.100." + n);
        net.connect(CLIENT, host, toServer, fromServer);
        ScriptedServer s = script.apply(ScriptedServer.builder(net, new InetSocketAddress(host, 123))).build();
        servers.add(s);
        return s;
    }

    /**
     * Runs for {@code d} replacing, every minute, each source the engine offers for replacement
     * by the next of {@code spares}, as the daemon replaces the bad members of a pool with fresh
     * addresses of its name; returns the ids replaced, in order.
     */
    List<Integer> runReplacing(Duration d, java.util.Deque<ScriptedServer> spares) {
        List<Integer> replaced = new ArrayList<>();
        long end = scheduler.now() + d.toNanos();
        while (scheduler.now() < end) {
            scheduler.runFor(Duration.ofMinutes(1));
            for (int id : client.engine().replaceable()) {
                ScriptedServer next = spares.poll();
                if (next != null) {
                    client.replaceServer(id, next.address(), SourceConfig.defaults("pool").withIburst(true));
                    replaced.add(id);
                }
            }
        }
        return replaced;
    }

    ScriptedServer server() {
        return server(lanPath(), b -> b);
    }

    void run(Duration d) {
        scheduler.runFor(d);
    }

    /** Runs for {@code d}, checking every minute that no source in {@code ids} is used for synchronisation. */
    void runNeverUsing(Duration d, java.util.Set<Integer> ids) {
        long end = scheduler.now() + d.toNanos();
        while (scheduler.now() < end) {
            scheduler.runFor(Duration.ofMinutes(1));
            for (dev.jntp.engine.sync.SourceSnapshot s : client.engine().sources(clock.readNanos())) {
                if (ids.contains(s.id())) {
                    dev.jntp.engine.sync.SourceState st = s.state();
                    if (st == dev.jntp.engine.sync.SourceState.SELECTED || st == dev.jntp.engine.sync.SourceState.COMBINED) {
                        throw new AssertionError("seed " + seed + ": falseticker " + s + " used at +"
                                + (scheduler.now() - trace.start()) / 1_000_000_000L + " s");
                    }
                }
            }
        }
    }

    static long seed(String scenario) {
        return Seeds.derive(Seeds.chosen(20261122L), scenario);
    }
}
