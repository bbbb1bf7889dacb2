// The path of bench/sync-vs-chronyd in simulation: 3 servers, 2 ms +- 0.5 ms each way, 1% loss, poll 0..2.
package dev.jntp.testkit.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jntp.engine.sync.SourceConfig;
import dev.jntp.engine.sync.SyncSettings;
import dev.jntp.testkit.Jitter;
import dev.jntp.testkit.NetPath;
import dev.jntp.testkit.ScriptedServer;
import dev.jntp.testkit.SimNetwork;
import dev.jntp.testkit.SimScheduler;
import dev.jntp.testkit.SimulatedClient;
import dev.jntp.testkit.SimulatedClock;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

/**
 * What the side-by-side bench measures, without the real network: the client's clock starts right (offset 0,
 * frequency 0, as a monitor-mode jntp whose served clock starts equal to the system clock), so every deviation of
 * the served clock is error. The figures guide tuning and guard against regressions of the early transient (the
 * real bench measures from the first synchronisation on). Here, with the ideal noise of the relays alone, the
 * RMS over minutes 5 to 15 is about 28 us, what a regression over 64 samples of 204 us noise from 3 sources allows.
 */
class BenchPathScenarioTest {

    /** Figures of one run: RMS over the first minute, the first five and minutes 1 to 5, max and mean over five. */
    record Run(double syncSeconds, double rms60, double rms300, double max300, double mean300, double rmsLate) {}

    static Run run(long seed) {
        return run(seed, new Jitter.Uniform(1_000_000));
    }

    static Run run(long seed, Jitter jitter) {
        return run(seed, jitter, jitter);
    }

    static Run run(long seed, Jitter out, Jitter back) {
        // 2 ms +- 0.5 ms uniform: 1.5 ms plus uniform [0, 1 ms).
        return run(seed, n -> NetPath.delay(Duration.ofNanos(1_500_000)).withJitter(out).withLoss(0.01),
                n -> NetPath.delay(Duration.ofNanos(1_500_000)).withJitter(back).withLoss(0.01));
    }

    /** A run with the paths to and from server {@code n} (1 to 3) given. */
    static Run run(long seed, IntFunction<NetPath> outward, IntFunction<NetPath> back) {
        SimScheduler scheduler = SimScheduler.startingAt(Lan.START);
        SimNetwork net = new SimNetwork(scheduler, seed);
        SimulatedClock clock = SimulatedClock.builder(scheduler.time()).offset(0).frequencyErrorPpm(0).build();
        SimulatedClient client = new SimulatedClient(scheduler, net, new InetSocketAddress(Lan.CLIENT, 123), clock,
                SyncSettings.defaults(), 0, seed);
        for (int n = 1; n <= 3; n++) {
            InetAddress host = InetAddress.ofLiteral("198.51.100." + n);
            net.connect(Lan.CLIENT, host, outward.apply(n), back.apply(n));
            ScriptedServer s = ScriptedServer.builder(net, new InetSocketAddress(host, 123)).build();
            client.addServer(s.address(), SourceConfig.defaults("server" + n).withIburst(true).withPolls(0, 2));
        }
        double sync = Double.NaN;
        List<Double> errors = new ArrayList<>();
        for (int ms = 0; ms < 60_000 && Double.isNaN(sync); ms += 10) {
            scheduler.runFor(Duration.ofMillis(10));
            if (client.state().synchronised()) {
                sync = (ms + 10) / 1000.0;
            }
        }
        for (int k = 0; k < 300; k++) {
            scheduler.runFor(Duration.ofSeconds(1));
            errors.add(clock.trueOffset());
        }
        return new Run(sync, rms(errors.subList(0, 60)), rms(errors), errors.stream().mapToDouble(Math::abs).max()
                .orElse(Double.NaN), errors.stream().mapToDouble(x -> x).average().orElse(Double.NaN),
                rms(errors.subList(60, 300)));
    }

    static double rms(List<Double> xs) {
        return Math.sqrt(xs.stream().mapToDouble(x -> x * x).average().orElse(Double.NaN));
    }

    @Test
    void benchPathOnABusyMachine_twentySeeds_printsFigures() {
        double s60 = 0;
        double s300 = 0;
        for (long seed = 1; seed <= 20; seed++) {
            // As measured on the real bench with the machine busy: a quarter of the exchanges held up by
            // milliseconds, nearly all on the way out (the mean offset of the slowest quarter was +2 to +5 ms).
            Run r = run(seed, new Jitter.UniformWithSpikes(1_000_000, 0.25, 2_000_000), new Jitter.Uniform(1_000_000));
            s60 += r.rms60() * r.rms60();
            s300 += r.rms300() * r.rms300();
        }
        System.out.printf("busy: overall rms60 %.1f us rms300 %.1f us%n", Math.sqrt(s60 / 20) * 1e6,
                Math.sqrt(s300 / 20) * 1e6);
    }

    @Test
    void benchPath_twentySeeds_synchronisedWithinSecondsAndRmsOfTheFirstFiveMinutesUnder80us() {
        double s60 = 0;
        double s300 = 0;
        double sLate = 0;
        double maxSync = 0;
        for (long seed = 1; seed <= 20; seed++) {
            Run r = run(seed);
            System.out.printf("seed %2d sync %.2f s rms60 %6.1f us rms300 %6.1f us max %6.1f us%n", seed,
                    r.syncSeconds(), r.rms60() * 1e6, r.rms300() * 1e6, r.max300() * 1e6);
            s60 += r.rms60() * r.rms60();
            s300 += r.rms300() * r.rms300();
            sLate += r.rmsLate() * r.rmsLate();
            maxSync = Math.max(maxSync, r.syncSeconds());
        }
        System.out.printf("overall rms60 %.1f us rms300 %.1f us (minutes 1-5 %.1f us), slowest sync %.2f s%n",
                Math.sqrt(s60 / 20) * 1e6, Math.sqrt(s300 / 20) * 1e6, Math.sqrt(sLate / 20) * 1e6, maxSync);
        assertThat(maxSync).as("slowest first synchronisation, s").isLessThan(5);
        assertThat(Math.sqrt(s300 / 20)).as("RMS error over 5 minutes from the start, all seeds").isLessThan(80e-6);
    }
}
