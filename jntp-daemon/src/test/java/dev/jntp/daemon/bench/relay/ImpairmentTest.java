// Tests the relay's impairment arithmetic without sockets: delay bounds and spread, loss fraction, order, reorder, seeds.
package dev.jntp.daemon.bench.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.jntp.daemon.bench.relay.Impairment.Distribution;
import dev.jntp.daemon.bench.relay.Impairment.Verdict;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class ImpairmentTest {

    private static final long SEED = 20240601L;
    private static final long MS = 1_000_000L;
    private static final int N = 100_000;

    private static Impairment impairment(long delay, long jitter, Distribution d, double loss, double reorder) {
        return new Impairment(new Impairment.Spec(delay, jitter, d, loss, reorder), new SplittableRandom(SEED));
    }

    /** The delays of N datagrams arriving 1 s apart (far enough apart that order never holds one back). */
    private static long[] delays(Impairment imp) {
        long[] d = new long[N];
        for (int i = 0; i < N; i++) {
            long arrival = i * 1_000 * MS;
            d[i] = ((Verdict.Deliver) imp.next(arrival, arrival - 1)).at() - arrival;
        }
        return d;
    }

    @Test
    void uniform_delaysStayWithinDelayPlusMinusJitter_fillTheRange_meanIsTheDelay() {
        long[] d = delays(impairment(2 * MS, MS / 2, Distribution.UNIFORM, 0, 0));

        assertThat(min(d)).as("within 2 +- 0.5 ms, seed %d", SEED).isBetween(1_500_000L, 1_510_000L);
        assertThat(max(d)).as("within 2 +- 0.5 ms, seed %d", SEED).isBetween(2_490_000L, 2_500_000L);
        // Uniform on [-j, j]: sd j / sqrt(3) = 289 us; the mean of 1e5 is within 4 sd / sqrt(N) = 3.7 us.
        assertThat(mean(d)).isCloseTo(2_000_000, within(4_000.0));
        assertThat(sd(d)).isCloseTo(500_000 / Math.sqrt(3), within(5_000.0));
    }

    @Test
    void normal_delaysAreCutAtThreeSd_meanIsTheDelay_sdIsTheJitter() {
        long[] d = delays(impairment(2 * MS, MS / 2, Distribution.NORMAL, 0, 0));

        assertThat(min(d)).as("within 2 +- 3 x 0.5 ms, seed %d", SEED).isGreaterThanOrEqualTo(500_000L);
        assertThat(max(d)).as("within 2 +- 3 x 0.5 ms, seed %d", SEED).isLessThanOrEqualTo(3_500_000L);
        assertThat(mean(d)).isCloseTo(2_000_000, within(6_000.0));
        // A normal cut at +-3 sd keeps 98.7 % of its sd.
        assertThat(sd(d)).isCloseTo(0.9866 * 500_000, within(6_000.0));
        long beyondOneSd = Arrays.stream(d).filter(x -> Math.abs(x - 2_000_000) > 500_000).count();
        assertThat(beyondOneSd / (double) N).isCloseTo(0.317, within(0.01));
    }

    @ParameterizedTest
    @EnumSource(Distribution.class)
    void noJitter_everyDelayIsExactlyTheDelay(Distribution dist) {
        assertThat(delays(impairment(3 * MS, 0, dist, 0, 0))).containsOnly(3 * MS);
    }

    @Test
    void specBounds_matchWhatTheDrawsCanGive() {
        Impairment.Spec u = new Impairment.Spec(2 * MS, MS / 2, Distribution.UNIFORM, 0, 0);
        Impairment.Spec n = new Impairment.Spec(2 * MS, MS / 2, Distribution.NORMAL, 0, 0);

        assertThat(u.minDelayNanos()).isEqualTo(1_500_000);
        assertThat(u.maxDelayNanos()).isEqualTo(2_500_000);
        assertThat(n.minDelayNanos()).isEqualTo(500_000);
        assertThat(n.maxDelayNanos()).isEqualTo(3_500_000);
    }

    @ParameterizedTest
    @CsvSource({"0.01", "0.1", "0.5"})
    void loss_dropsTheGivenFractionWithinFourBinomialSd(double p) {
        Impairment imp = impairment(MS, 0, Distribution.UNIFORM, p, 0);
        int dropped = 0;
        for (int i = 0; i < N; i++) {
            if (imp.next(i * MS, 0) instanceof Verdict.Drop) {
                dropped++;
            }
        }
        double sd = Math.sqrt(N * p * (1 - p));
        assertThat((double) dropped).as("dropped of %d at p=%s (seed %d)", N, p, SEED).isCloseTo(N * p, within(4 * sd));
    }

    @ParameterizedTest
    @CsvSource({"0, 0", "1, " + N})
    void lossZeroOrOne_dropsNothingOrEverything(double p, int expected) {
        Impairment imp = impairment(MS, MS / 2, Distribution.UNIFORM, p, 0);
        long dropped = java.util.stream.IntStream.range(0, N)
                .filter(i -> imp.next(i * MS, 0) instanceof Verdict.Drop).count();

        assertThat(dropped).isEqualTo(expected);
    }

    @Test
    void withoutReorder_aFlowLeavesInArrivalOrderEvenWhenJitterExceedsTheSpacing() {
        // 10 ms +- 5 ms, arrivals 100 us apart: independent delays would reorder most neighbours.
        Impairment imp = impairment(10 * MS, 5 * MS, Distribution.UNIFORM, 0, 0);
        long last = 0;
        List<Long> departures = new ArrayList<>();
        int heldBack = 0;
        for (int i = 0; i < 10_000; i++) {
            long arrival = i * 100_000L;
            Verdict.Deliver d = (Verdict.Deliver) imp.next(arrival, last);
            assertThat(d.reordered()).isFalse();
            assertThat(d.at()).isGreaterThanOrEqualTo(arrival + 5 * MS).isLessThanOrEqualTo(Math.max(arrival + 15 * MS, last));
            if (d.at() == last) {
                heldBack++;
            }
            last = Math.max(last, d.at());
            departures.add(d.at());
        }
        assertThat(departures).isSorted();
        assertThat(heldBack).as("some datagrams waited for the one ahead of them").isPositive();
    }

    @Test
    void reorder_sendsTheGivenFractionAtOnce_overtakingWhatTheFlowHolds() {
        Impairment imp = impairment(10 * MS, 0, Distribution.UNIFORM, 0, 0.25);
        long last = 10 * MS; // the flow already holds one datagram due at 10 ms
        int reordered = 0;
        int overtook = 0;
        for (int i = 0; i < N; i++) {
            long arrival = i * MS; // 1 ms apart, each held 10 ms: a flow always holds about ten
            Verdict.Deliver d = (Verdict.Deliver) imp.next(arrival, last);
            if (d.reordered()) {
                reordered++;
                assertThat(d.at()).isEqualTo(arrival);
                if (d.at() < last) {
                    overtook++;
                }
            } else {
                assertThat(d.at()).isGreaterThanOrEqualTo(Math.max(arrival + 10 * MS, last));
            }
            last = Math.max(last, d.at());
        }
        double sd = Math.sqrt(N * 0.25 * 0.75);
        assertThat((double) reordered).isCloseTo(N * 0.25, within(4 * sd));
        assertThat(overtook).isEqualTo(reordered);
    }

    @Test
    void sameSeed_sameVerdicts_otherSeed_others() {
        List<Verdict> a = run(new SplittableRandom(7));
        List<Verdict> b = run(new SplittableRandom(7));
        List<Verdict> c = run(new SplittableRandom(8));

        assertThat(a).isEqualTo(b).isNotEqualTo(c);
    }

    private static List<Verdict> run(SplittableRandom random) {
        Impairment imp = new Impairment(new Impairment.Spec(2 * MS, MS / 2, Distribution.NORMAL, 0.1, 0.1), random);
        List<Verdict> v = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            v.add(imp.next(i * 10 * MS, 0));
        }
        return v;
    }

    @ParameterizedTest
    @CsvSource({
        "-1, 0, UNIFORM, 0, 0, delay",
        "10000000001, 0, UNIFORM, 0, 0, delay",
        "1000000, -1, UNIFORM, 0, 0, jitter",
        "1000000, 1000001, UNIFORM, 0, 0, jitter must not exceed the delay",
        "1000000, 400000, NORMAL, 0, 0, 3 x jitter",
        "1000000, 0, UNIFORM, -0.1, 0, loss",
        "1000000, 0, UNIFORM, 1.5, 0, loss",
        "1000000, 0, UNIFORM, NaN, 0, loss",
        "1000000, 0, UNIFORM, 0, 2, reorder"})
    void unusableSettings_areRejectedAndNamed(long delay, long jitter, Distribution d, double loss, double reorder,
            String what) {
        assertThatThrownBy(() -> new Impairment.Spec(delay, jitter, d, loss, reorder))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(what);
    }

    @Test
    void theLargestSettings_areAccepted() {
        Impairment.Spec s = new Impairment.Spec(Impairment.MAX_NANOS, Impairment.MAX_NANOS / 3, Distribution.NORMAL,
                1, 1);

        assertThat(s.maxDelayNanos()).isLessThanOrEqualTo(2 * Impairment.MAX_NANOS);
    }

    private static long min(long[] d) {
        return Arrays.stream(d).min().orElseThrow();
    }

    private static long max(long[] d) {
        return Arrays.stream(d).max().orElseThrow();
    }

    private static double mean(long[] d) {
        return Arrays.stream(d).average().orElseThrow();
    }

    private static double sd(long[] d) {
        double m = mean(d);
        return Math.sqrt(Arrays.stream(d).mapToDouble(x -> (x - m) * (x - m)).sum() / (d.length - 1));
    }
}
