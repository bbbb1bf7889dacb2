// Tests the simulated clock: exact drift over a day, wander statistics, slew, step, scripted steps and leaps.
package dev.jntp.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.jntp.proto.LeapIndicator;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SimulatedClockTest {

    private static final long SEED = Seeds.chosen(0x5EED_C10CL);
    private static final String SEED_INFO = "seed " + SEED;
    private static final Instant START = Instant.parse("2026-06-30T00:00:00Z");
    private static final long S = 1_000_000_000L;

    private final SimScheduler scheduler = SimScheduler.startingAt(START);
    private final SimTime time = scheduler.time();

    @Test
    void freeRunning_100ppmForOneDay_isOffByExactly8point64Seconds() {
        SimulatedClock clock = SimulatedClock.builder(time).frequencyErrorPpm(100).build();
        scheduler.runFor(Duration.ofDays(1));
        assertThat(clock.readNanos() - scheduler.now()).isEqualTo(8_640_000_000L);
        assertThat(clock.trueOffset()).isEqualTo(8.64);
        assertThat(clock.trueOffsetNanos()).isEqualTo(8_640_000_000L);
    }

    @Test
    void freeRunning_readEverySecondForOneDay_readsTheSameAsReadOnce() {
        SimulatedClock polled = SimulatedClock.builder(time).offset(0.1).frequencyErrorPpm(-37.123456789).build();
        SimulatedClock untouched = SimulatedClock.builder(time).offset(0.1).frequencyErrorPpm(-37.123456789).build();
        scheduler.every(scheduler.now(), 999_999_937L, polled::readNanos);
        scheduler.runFor(Duration.ofDays(1));
        assertThat(polled.readNanos()).isEqualTo(untouched.readNanos());
        assertThat(polled.trueOffset()).isEqualTo(untouched.trueOffset());
    }

    @Test
    void frequencyCorrections_everySecondForOneDay_matchExactArithmeticToAMillionthOfANanosecond() {
        double intrinsic = 37.123456789;
        SimulatedClock clock = SimulatedClock.builder(time).offsetNanos(123_456_789L).frequencyErrorPpm(intrinsic).build();
        SplittableRandom random = new SplittableRandom(SEED);
        MathContext mc = new MathContext(60, RoundingMode.HALF_EVEN);
        BigDecimal[] expected = {BigDecimal.valueOf(123_456_789L)};
        long[] last = {scheduler.now()};
        double[] correction = {0};
        scheduler.every(scheduler.now() + 1_000_000_007L, 1_000_000_007L, () -> {
            long now = scheduler.now();
            BigDecimal ppm = new BigDecimal(intrinsic).add(new BigDecimal(correction[0]));
            expected[0] = expected[0].add(BigDecimal.valueOf(now - last[0]).multiply(ppm).divide(BigDecimal.valueOf(1_000_000), mc));
            last[0] = now;
            correction[0] = random.nextDouble(-500, 500);
            clock.setFrequencyPpm(correction[0]);
        });
        scheduler.runUntil(scheduler.now() + 86_400_000_000_007L);
        BigDecimal ppm = new BigDecimal(intrinsic).add(new BigDecimal(correction[0]));
        BigDecimal exact = expected[0].add(BigDecimal.valueOf(scheduler.now() - last[0]).multiply(ppm)
                .divide(BigDecimal.valueOf(1_000_000), mc));

        assertThat(clock.trueOffset() * 1e9).as(SEED_INFO).isCloseTo(exact.doubleValue(), within(1e-6 * Math.max(1, Math.abs(exact.doubleValue()) / 1e9)));
        assertThat(clock.readNanos() - scheduler.now()).as(SEED_INFO)
                .isEqualTo(exact.setScale(0, RoundingMode.HALF_UP).longValueExact());
    }

    @Test
    void frequencyError_withCorrection_isIntrinsicPlusCorrection() {
        SimulatedClock clock = SimulatedClock.builder(time).frequencyErrorPpm(100).build();
        clock.setFrequencyPpm(-99.5);
        assertThat(clock.frequencyPpm()).isEqualTo(-99.5);
        assertThat(clock.frequencyErrorPpm()).isCloseTo(0.5, within(1e-12));
        assertThat(clock.naturalFrequencyErrorPpm()).isEqualTo(100);
        scheduler.runFor(Duration.ofSeconds(1000));
        assertThat(clock.trueOffset()).isCloseTo(0.5e-3, within(1e-15));
    }

    @Test
    void wander_1e9PerSecondOver10000Seconds_spreadsFrequencyBy0point1ppm() {
        int clocks = 400;
        SimulatedClock[] c = new SimulatedClock[clocks];
        for (int i = 0; i < clocks; i++) {
            c[i] = SimulatedClock.builder(time).wander(1e-9, Seeds.derive(SEED, "clock " + i)).build();
        }
        scheduler.runFor(Duration.ofSeconds(10_000));
        double sum = 0;
        double sumSq = 0;
        for (SimulatedClock k : c) {
            double f = k.frequencyErrorPpm();
            sum += f;
            sumSq += f * f;
        }
        double mean = sum / clocks;
        double sd = Math.sqrt(sumSq / clocks - mean * mean);
        // Expected sd: 1e-9 * sqrt(10000) = 1e-7 = 0.1 ppm; the estimate from 400 clocks is within 15%.
        assertThat(sd).as(SEED_INFO).isBetween(0.085, 0.115);
        assertThat(Math.abs(mean)).as(SEED_INFO).isLessThan(3 * 0.1 / Math.sqrt(clocks));
    }

    @Test
    void wander_sameSeed_givesTheSameClockWhoeverReadsItHowOften() {
        SimulatedClock a = SimulatedClock.builder(time).frequencyErrorPpm(10).wander(1e-8, SEED).build();
        SimulatedClock b = SimulatedClock.builder(time).frequencyErrorPpm(10).wander(1e-8, SEED).build();
        SimulatedClock other = SimulatedClock.builder(time).frequencyErrorPpm(10).wander(1e-8, SEED + 1).build();
        scheduler.every(scheduler.now(), 333_333_333L, a::readNanos);
        scheduler.runFor(Duration.ofHours(6));
        assertThat(a.readNanos()).as(SEED_INFO).isEqualTo(b.readNanos());
        assertThat(a.frequencyErrorPpm()).as(SEED_INFO).isEqualTo(b.frequencyErrorPpm());
        assertThat(other.frequencyErrorPpm()).as(SEED_INFO).isNotEqualTo(a.frequencyErrorPpm());
        assertThat(a.frequencyErrorPpm()).as(SEED_INFO).isNotEqualTo(10.0);
    }

    @Test
    void slew_100msAt500ppm_completesIn200SecondsAtTheMaxRate() {
        SimulatedClock clock = SimulatedClock.perfect(time);
        clock.slew(0.1, 500);
        assertThat(clock.remainingSlew()).isEqualTo(0.1);
        scheduler.runFor(Duration.ofSeconds(100));
        assertThat(clock.remainingSlew()).isCloseTo(0.05, within(1e-15));
        assertThat(clock.trueOffset()).isCloseTo(0.05, within(1e-15));
        scheduler.runForNanos(100 * S - 1);
        assertThat(clock.remainingSlew()).isPositive().isLessThan(1e-12);
        scheduler.runForNanos(1);
        assertThat(clock.remainingSlew()).isZero();
        assertThat(clock.readNanos() - scheduler.now()).isEqualTo(100_000_000L);
        scheduler.runFor(Duration.ofHours(1));
        assertThat(clock.readNanos() - scheduler.now()).isEqualTo(100_000_000L);
        assertThat(clock.stepCount()).isZero();
    }

    @Test
    void slew_backwardsAndCappedByTheClock_runsAtTheCap() {
        SimulatedClock clock = SimulatedClock.builder(time).maxSlewRatePpm(100).build();
        clock.slew(-0.01, 500);
        scheduler.runFor(Duration.ofSeconds(50));
        assertThat(clock.trueOffset()).isCloseTo(-0.005, within(1e-15));
        scheduler.runFor(Duration.ofSeconds(50));
        assertThat(clock.readNanos() - scheduler.now()).isEqualTo(-10_000_000L);
        assertThat(clock.remainingSlew()).isZero();
    }

    @Test
    void slew_replacedHalfway_dropsTheRestOfTheFirst() {
        SimulatedClock clock = SimulatedClock.perfect(time);
        clock.slew(0.1, 500);
        scheduler.runFor(Duration.ofSeconds(100));
        clock.slew(-0.02, 1000);
        assertThat(clock.remainingSlew()).isEqualTo(-0.02);
        scheduler.runFor(Duration.ofSeconds(20));
        assertThat(clock.readNanos() - scheduler.now()).isEqualTo(30_000_000L);
    }

    @Test
    void step_isImmediateCountedAndCancelsTheSlew() {
        SimulatedClock clock = SimulatedClock.builder(time).offset(0.5).build();
        clock.slew(1.0, 500);
        scheduler.runFor(Duration.ofSeconds(10));
        long before = clock.readNanos();
        clock.step(-0.505);
        assertThat(clock.readNanos()).isEqualTo(before - 505_000_000L);
        assertThat(clock.trueOffsetNanos()).isEqualTo(0);
        assertThat(clock.remainingSlew()).isZero();
        assertThat(clock.stepCount()).isEqualTo(1);
        assertThat(clock.steps()).containsExactly(new SimulatedClock.Step(scheduler.now(), -0.505));
        scheduler.runFor(Duration.ofHours(1));
        assertThat(clock.trueOffsetNanos()).isEqualTo(0);
    }

    @Test
    void scriptedStep_atItsTime_movesTheClockWithoutCountingAsAStep() {
        long at = scheduler.now() + 10 * S;
        SimulatedClock clock = SimulatedClock.builder(time).stepAt(at, 1.0).build();
        clock.scriptStep(at + 5 * S, -0.25);
        scheduler.runUntil(at - 1);
        assertThat(clock.trueOffsetNanos()).isZero();
        scheduler.runUntil(at);
        assertThat(clock.trueOffsetNanos()).isEqualTo(S);
        scheduler.runUntil(at + 5 * S);
        assertThat(clock.trueOffsetNanos()).isEqualTo(750_000_000L);
        assertThat(clock.stepCount()).isZero();
    }

    @Test
    void synchronisedStatus_reported_isRecorded() {
        SimulatedClock clock = SimulatedClock.perfect(time);
        assertThat(clock.synchronised()).isFalse();
        clock.setSynchronised(true, 0.01, 0.001);
        assertThat(clock.synchronised()).isTrue();
        assertThat(clock.maxErrorSeconds()).isEqualTo(0.01);
        assertThat(clock.estErrorSeconds()).isEqualTo(0.001);
    }

    @Test
    void leapInsertion_armedClock_repeats235959AndStaysOnTrueUtc() {
        time.insertLeapSecond(LocalDate.of(2026, 6, 30));
        SimulatedClock armed = SimulatedClock.perfect(time);
        SimulatedClock unaware = SimulatedClock.perfect(time);
        SimulatedClock server = SimulatedClock.builder(time).followsUtcLeaps(true).build();
        armed.setLeap(LeapIndicator.INSERT_SECOND);
        long midnight = SimTime.nanosOf(Instant.parse("2026-07-01T00:00:00Z"));

        scheduler.runUntil(midnight - S / 2);
        assertThat(armed.readNanos()).isEqualTo(midnight - S / 2);
        scheduler.runUntil(midnight + S / 2);
        assertThat(armed.readNanos()).as("23:59:59.5 again").isEqualTo(midnight - S / 2);
        assertThat(server.readNanos()).isEqualTo(midnight - S / 2);
        assertThat(time.utc()).isEqualTo(midnight - S / 2);
        scheduler.runUntil(midnight + 2 * S);
        assertThat(armed.trueOffsetNanos()).isZero();
        assertThat(armed.leapsApplied()).isEqualTo(1);
        assertThat(armed.leap()).isEqualTo(LeapIndicator.NO_WARNING);
        assertThat(server.trueOffsetNanos()).isZero();
        assertThat(unaware.trueOffsetNanos()).isEqualTo(S);
        assertThat(armed.stepCount()).isZero();
    }

    @Test
    void leapDeletion_armedClockAhead_skips235959ByItsOwnReading() {
        time.deleteLeapSecond(LocalDate.of(2026, 6, 30));
        SimulatedClock armed = SimulatedClock.builder(time).offset(0.25).build();
        armed.setLeap(LeapIndicator.DELETE_SECOND);
        long midnight = SimTime.nanosOf(Instant.parse("2026-07-01T00:00:00Z"));
        // The clock reads 23:59:59 a quarter second early and jumps to midnight then.
        scheduler.runUntil(midnight - S - S / 4 - 1);
        assertThat(armed.readNanos()).isEqualTo(midnight - S - 1);
        scheduler.runUntil(midnight - S - S / 4);
        assertThat(armed.readNanos()).isEqualTo(midnight);
        scheduler.runUntil(midnight - S / 2);
        assertThat(time.utc()).isEqualTo(midnight + S / 2);
        assertThat(armed.trueOffsetNanos()).isEqualTo(S / 4);
    }
}
