// Runs the whole kit together for a simulated day: four jittery upstreams, a drifting client, a naive discipline.
package dev.jntp.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jntp.engine.query.QueryOutcome;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SimulationTest {

    private static final long SEED = Seeds.chosen(0x5EED_DA7L);

    /** The result of one run: its trace, its event count and what it cost in wall-clock time. */
    private record Run(Trace trace, long events, long wallNanos) {}

    /**
     * A client with 0.1 s offset, 100 ppm frequency error and 1e-9/s wander polls four servers
     * every 64 s (staggered by 16 s) over paths of 1 ms +- exponential 100 us with 5% loss, and
     * steps its clock by each measured offset: a stand-in for the engine, just enough to show
     * the parts working together. Between corrections the 100 ppm error adds 1.6 ms, and 1.6 ms
     * more for each lost request or reply in a row.
     */
    private static Run runDay(long seed) {
        long wallStart = System.nanoTime();
        SimScheduler scheduler = SimScheduler.startingAt(Instant.parse("2026-06-30T00:00:00Z"));
        SimNetwork net = new SimNetwork(scheduler, seed);
        InetAddress clientHost = InetAddress.ofLiteral("192.0.2.10");
        SimulatedClock clock = SimulatedClock.builder(scheduler.time()).offset(0.1).frequencyErrorPpm(100)
                .wander(1e-9, Seeds.derive(seed, "client clock")).build();
        QueryClient client = new QueryClient(net, new InetSocketAddress(clientHost, 40123), clock, seed);
        NetPath path = NetPath.delay(Duration.ofMillis(1)).withJitter(Jitter.exponential(Duration.ofNanos(100_000)))
                .withLoss(0.05);
        for (int i = 0; i < 4; i++) {
            InetAddress host = InetAddress.ofLiteral("198.51.100." + (i + 1));
            net.connect(clientHost, host, path);
            ScriptedServer server = ScriptedServer.builder(net, new InetSocketAddress(host, 123))
                    .offset((i - 1.5) * 10e-6).build();
            scheduler.every(scheduler.now() + i * 16_000_000_000L, 64_000_000_000L, () -> client.query(server.address()));
        }
        client.onReply(r -> {
            if (r.outcome() instanceof QueryOutcome.Answered a) {
                clock.step(a.sample().offset());
                clock.setSynchronised(true, 0.01, 0.001);
            }
        });
        Trace trace = Trace.startingNow(scheduler);
        trace.sampleEvery(scheduler, Duration.ofSeconds(10), clock, () -> Double.NaN);
        scheduler.runFor(Duration.ofDays(1));
        return new Run(trace, scheduler.eventsRun(), System.nanoTime() - wallStart);
    }

    @Test
    void simulatedDay_fourServersAndADriftingClient_meetsItsBounds() {
        Run run = runDay(SEED);
        System.out.printf("seed %d: %d events in %.1f ms%n", SEED, run.events(), run.wallNanos() / 1e6);
        assertThat(run.events()).as("seed %d", SEED).isBetween(2_000L, 100_000L);
        Accuracy.check(run.trace(), SEED).scenario("naive stepper").settlingTime(Duration.ofMinutes(1))
                .maxAbsOffset(10e-3).rmsOffset(2e-3).synchronisedWithin(Duration.ofSeconds(70)).staysSynchronised()
                .maxFrequencyErrorPpm(101).verify();
    }

    @Test
    void simulatedDay_sameSeedTwice_givesTheSameTrace() {
        assertThat(runDay(SEED).trace().toCsv()).as("seed %d", SEED).isEqualTo(runDay(SEED).trace().toCsv());
        assertThat(runDay(SEED + 1).trace().toCsv()).as("seed %d", SEED).isNotEqualTo(runDay(SEED).trace().toCsv());
    }
}
