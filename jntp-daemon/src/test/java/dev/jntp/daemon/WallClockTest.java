// Tests the wall clock: precision as NTP states it, the measured precision, and reading the real clock.
package dev.jntp.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WallClockTest {

    /** log2 of the duration in seconds, rounded up; exact powers of two stay exact. */
    @ParameterizedTest(name = "{0} ns -> 2^{1} s")
    @CsvSource({
        "1, -29",
        "2, -28",
        "40, -24",
        "59, -24",
        "60, -23",
        "953, -20",
        "954, -19",
        "1000, -19",
        "976562, -10",
        "976563, -9",
        "1000000, -9",
        "1953125, -9",
        "3906250, -8",
        "15625000, -6",
        "15625001, -5",
        "500000000, -1",
        "999999999, 0",
        "1000000000, 0",
    })
    void precisionOf_nanos_log2SecondsRoundedUp(long nanos, int expected) {
        assertThat(WallClock.precisionOf(nanos)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} ns")
    @CsvSource({"0", "-1", "-1000000000", "-9223372036854775808"})
    void precisionOf_zeroOrNegative_asOneNanosecond(long nanos) {
        assertThat(WallClock.precisionOf(nanos)).isEqualTo(WallClock.precisionOf(1));
    }

    @ParameterizedTest(name = "{0} ns")
    @CsvSource({"2000000000", "3600000000000", "9223372036854775807"})
    void precisionOf_overOneSecond_clampedToZero(long nanos) {
        assertThat(WallClock.precisionOf(nanos)).isZero();
    }

    @Test
    void measurePrecision_realClock_betweenOneNanosecondAndOneMillisecond() {
        assertThat(WallClock.measurePrecision()).isBetween(-29, -10);
    }

    @Test
    void unixNanos_realClock_agreesWithSystemMillis() {
        long before = System.currentTimeMillis();
        long nanos = WallClock.unixNanos();
        long after = System.currentTimeMillis();

        assertThat(nanos / 1_000_000L).isBetween(before - 1, after + 1);
    }
}
