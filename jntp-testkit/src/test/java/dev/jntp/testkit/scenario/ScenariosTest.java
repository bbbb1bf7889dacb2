// Scenarios (b) to (i) of issue 3, each in simulated time with its numbers asserted.
package dev.jntp.testkit.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jntp.engine.sync.SyncSettings;
import dev.jntp.testkit.Accuracy;
import dev.jntp.testkit.NetPath;
import dev.jntp.testkit.Seeds;
import dev.jntp.testkit.SimTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ScenariosTest {

    private static final Duration SETTLE = Duration.ofMinutes(2);

    private static Accuracy.Summary report(String name, Accuracy.Check check) {
        Accuracy.Summary s = check.verify();
        System.out.println(name + ": " + s);
        return s;
    }

    @Test
    void b_packetLoss33Percent_staysWithin1ms() {
        long seed = Lan.seed("b");
        Lan lan = Lan.standard(seed);
        for (int i = 0; i < 4; i++) {
            lan.server(Lan.lanPath().withLoss(0.33), b -> b);
        }
        lan.run(Duration.ofHours(12));
        // With a third of the packets lost the initial burst yields fewer samples: judged after 10 minutes.
        report("(b) 33% loss", Accuracy.check(lan.trace, seed).scenario("(b) 33% packet loss")
                .synchronisedWithin(Duration.ofSeconds(10)).settlingTime(Duration.ofMinutes(10)).maxAbsOffset(1e-3).rmsOffset(100e-6)
                .maxFrequencyErrorPpm(1).staysSynchronised());
    }

    @Test
    void c_twoOfFiveWrongByOneSecond_neverSelected() {
        long seed = Lan.seed("c2");
        Lan lan = Lan.standard(seed);
        for (int i = 0; i < 3; i++) {
            lan.server();
        }
        lan.server(Lan.lanPath(), b -> b.offset(+1.0));
        lan.server(Lan.lanPath(), b -> b.offset(-1.0));
        lan.runNeverUsing(Duration.ofHours(6), Set.of(3, 4));
        report("(c) 2 of 5 wrong", Accuracy.check(lan.trace, seed).scenario("(c) 2 of 5 falsetickers")
                .synchronisedWithin(Duration.ofSeconds(6)).settlingTime(SETTLE).maxAbsOffset(1e-3).rmsOffset(100e-6)
                .staysSynchronised());
    }

    @Test
    void c_threeOfFiveWrong_noSynchronisationAndAnAlarm() {
        long seed = Lan.seed("c3");
        Lan lan = Lan.standard(seed);
        lan.server();
        lan.server();
        lan.server(Lan.lanPath(), b -> b.offset(+1.0));
        lan.server(Lan.lanPath(), b -> b.offset(-1.0));
        lan.server(Lan.lanPath(), b -> b.offset(+2.0));
        lan.run(Duration.ofHours(2));
        Accuracy.check(lan.trace, seed).scenario("(c) 3 of 5 falsetickers").neverSynchronised().verify();
        assertThat(lan.client.state().synchronised()).isFalse();
        assertThat(lan.client.state().alarm()).as("seed %d", seed).contains("no majority");
        assertThat(lan.client.steps()).isZero();
        assertThat(Math.abs(lan.clock.trueOffset() - 0.1)).as("the clock was left alone").isLessThan(1.0);
    }

    @Test
    void d_asymmetricDelay_errorWithinHalfTheAsymmetry() {
        long seed = Lan.seed("d");
        Lan lan = Lan.standard(seed);
        NetPath out = NetPath.delay(Duration.ofNanos(500_000)).withJitter(dev.jntp.testkit.Jitter.exponential(
                Duration.ofNanos(100_000)));
        NetPath back = NetPath.delay(Duration.ofNanos(2_500_000)).withJitter(dev.jntp.testkit.Jitter.exponential(
                Duration.ofNanos(100_000)));
        for (int i = 0; i < 4; i++) {
            lan.server(out, back, b -> b);
        }
        lan.run(Duration.ofHours(6));
        // 2 ms of asymmetry: the client's clock may be off by up to 1 ms (it cannot be known), never more.
        Accuracy.Summary s = report("(d) asymmetry 2 ms", Accuracy.check(lan.trace, seed).scenario("(d) asymmetric delay")
                .synchronisedWithin(Duration.ofSeconds(6)).settlingTime(SETTLE).maxAbsOffset(1e-3 + 100e-6)
                .staysSynchronised());
        assertThat(Math.abs(s.meanOffset())).as("seed %d: bias is half the asymmetry", seed).isBetween(0.9e-3, 1.1e-3);
    }

    @Test
    void e_frequencyWander1e9PerSecond_tracked() {
        long seed = Lan.seed("e");
        Lan lan = Lan.with(seed, Lan.START, b -> b.wander(1e-9, Seeds.derive(seed, "wander")), SyncSettings.defaults(),
                0);
        for (int i = 0; i < 4; i++) {
            lan.server();
        }
        lan.run(Duration.ofHours(24));
        report("(e) wander 1e-9/s", Accuracy.check(lan.trace, seed).scenario("(e) frequency wander")
                .synchronisedWithin(Duration.ofSeconds(6)).settlingTime(SETTLE).maxAbsOffset(1e-3).rmsOffset(200e-6)
                .staysSynchronised());
    }

    @Test
    void f_oneSourceStepsByOneSecond_ignored() {
        long seed = Lan.seed("f");
        Lan lan = Lan.standard(seed);
        for (int i = 0; i < 3; i++) {
            lan.server();
        }
        long stepAt = lan.scheduler.now() + Duration.ofHours(3).toNanos();
        lan.server(Lan.lanPath(), b -> b.stepAt(stepAt, 1.0));
        // Four hours: by then the stepped source has been polled (maxpoll 1024 s) since its step.
        lan.run(Duration.ofHours(4));
        lan.runNeverUsing(Duration.ofHours(3), Set.of(3));
        report("(f) one source steps 1 s", Accuracy.check(lan.trace, seed).scenario("(f) a source steps by 1 s")
                .synchronisedWithin(Duration.ofSeconds(6)).settlingTime(SETTLE).maxAbsOffset(1e-3).rmsOffset(100e-6)
                .staysSynchronised());
        assertThat(lan.client.steps()).isZero();
    }

    @Test
    void g_leapSecondInsertedAtMidnight_announcedThenFollowed() {
        long seed = Lan.seed("g");
        Instant start = Instant.parse("2026-12-31T12:00:00Z");
        Lan lan = Lan.with(seed, start, b -> b, SyncSettings.defaults(), 0);
        lan.scheduler.time().insertLeapSecond(java.time.LocalDate.parse("2026-12-31"));
        for (int i = 0; i < 4; i++) {
            lan.server();
        }
        lan.run(Duration.ofHours(11));
        assertThat(lan.client.state().leap()).as("seed %d: announced before midnight", seed)
                .isEqualTo(dev.jntp.proto.LeapIndicator.INSERT_SECOND);
        assertThat(lan.clock.leap()).isEqualTo(dev.jntp.proto.LeapIndicator.INSERT_SECOND);
        lan.run(Duration.ofHours(3));
        assertThat(lan.clock.leapsApplied()).as("seed %d: the clock inserted the second", seed).isEqualTo(1);
        assertThat(lan.client.state().leap()).as("seed %d: cleared after midnight", seed)
                .isEqualTo(dev.jntp.proto.LeapIndicator.NO_WARNING);
        report("(g) leap second", Accuracy.check(lan.trace, seed).scenario("(g) leap second insertion")
                .synchronisedWithin(Duration.ofSeconds(6)).settlingTime(SETTLE).maxAbsOffset(1e-3).rmsOffset(100e-6)
                .staysSynchronised());
    }

    @Test
    void j_membersGoAwayAndComeBack_othersCarryOn_returnersUsedAgain() {
        long seed = Lan.seed("j");
        Lan lan = Lan.standard(seed);
        for (int i = 0; i < 5; i++) {
            lan.server();
        }
        lan.run(Duration.ofHours(2));
        lan.servers.get(0).goAway();
        lan.servers.get(1).goAway();
        lan.run(Duration.ofHours(4));
        var away = lan.client.engine().sources(lan.clock.readNanos());
        assertThat(away.get(0).reach()).as("seed %d: unreachable while away", seed).isZero();
        assertThat(away.get(0).state()).isEqualTo(dev.jntp.engine.sync.SourceState.UNUSABLE);
        lan.servers.get(0).comeBack();
        lan.servers.get(1).comeBack();
        lan.run(Duration.ofHours(3));
        var back = lan.client.engine().sources(lan.clock.readNanos());
        assertThat(back.get(0).reach()).as("seed %d: reachable again", seed).isNotZero();
        assertThat(back.get(0).state()).isIn(dev.jntp.engine.sync.SourceState.SELECTED,
                dev.jntp.engine.sync.SourceState.COMBINED, dev.jntp.engine.sync.SourceState.NOT_COMBINED);
        report("(j) members away and back", Accuracy.check(lan.trace, seed).scenario("(j) pool members away and back")
                .synchronisedWithin(Duration.ofSeconds(6)).settlingTime(SETTLE).maxAbsOffset(1e-3).rmsOffset(100e-6)
                .staysSynchronised());
    }

    @Test
    void h_eraRollover2036_unnoticed() {
        long seed = Lan.seed("h");
        Instant start = SimTime.ERA_ROLLOVER.minus(Duration.ofHours(1));
        Lan lan = Lan.with(seed, start, b -> b, SyncSettings.defaults(), 0);
        for (int i = 0; i < 4; i++) {
            lan.server();
        }
        lan.run(Duration.ofHours(3));
        report("(h) 2036 rollover", Accuracy.check(lan.trace, seed).scenario("(h) NTP era rollover")
                .synchronisedWithin(Duration.ofSeconds(6)).settlingTime(SETTLE).maxAbsOffset(1e-3).rmsOffset(100e-6)
                .maxFrequencyErrorPpm(1).staysSynchronised());
    }

    @Test
    void i_restartWithDriftFile_frequencyWithin1ppmFromTheFirstUpdate() {
        long seed = Lan.seed("i");
        // The drift file holds -100 ppm: the correction the previous run measured for this clock.
        Lan lan = Lan.with(seed, Lan.START, b -> b, SyncSettings.defaults(), -100.0);
        for (int i = 0; i < 4; i++) {
            lan.server();
        }
        lan.run(Duration.ofHours(6));
        report("(i) drift file", Accuracy.check(lan.trace, seed).scenario("(i) restart with a drift file")
                .synchronisedWithin(Duration.ofSeconds(6)).settlingTime(Duration.ofSeconds(1)).maxFrequencyErrorPpm(1)
                .staysSynchronised());
    }
}
