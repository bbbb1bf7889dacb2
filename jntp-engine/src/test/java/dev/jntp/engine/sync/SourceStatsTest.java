// Tests the per-source regression: exact lines, calibrated error estimates, delay weights, runs test, bounds.
package dev.jntp.engine.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import java.util.function.LongToDoubleFunction;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SourceStatsTest {

    private static final long SECOND = 1_000_000_000L;
    private static final long T0 = Replies.EPOCH;
    private static final double PRECISION = Math.scalb(1.0, -20);
    private static final double DELAY = 0.0004;

    private final SourceStats stats = new SourceStats(PRECISION);

    /** Adds {@code n} samples {@code spacing} apart from T0, offset {@code line(t)}, all with the same delay. */
    private void addLine(int n, long spacing, LongToDoubleFunction line) {
        for (int i = 0; i < n; i++) {
            long t = T0 + i * spacing;
            stats.add(new SourceStats.Point(t, line.applyAsDouble(t), DELAY, 1e-6));
        }
    }

    /** {@code n} samples 64 s apart of the line a + b t with Gaussian noise of {@code sigma}. */
    private static SourceStats noisyLine(SplittableRandom r, int n, double a, double b, double sigma) {
        SourceStats s = new SourceStats(PRECISION);
        for (int i = 0; i < n; i++) {
            long t = T0 + i * 64 * SECOND;
            s.add(new SourceStats.Point(t, a + b * seconds(t) + sigma * r.nextGaussian(), DELAY, 1e-6));
        }
        return s;
    }

    private static double seconds(long t) {
        return (t - T0) / 1e9;
    }

    @ParameterizedTest(name = "{0} samples {1} s apart, a = {2}, b = {3}")
    @CsvSource({
        "3, 2, 0.1, 0",
        "4, 2, -0.25, 1e-4",
        "8, 64, 0.003, -2.5e-5",
        "20, 16, 1.5, 5e-7",
        "64, 1024, -0.0001, 3e-6",
        "100, 64, 0.02, 1e-5"})
    void estimate_noiselessLine_exactOffsetAndFrequencyAlsoExtrapolated(int n, long spacingSeconds, double a,
            double b) {
        LongToDoubleFunction line = t -> a + b * seconds(t);
        addLine(n, spacingSeconds * SECOND, line);
        long last = stats.last().rawNanos();

        SourceStats.Estimate now = stats.estimate(last, 0);
        SourceStats.Estimate later = stats.estimate(last + 3600 * SECOND, 0);

        assertThat(now.frequency()).isCloseTo(b, within(1e-13));
        assertThat(now.rawOffset()).isCloseTo(line.applyAsDouble(last), within(1e-12));
        assertThat(later.rawOffset()).isCloseTo(line.applyAsDouble(last + 3600 * SECOND), within(1e-9));
        assertThat(later.offsetError()).as("an extrapolation is less certain").isGreaterThan(now.offsetError());
        assertThat(now.samples()).isEqualTo(stats.size());
        assertThat(now.minDelay()).isEqualTo(DELAY);
        assertThat(now.lastDelay()).isEqualTo(DELAY);
        assertThat(now.lastDispersion()).isEqualTo(1e-6);
    }

    @Test
    void estimate_noSamples_null() {
        assertThat(stats.estimate(T0, 0)).isNull();
        assertThat(stats.minDelay()).isNaN();
        assertThat(stats.last()).isNull();
    }

    /**
     * Calibration: with Gaussian noise, the true offset and frequency lie within three of the
     * reported standard errors in at least 95 % of the trials, and the errors are not so
     * pessimistic that almost every estimate falls within one of them.
     */
    @Test
    void estimate_gaussianNoise_errorsWithinThreeReportedSigmasIn95PercentOfTrials() {
        long seed = 0x5EED_5747L;
        SplittableRandom r = new SplittableRandom(seed);
        int trials = 200;
        int offsetWithin3 = 0;
        int freqWithin3 = 0;
        int offsetWithin1 = 0;
        for (int trial = 0; trial < trials; trial++) {
            double a = r.nextDouble(-0.1, 0.1);
            double b = r.nextDouble(-1e-4, 1e-4);
            SourceStats s = noisyLine(r, 16, a, b, 0.001);
            long at = s.last().rawNanos() + 600 * SECOND;
            SourceStats.Estimate e = s.estimate(at, 0);
            double offsetError = Math.abs(e.rawOffset() - (a + b * seconds(at)));
            offsetWithin3 += offsetError < 3 * e.offsetError() ? 1 : 0;
            offsetWithin1 += offsetError < e.offsetError() ? 1 : 0;
            freqWithin3 += Math.abs(e.frequency() - b) < 3 * e.skew() ? 1 : 0;
        }
        assertThat(offsetWithin3).as("seed %d: offsets within 3 sigma", seed).isGreaterThanOrEqualTo(trials * 95 / 100);
        assertThat(freqWithin3).as("seed %d: frequencies within 3 sigma", seed)
                .isGreaterThanOrEqualTo(trials * 95 / 100);
        assertThat(offsetWithin1).as("seed %d: offsets within 1 sigma (about 68 %% when calibrated)", seed)
                .isBetween(trials / 2, trials * 90 / 100);
    }

    /** 16 samples of a constant offset 0.01 s and delay 0.01 s, but one that queued for {@code extraDelay} more. */
    private SourceStats.Estimate withOneDelayedSample(int outlier, double extraDelay) {
        for (int i = 0; i < 16; i++) {
            long t = T0 + i * 64 * SECOND;
            boolean late = i == outlier;
            // A queued sample carries up to half its extra delay as offset error.
            stats.add(new SourceStats.Point(t, 0.01 + (late ? extraDelay / 2 : 0), late ? 0.01 + extraDelay : 0.01,
                    1e-6));
        }
        return stats.estimate(stats.last().rawNanos(), 0);
    }

    @Test
    void estimate_oneOldSampleWithLargeExtraDelay_barelyMovesTheEstimate() {
        SourceStats.Estimate e = withOneDelayedSample(8, 0.1);

        double unweightedShift = 0.1 / 2 / 16;
        assertThat(Math.abs(e.rawOffset() - 0.01)).as("shift of the offset").isLessThan(unweightedShift / 10);
        assertThat(e.minDelay()).isEqualTo(0.01);
    }

    /**
     * The delay scale of the weights is the standard deviation of the delays, which the outlier
     * itself inflates: its weight never falls below about 1 / (1 + sqrt(n))^2 however late it is,
     * so its offset error passes into the estimate in proportion.
     */
    @Test
    void estimate_newestSampleWithVeryLargeExtraDelay_barelyMovesTheEstimate() {
        SourceStats.Estimate e = withOneDelayedSample(15, 1.0);

        assertThat(Math.abs(e.rawOffset() - 0.01)).as("shift of the offset by a sample 0.5 s off").isLessThan(0.001);
    }

    @Test
    void estimate_twoSamples_assumedFrequencyWithLargeSkew() {
        addLine(2, 64 * SECOND, t -> 0.01 + 1e-5 * seconds(t));

        SourceStats.Estimate e = stats.estimate(stats.last().rawNanos(), 3e-6);

        assertThat(e.frequency()).isEqualTo(3e-6);
        assertThat(e.skew()).isEqualTo(1e-4);
        assertThat(e.samples()).isEqualTo(2);
    }

    @Test
    void estimate_oneSample_itsOffsetMovedAlongTheAssumedFrequency() {
        stats.add(new SourceStats.Point(T0, 0.02, DELAY, 1e-6));

        SourceStats.Estimate e = stats.estimate(T0 + 100 * SECOND, 1e-5);

        assertThat(e.rawOffset()).isCloseTo(0.02 + 1e-3, within(1e-12));
        assertThat(e.frequency()).isEqualTo(1e-5);
    }

    @Test
    void estimate_manySamplesWithinASecond_assumedFrequency() {
        addLine(5, SECOND / 5, t -> 0.01 + 1e-3 * seconds(t));

        SourceStats.Estimate e = stats.estimate(stats.last().rawNanos(), -2e-6);

        assertThat(e.frequency()).isEqualTo(-2e-6);
        assertThat(e.skew()).isEqualTo(1e-4);
    }

    @Test
    void add_frequencyChange_runsTestDropsTheSamplesBeforeTheKink() {
        long seed = 0x5EED_0A1CL;
        SplittableRandom r = new SplittableRandom(seed);
        long kink = T0 + 40 * 64 * SECOND;
        for (int i = 0; i < 60; i++) {
            long t = T0 + i * 64 * SECOND;
            double line = t < kink ? 0 : 2e-5 * (t - kink) / 1e9;
            stats.add(new SourceStats.Point(t, line + 1e-6 * r.nextGaussian(), DELAY, 1e-6));
        }

        SourceStats.Estimate e = stats.estimate(stats.last().rawNanos(), 0);

        assertThat(stats.size()).as("seed %d", seed).isLessThan(40);
        assertThat(e.frequency()).as("seed %d", seed).isCloseTo(2e-5, within(1e-7));
    }

    @Test
    void add_alternatingResiduals_runsTestKeepsEverySample() {
        addLine(40, 64 * SECOND, t -> 0.003 + 1e-5 * seconds(t) + ((t - T0) / (64 * SECOND) % 2 == 0 ? 1e-4 : -1e-4));

        assertThat(stats.size()).isEqualTo(40);
    }

    /** Pure noise around one line keeps (almost) all samples: the runs test rarely rejects it. */
    @Test
    void add_pureNoise_runsTestRarelyTrims() {
        long seed = 0x5EED_2015L;
        SplittableRandom r = new SplittableRandom(seed);

        long kept = IntStream.range(0, 100).filter(trial -> noisyLine(r, 32, 0, 1e-6, 0.001).size() >= 24).count();

        assertThat(kept).as("seed %d: trials of 100 that kept at least 24 of 32 samples", seed)
                .isGreaterThanOrEqualTo(80);
    }

    @Test
    void add_moreThanMaxSamples_keepsTheNewestMax() {
        addLine(SourceStats.MAX_SAMPLES + 40, 16 * SECOND,
                t -> ((t - T0) / (16 * SECOND) % 2 == 0 ? 1e-4 : -1e-4));

        assertThat(stats.size()).isEqualTo(SourceStats.MAX_SAMPLES);
        assertThat(stats.last().rawNanos()).isEqualTo(T0 + (SourceStats.MAX_SAMPLES + 39) * 16 * SECOND);
    }

    @ParameterizedTest(name = "time {0} s after the last")
    @CsvSource({"0", "-1"})
    void add_timeNotAfterTheLast_historyCleared(long delta) {
        addLine(10, 64 * SECOND, t -> 0.01);
        long last = stats.last().rawNanos();

        stats.add(new SourceStats.Point(last + delta * SECOND, 0.5, DELAY, 1e-6));

        assertThat(stats.size()).isEqualTo(1);
        assertThat(stats.estimate(last, 0).rawOffset()).isEqualTo(0.5);
    }

    @Test
    void clear_withSamples_empty() {
        addLine(5, 64 * SECOND, t -> 0.01);

        stats.clear();

        assertThat(stats.size()).isZero();
        assertThat(stats.estimate(T0, 0)).isNull();
    }

    @Test
    void minDelay_variousDelays_smallest() {
        double[] delays = {0.03, 0.01, 0.02};
        for (int i = 0; i < delays.length; i++) {
            stats.add(new SourceStats.Point(T0 + i * SECOND, 0, delays[i], 1e-6));
        }

        assertThat(stats.minDelay()).isEqualTo(0.01);
        assertThat(stats.estimate(T0, 0).lastDelay()).isEqualTo(0.02);
    }

    /** A noiseless line has residuals of rounding size only: their signs say nothing about a frequency change. */
    @Test
    void add_noiselessLine_keepsEverySample() {
        addLine(SourceStats.MAX_SAMPLES, 64 * SECOND, t -> 0.01 + 1.234e-5 * seconds(t));

        assertThat(stats.size()).isEqualTo(SourceStats.MAX_SAMPLES);
    }

    @Test
    void estimate_oneSidedDelays_pulledTowardTheDelayBoundsByAtMostOneStandardError() {
        SplittableRandom r = new SplittableRandom(3);
        for (int i = 0; i < 40; i++) {
            double out = 0.0015 + r.nextDouble() * 0.001;
            double back = 0.0015 + r.nextDouble() * 0.001;
            stats.add(new SourceStats.Point(T0 + i * 4 * SECOND, (out - back) / 2, out + back, 1e-6));
        }
        long at = T0 + 39 * 4 * SECOND;
        SourceStats.Estimate line = stats.estimate(at, 0, false);
        SourceStats.Estimate pulled = stats.estimate(at, 0);
        assertThat(pulled.rawOffset()).isNotEqualTo(line.rawOffset());
        assertThat(Math.abs(pulled.rawOffset() - line.rawOffset())).isLessThanOrEqualTo(line.offsetError() + 1e-12);
        assertThat(pulled.frequency()).isEqualTo(line.frequency());

        // One reply whose offset is 5 ms off with an ordinary delay (a server's bad time stamp) moves the
        // bounds by 2.5 ms; the estimate moves by no more than the regression's error.
        stats.add(new SourceStats.Point(T0 + 40 * 4 * SECOND, 0.005, 0.003, 1e-6));
        SourceStats.Estimate after = stats.estimate(T0 + 40 * 4 * SECOND, 0);
        SourceStats.Estimate afterLine = stats.estimate(T0 + 40 * 4 * SECOND, 0, false);
        assertThat(Math.abs(after.rawOffset() - afterLine.rawOffset())).isLessThanOrEqualTo(afterLine.offsetError()
                + 1e-12);
    }
}
