// Tests the round-trip histogram: exact small values, percentiles within a bucket's width, merging, empty state.
package dev.jntp.daemon.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LatencyHistogramTest {

    @Test
    void empty_percentilesAreMinusOne() {
        LatencyHistogram h = new LatencyHistogram();

        assertThat(h.count()).isZero();
        assertThat(h.percentile(50)).isEqualTo(-1);
        assertThat(h.max()).isZero();
    }

    @Test
    void valuesBelow64_areExact() {
        LatencyHistogram h = new LatencyHistogram();
        for (int v = 0; v < 64; v++) {
            h.record(v);
        }

        assertThat(h.percentile(50)).isEqualTo(31);
        assertThat(h.percentile(100)).isEqualTo(63);
        assertThat(h.percentile(0)).isZero();
    }

    @ParameterizedTest
    @ValueSource(doubles = {1, 10, 50, 90, 99, 99.9})
    void uniformMicroseconds_percentileWithinOneBucket(double percent) {
        LatencyHistogram h = new LatencyHistogram();
        for (long us = 1; us <= 100_000; us++) {
            h.record(us * 1000);
        }

        double exact = Math.ceil(percent / 100 * 100_000) * 1000;
        assertThat((double) h.percentile(percent)).isCloseTo(exact, within(exact / 32));
    }

    @Test
    void bucketBounds_areContiguousAndIncreasing() {
        for (long v = 0; v < 1 << 20; v++) {
            int i = LatencyHistogram.indexOf(v);
            assertThat(LatencyHistogram.lowestOf(i)).isLessThanOrEqualTo(v);
            assertThat(LatencyHistogram.lowestOf(i + 1)).isGreaterThan(v);
        }
    }

    @Test
    void hugeAndNegativeValues_areKeptInRange() {
        LatencyHistogram h = new LatencyHistogram();
        h.record(-5);
        h.record(Long.MAX_VALUE);

        assertThat(h.percentile(50)).isZero();
        assertThat(h.percentile(100)).isEqualTo(Long.MAX_VALUE);
        assertThat(h.max()).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void add_mergesCountsAndMax() {
        LatencyHistogram a = new LatencyHistogram();
        LatencyHistogram b = new LatencyHistogram();
        a.record(10);
        b.record(20);
        b.record(30_000);

        a.add(b);

        assertThat(a.count()).isEqualTo(3);
        assertThat(a.max()).isEqualTo(30_000);
        assertThat(a.percentile(50)).isEqualTo(20);
    }
}
