// Tests the 32.32 NTP timestamp: Unix conversions, era recovery around 2036, differences and fixed point.
package dev.jntp.proto;

import static dev.jntp.proto.TestPackets.NANOS_PER_SECOND;
import static dev.jntp.proto.TestPackets.ROLLOVER_UNIX_SECONDS;
import static dev.jntp.proto.TestPackets.rolloverPlus;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class NtpTimestampTest {

    private static final long SEED = 0x6A6E7470L;
    private static final long YEAR_NANOS = 365L * 86_400 * NANOS_PER_SECOND;
    private static final long ONE_SECOND_FIXED = 1L << 32;

    private static long unixNanos(String instant) {
        Instant i = Instant.parse(instant);
        return i.getEpochSecond() * NANOS_PER_SECOND + i.getNano();
    }

    @Test
    void rolloverConstant_isFebruary2036() {
        assertThat(Instant.ofEpochSecond(ROLLOVER_UNIX_SECONDS)).isEqualTo(Instant.parse("2036-02-07T06:28:16Z"));
    }

    @Test
    void fromUnixNanos_unixEpoch_isOffsetSecondsWithZeroFraction() {
        NtpTimestamp t = NtpTimestamp.fromUnixNanos(0);

        assertThat(t.seconds()).isEqualTo(2_208_988_800L);
        assertThat(t.fraction()).isZero();
    }

    @Test
    void fromUnixNanos_halfSecond_setsTopFractionBit() {
        assertThat(NtpTimestamp.fromUnixNanos(500_000_000L).fraction()).isEqualTo(0x8000_0000L);
    }

    @Test
    void fromUnixNanos_atRollover_wrapsToAllZero() {
        NtpTimestamp t = NtpTimestamp.fromUnixNanos(rolloverPlus(0, 0));

        assertThat(t.raw()).isZero();
        assertThat(t.isZero()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"1900-01-01T00:00:00Z", "1969-12-31T23:59:59.999999999Z", "1970-01-01T00:00:00Z",
        "2026-11-22T02:49:28.119140625Z", "2036-02-07T06:28:15.999999999Z", "2036-02-07T06:28:16Z",
        "2036-02-07T06:28:16.000000001Z", "2100-03-01T12:00:00.5Z", "2172-01-01T00:00:00Z"})
    void toUnixNanos_pivotAtInstant_returnsInstantWithin1Ns(String instant) {
        long nanos = unixNanos(instant);

        assertThat(NtpTimestamp.fromUnixNanos(nanos).toUnixNanos(nanos)).isCloseTo(nanos, within(1L));
    }

    @Test
    void toUnixNanos_randomInstantsAndPivotsWithin60Years_returnsInstantWithin1Ns() {
        Random random = new Random(SEED);
        for (int i = 0; i < 100_000; i++) {
            long nanos = unixNanos("1990-01-01T00:00:00Z") + (long) (random.nextDouble() * 80 * YEAR_NANOS);
            long pivot = nanos + (long) ((random.nextDouble() - 0.5) * 120 * YEAR_NANOS);

            assertThat(NtpTimestamp.fromUnixNanos(nanos).toUnixNanos(pivot))
                    .as("seed %d, iteration %d, instant %d, pivot %d", SEED, i, nanos, pivot)
                    .isCloseTo(nanos, within(1L));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"2036-01-01T00:00:00Z", "2036-02-07T06:28:15Z", "2036-02-08T00:00:00Z", "2030-01-01T00:00:00Z"})
    void toUnixNanos_rawSecondsOneWithPivotNear2036_isOneSecondAfterRollover(String pivot) {
        NtpTimestamp t = new NtpTimestamp(0x0000_0001_0000_0000L);

        assertThat(t.toUnixNanos(unixNanos(pivot))).isEqualTo(rolloverPlus(1, 0));
    }

    @Test
    void toUnixNanos_rawSecondsOneWithPivotIn1950_isEra0() {
        NtpTimestamp t = new NtpTimestamp(0x0000_0001_0000_0000L);

        assertThat(t.toUnixNanos(unixNanos("1950-01-01T00:00:00Z"))).isEqualTo(unixNanos("1900-01-01T00:00:01Z"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"2036-02-07T06:28:17Z", "2036-03-01T00:00:00Z", "2050-01-01T00:00:00Z"})
    void toUnixNanos_lastSecondOfEra0WithPivotAfterRollover_isBeforeRollover(String pivot) {
        NtpTimestamp t = new NtpTimestamp(0xFFFF_FFFF_8000_0000L);

        assertThat(t.toUnixNanos(unixNanos(pivot))).isEqualTo(rolloverPlus(-1, 500_000_000L));
    }

    @Test
    void minus_acrossRollover_isSmallAndPositive() {
        NtpTimestamp before = NtpTimestamp.fromUnixNanos(rolloverPlus(-1, 750_000_000L));
        NtpTimestamp after = NtpTimestamp.fromUnixNanos(rolloverPlus(0, 750_000_000L));

        assertThat(after.seconds()).isLessThan(before.seconds());
        assertThat(after.minus(before)).isEqualTo(ONE_SECOND_FIXED);
        assertThat(after.nanosSince(before)).isEqualTo(NANOS_PER_SECOND);
        assertThat(before.nanosSince(after)).isEqualTo(-NANOS_PER_SECOND);
        assertThat(after.secondsSince(before)).isEqualTo(1.0);
    }

    @Test
    void plusNanos_acrossRollover_wrapsIntoEra1() {
        NtpTimestamp t = new NtpTimestamp(0xFFFF_FFFF_0000_0000L).plusNanos(2 * NANOS_PER_SECOND);

        assertThat(t.seconds()).isEqualTo(1);
        assertThat(t.fraction()).isZero();
    }

    @ParameterizedTest
    @CsvSource({"4294967296, 1000000000", "2147483648, 500000000", "-4294967296, -1000000000",
        "-2147483648, -500000000", "4, 1", "-4, -1", "0, 0"})
    void fixedToNanosAndNanosToFixed_signedValues_roundToNearestBothWays(long fixed, long nanos) {
        assertThat(NtpTimestamp.fixedToNanos(fixed)).isEqualTo(nanos);
        assertThat(NtpTimestamp.nanosToFixed(nanos)).isEqualTo(fixed);
    }

    @ParameterizedTest
    @CsvSource({"1, 0", "3, 1", "-1, 0", "-3, -1", "-9223372036854775808, -2147483648000000000"})
    void fixedToNanos_belowOneNanosecondOrMostNegative_roundsToNearest(long fixed, long nanos) {
        assertThat(NtpTimestamp.fixedToNanos(fixed)).isEqualTo(nanos);
    }

    @Test
    void nanosToFixed_thenFixedToNanos_isIdentityForRandomSignedValues() {
        Random random = new Random(SEED);
        for (int i = 0; i < 100_000; i++) {
            long nanos = (long) ((random.nextDouble() - 0.5) * 2e18);

            assertThat(NtpTimestamp.fixedToNanos(NtpTimestamp.nanosToFixed(nanos)))
                    .as("seed %d, iteration %d", SEED, i)
                    .isEqualTo(nanos);
        }
    }

    @Test
    void accessors_splitRawIntoSecondsAndFraction() {
        NtpTimestamp t = new NtpTimestamp(0xEEAC_D6B8_00C4_8000L);

        assertThat(t.seconds()).isEqualTo(0xEEAC_D6B8L);
        assertThat(t.fraction()).isEqualTo(0x00C4_8000L);
        assertThat(t.isZero()).isFalse();
        assertThat(t).hasToString("eeacd6b8.00c48000");
    }
}
