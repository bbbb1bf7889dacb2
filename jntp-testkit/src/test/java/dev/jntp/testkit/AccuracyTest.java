// Tests the trace and the accuracy figures and assertions: numbers, failure message with seed and trace, CSV.
package dev.jntp.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AccuracyTest {

    private static final long S = 1_000_000_000L;
    private static final long T0 = SimTime.nanosOf(Instant.parse("2026-06-30T00:00:00Z"));

    /** 100 samples a second apart: 0.1 s off for 10 s, then +-100 us; synchronised from 5 s; frequency error 2 then 0.5 ppm. */
    private static Trace settlingTrace() {
        Trace t = new Trace(T0);
        for (int i = 0; i < 100; i++) {
            double offset = i < 10 ? 0.1 : (i % 2 == 0 ? 1e-4 : -1e-4);
            t.record(T0 + i * S, offset, -offset + 1e-6, i < 10 ? 2.0 : -0.5, i >= 5);
        }
        return t;
    }

    @Test
    void summarize_afterSettling_countsOnlyTheSettledSamples() {
        Accuracy.Summary s = Accuracy.summarize(settlingTrace(), Duration.ofSeconds(10));
        assertThat(s.samples()).isEqualTo(90);
        assertThat(s.maxAbsOffset()).isEqualTo(1e-4);
        assertThat(s.rmsOffset()).isCloseTo(1e-4, within(1e-15));
        assertThat(s.meanOffset()).isCloseTo(0, within(1e-15));
        assertThat(s.maxAbsFrequencyErrorPpm()).isEqualTo(0.5);
        assertThat(s.maxAbsEstimateError()).isCloseTo(1e-6, within(1e-15));
        assertThat(s.timeToFirstSyncNanos()).isEqualTo(5 * S);
        assertThat(s.synchronisedFraction()).isEqualTo(1.0);
    }

    @Test
    void summarize_withoutSettling_includesTheStart() {
        Accuracy.Summary s = Accuracy.summarize(settlingTrace(), Duration.ZERO);
        assertThat(s.samples()).isEqualTo(100);
        assertThat(s.maxAbsOffset()).isEqualTo(0.1);
        assertThat(s.maxAbsFrequencyErrorPpm()).isEqualTo(2.0);
        assertThat(s.synchronisedFraction()).isEqualTo(0.95);
    }

    @Test
    void verify_criteriaMet_returnsTheSummary() {
        Accuracy.Summary s = Accuracy.check(settlingTrace(), 42).settlingTime(Duration.ofSeconds(10))
                .maxAbsOffset(1e-3).rmsOffset(1.01e-4).maxFrequencyErrorPpm(1).synchronisedWithin(Duration.ofSeconds(6))
                .staysSynchronised().maxAbsEstimateError(2e-6).verify();
        assertThat(s.samples()).isEqualTo(90);
    }

    @Test
    void verify_criteriaMissed_failsWithEveryMissTheSeedAndTheTrace() {
        assertThatThrownBy(() -> Accuracy.check(settlingTrace(), 0x5EEDL).scenario("(a) steady LAN")
                .settlingTime(Duration.ofSeconds(5)).maxAbsOffset(1e-3).rmsOffset(1e-4).maxFrequencyErrorPpm(1)
                .synchronisedWithin(Duration.ofSeconds(4)).verify())
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("(a) steady LAN failed with seed 24301 (0x5eed)")
                .hasMessageContaining("-Djntp.seed=24301")
                .hasMessageContaining("max |offset| <= +1.000ms: was +100.000ms")
                .hasMessageContaining("max |frequency error| <= 1.000ppm: was 2.000ppm")
                .hasMessageContaining("first sync within 00:04.0: was 00:05.0")
                .hasMessageContaining("RMS offset <= +100.000us")
                .hasMessageContaining("+00:00.0")
                .hasMessageContaining("+01:39.0");
    }

    @Test
    void verify_neverSynchronised_passesOnlyWhenNoSampleIs() {
        Trace never = new Trace(T0);
        never.record(T0, 0.1, Double.NaN, 100, false);
        assertThat(Accuracy.check(never, 1).neverSynchronised().verify().everSynchronised()).isFalse();
        assertThatThrownBy(() -> Accuracy.check(settlingTrace(), 1).neverSynchronised().verify())
                .hasMessageContaining("never synchronised: was synchronised at +00:05.0");
    }

    @Test
    void verify_noSampleAfterSettling_fails() {
        assertThatThrownBy(() -> Accuracy.check(settlingTrace(), 1).settlingTime(Duration.ofHours(1)).maxAbsOffset(1).verify())
                .hasMessageContaining("max |offset|");
    }

    @Test
    void csv_everySample_oneLineEachWithEmptyEstimateWhenNone(@TempDir Path dir) throws Exception {
        Trace t = new Trace(T0);
        t.record(T0 + S / 2, 1.5e-3, Double.NaN, 100.0, false);
        t.record(T0 + S, -2e-6, 2e-6, 0.25, true);
        String csv = t.toCsv();
        assertThat(csv.lines()).containsExactly(
                "true_unix_ns,elapsed_s,true_offset_s,estimated_offset_s,frequency_error_ppm,synchronised",
                (T0 + S / 2) + ",0.5,0.0015,,100.0,0",
                (T0 + S) + ",1.0,-2.0E-6,2.0E-6,0.25,1");
        Path f = dir.resolve("trace.csv");
        t.writeCsv(f);
        assertThat(Files.readString(f)).isEqualTo(csv);
    }

    @Test
    void compact_aDayOfSamplesEveryMinute_fitsInAboutOneHundredFiftyLines() {
        Trace t = new Trace(T0);
        for (int i = 0; i <= 1440; i++) {
            t.record(T0 + i * 60 * S, 1e-5 * Math.sin(i), Double.NaN, 0.1, true);
        }
        String c = t.compact();
        assertThat(c.lines().count()).isBetween(100L, 151L);
        assertThat(c).contains("+10:00.0").contains("+01:00:00").contains("+1d00:00:00").contains("100%");
        assertThat(t.compact(Duration.ofHours(1)).lines().count()).isEqualTo(26);
    }

    @Test
    void record_samplesOutOfOrder_areRefused() {
        Trace t = new Trace(T0);
        t.record(T0 + S, 0, 0, 0, false);
        assertThatThrownBy(() -> t.record(T0, 0, 0, 0, false)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void sampleEvery_simulatedClock_recordsItsTrueOffsetFrequencyErrorAndSyncState() {
        SimScheduler scheduler = SimScheduler.startingAt(Instant.parse("2026-06-30T00:00:00Z"));
        SimulatedClock clock = SimulatedClock.builder(scheduler.time()).offset(0.1).frequencyErrorPpm(100).build();
        Trace t = Trace.startingNow(scheduler);
        SimScheduler.Event sampling = t.sampleEvery(scheduler, Duration.ofSeconds(10), clock, () -> -clock.trueOffset());
        scheduler.after(Duration.ofSeconds(15), () -> clock.setSynchronised(true, 0.1, 0.01));
        scheduler.runFor(Duration.ofSeconds(100));
        sampling.cancel();
        scheduler.runFor(Duration.ofSeconds(100));
        assertThat(t.size()).isEqualTo(11);
        Trace.Sample last = t.get(10);
        assertThat(last.trueNanos() - t.start()).isEqualTo(100 * S);
        assertThat(last.trueOffset()).isCloseTo(0.11, within(1e-12));
        assertThat(last.estimateError()).isZero();
        assertThat(last.frequencyErrorPpm()).isEqualTo(100);
        assertThat(Accuracy.summarize(t, Duration.ZERO).timeToFirstSyncNanos()).isEqualTo(20 * S);
    }

    @Test
    void format_secondsAndElapsed_pickReadableUnits() {
        assertThat(Trace.formatSeconds(1.5)).isEqualTo("+1.500s");
        assertThat(Trace.formatSeconds(-2.5e-3)).isEqualTo("-2.500ms");
        assertThat(Trace.formatSeconds(12.3456e-6)).isEqualTo("+12.346us");
        assertThat(Trace.formatSeconds(4e-9)).isEqualTo("+4.0ns");
        assertThat(Trace.formatElapsed(5_500_000_000L)).isEqualTo("00:05.5");
        assertThat(Trace.formatElapsed(3_723 * S)).isEqualTo("01:02:03");
        assertThat(Trace.formatElapsed(90_000 * S)).isEqualTo("1d01:00:00");
    }
}
