// Tests the model of the correction applied to the local clock: frequency, slews at their rate, steps, raw time.
package dev.jntp.engine.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Rates (frequency corrections and slews) apply per second of the free-running clock, so while
 * a correction of rate g is in force, a second of free-running time lasts 1 + g seconds of local
 * time: the expectations below convert with that factor.
 */
class ClockModelTest {

    private static final long SECOND = 1_000_000_000L;
    private static final long T0 = Replies.EPOCH;
    private static final double EPS = 1e-12;

    private static long local(double seconds) {
        return T0 + Math.round(seconds * 1e9);
    }

    @Test
    void correction_frequencyOnly_growsWithFreeRunningTime() {
        double f = 50e-6;
        ClockModel m = new ClockModel(T0, 50);

        assertThat(m.correctionAt(T0)).isZero();
        assertThat(m.correctionAt(local(10))).isCloseTo(f * 10 / (1 + f), within(EPS));
        assertThat(m.correctionAt(local(1000))).isCloseTo(f * 1000 / (1 + f), within(EPS));
        assertThat(m.rawNanos(local(1000)) - m.rawNanos(T0)).isCloseTo(Math.round(1000e9 / (1 + f)), within(1L));
        assertThat(m.remainingSlew(local(10))).isZero();
        assertThat(m.frequencyPpm()).isCloseTo(50, within(1e-9));
    }

    @Test
    void correctionAt_timeBeforeTheLatestCommands_readFromTheSegmentsInForceThen() {
        ClockModel m = new ClockModel(T0, 50);
        double at50 = m.correctionAt(local(50));
        double at150 = 0;

        m.setFrequency(local(100), -20);
        at150 = m.correctionAt(local(150));
        m.slew(local(200), 0.001, 500);
        m.setFrequency(local(300), 10);

        assertThat(m.correctionAt(local(50))).as("a late stamp of the first segment").isCloseTo(at50, within(EPS));
        assertThat(m.correctionAt(local(150))).as("of the second").isCloseTo(at150, within(EPS));
    }

    @Test
    void setFrequency_later_keepsWhatTheOldFrequencyAccumulated() {
        ClockModel m = new ClockModel(T0, 50);
        double before = 50e-6 * 100 / (1 + 50e-6);

        m.setFrequency(local(100), -20);

        assertThat(m.correctionAt(local(100))).isCloseTo(before, within(EPS));
        assertThat(m.correctionAt(local(200))).isCloseTo(before - 20e-6 * 100 / (1 - 20e-6), within(EPS));
        assertThat(m.frequencyPpm()).isCloseTo(-20, within(1e-9));
    }

    @ParameterizedTest(name = "slew {0} s")
    @ValueSource(doubles = {0.1, -0.1})
    void slew_atItsRate_remainderFallsLinearlyThenStaysZero(double seconds) {
        ClockModel m = new ClockModel(T0, 0);
        double rate = 1000e-6;
        // 0.1 s at 1000 ppm takes 100 s of free-running time, which the slew itself lengthens or shortens.
        double done = 100 * (1 + Math.copySign(rate, seconds));

        m.slew(T0, seconds, 1000);

        for (int k = 0; k <= 10; k++) {
            long t = local(done * k / 10);
            assertThat(m.remainingSlew(t)).as("remaining after %d/10", k).isCloseTo(seconds * (10 - k) / 10, within(EPS));
            assertThat(m.correctionAt(t)).as("correction after %d/10", k).isCloseTo(seconds * k / 10, within(EPS));
        }
        assertThat(m.remainingSlew(local(500))).isZero();
        assertThat(m.correctionAt(local(500))).isCloseTo(seconds, within(EPS));
    }

    @Test
    void slew_atTheDefaultMaximumRate_progressCountedInFreeRunningTime() {
        ClockModel m = new ClockModel(T0, 0);

        m.slew(T0, 0.1, 83_333.333);

        // 1.2 s of free-running time, 1.3 s of local time.
        assertThat(m.remainingSlew(local(1.2))).isCloseTo(0.1 - 0.083333333 * 1.2 / 1.083333333, within(1e-9));
        assertThat(m.remainingSlew(local(1.3))).isCloseTo(0, within(1e-9));
    }

    @Test
    void slew_withFrequency_bothAdd() {
        double f = 10e-6;
        double rate = 500e-6;
        ClockModel m = new ClockModel(T0, 10);

        m.slew(T0, 0.01, 500); // 20 s of free-running time

        double slewEnds = 20 * (1 + f + rate);
        assertThat(m.correctionAt(local(10))).isCloseTo((f + rate) * 10 / (1 + f + rate), within(EPS));
        assertThat(m.correctionAt(local(100))).isCloseTo(f * 20 + 0.01 + f * (100 - slewEnds) / (1 + f), within(EPS));
    }

    @Test
    void slew_newOne_replacesTheRemainder() {
        ClockModel m = new ClockModel(T0, 0);
        m.slew(T0, 0.1, 1000);
        long halfway = local(50 * 1.001);

        m.slew(halfway, 0.02, 1000);

        assertThat(m.correctionAt(halfway)).isCloseTo(0.05, within(EPS));
        assertThat(m.remainingSlew(halfway)).isCloseTo(0.02, within(EPS));
        assertThat(m.remainingSlew(halfway + 21 * SECOND)).isZero();
        assertThat(m.correctionAt(local(1000))).as("0.05 done of the first, then all of the second")
                .isCloseTo(0.07, within(EPS));
    }

    @Test
    void setFrequency_duringSlew_slewContinuesAtItsRate() {
        ClockModel m = new ClockModel(T0, 0);
        m.slew(T0, 0.1, 1000);
        long at = local(30 * 1.001);

        m.setFrequency(at, 100);

        assertThat(m.remainingSlew(at)).isCloseTo(0.07, within(EPS));
        long slewEnds = at + Math.round(70e9 * (1 + 100e-6 + 1000e-6));
        assertThat(m.remainingSlew(slewEnds)).isCloseTo(0, within(1e-9));
        assertThat(m.correctionAt(slewEnds)).isCloseTo(0.1 + 100e-6 * 70, within(1e-9));
    }

    @ParameterizedTest(name = "step {0} s")
    @ValueSource(doubles = {0.5, -0.5, 3600})
    void step_movesTheTimeAxis_rawTimeContinuousAndSlewCancelled(double seconds) {
        ClockModel m = new ClockModel(T0, 10);
        m.slew(T0, 0.1, 1000);
        long at = T0 + 40 * SECOND;
        long rawBefore = m.rawNanos(at);
        double correctionBefore = m.correctionAt(at);

        m.step(at, seconds);

        long after = at + Math.round(seconds * 1e9);
        assertThat(m.rawNanos(after)).isCloseTo(rawBefore, within(1L));
        assertThat(m.correctionAt(after)).isCloseTo(correctionBefore + seconds, within(EPS));
        assertThat(m.remainingSlew(after)).isZero();
        assertThat(m.rawNanos(after + 100 * SECOND) - rawBefore).as("raw time runs on at the free-running rate")
                .isCloseTo(Math.round(100e9 / (1 + 10e-6)), within(2L));
    }

    @Test
    void rawNanos_afterAnySequenceOfCommands_isTimeMinusCorrectionAndNeverRunsBackwards() {
        long seed = 0x5EED_C10CL;
        SplittableRandom r = new SplittableRandom(seed);
        ClockModel m = new ClockModel(T0, 0);
        long now = T0;
        long lastRaw = m.rawNanos(now);
        for (int i = 0; i < 500; i++) {
            now += r.nextLong(1, 100 * SECOND);
            switch (r.nextInt(3)) {
                case 0 -> m.setFrequency(now, r.nextDouble(-500, 500));
                case 1 -> m.slew(now, r.nextDouble(-1, 1), r.nextDouble(100, 100_000));
                default -> {
                    long raw = m.rawNanos(now);
                    double step = r.nextDouble(-10, 10);
                    m.step(now, step);
                    now += Math.round(step * 1e9);
                    assertThat(m.rawNanos(now)).as("seed %d, step %d", seed, i).isCloseTo(raw, within(1L));
                }
            }
            for (long t : new long[] {now, now + r.nextLong(SECOND), now + r.nextLong(1000 * SECOND)}) {
                assertThat(m.rawNanos(t)).as("seed %d, command %d", seed, i)
                        .isEqualTo(t - Math.round(m.correctionAt(t) * 1e9));
            }
            long raw = m.rawNanos(now);
            assertThat(raw).as("seed %d: raw time never runs backwards", seed).isGreaterThanOrEqualTo(lastRaw - 1);
            lastRaw = raw;
        }
    }
}
