// Tests the 16.16 NTP short format: conversion to and from seconds, rounding and saturation.
package dev.jntp.proto;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class NtpShortTest {

    private static final double UNIT = 1 / 65536.0;

    @ParameterizedTest
    @CsvSource({"1.0, 65536", "0.5, 32768", "0.0000152587890625, 1", "65535.0, -65536", "0.015625, 1024"})
    void ofSeconds_exactValue_isExactRaw(double seconds, int raw) {
        assertThat(NtpShort.ofSeconds(seconds).raw()).isEqualTo(raw);
    }

    @ParameterizedTest
    @CsvSource({"1.4, 1", "1.6, 2", "2.49, 2", "2.51, 3", "0.4, 0"})
    void ofSeconds_betweenUnits_roundsToNearest(double units, int raw) {
        assertThat(NtpShort.ofSeconds(units * UNIT).raw()).isEqualTo(raw);
    }

    @ParameterizedTest
    @ValueSource(doubles = {65536.0, 65535.99999, 1e9, Double.MAX_VALUE, Double.POSITIVE_INFINITY})
    void ofSeconds_atOrAboveLargestValue_saturatesAtAllOnes(double seconds) {
        NtpShort s = NtpShort.ofSeconds(seconds);

        assertThat(s.raw()).isEqualTo(0xFFFF_FFFF);
        assertThat(s.toSeconds()).isEqualTo(65535.0 + 65535 * UNIT);
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.0, -0.0, -1.0, -1e300, Double.NEGATIVE_INFINITY, Double.NaN})
    void ofSeconds_zeroNegativeOrNaN_isZero(double seconds) {
        assertThat(NtpShort.ofSeconds(seconds)).isEqualTo(NtpShort.ZERO);
    }

    @Test
    void ofSeconds_justBelowLargestValue_doesNotSaturate() {
        assertThat(NtpShort.ofSeconds(65535.0 + 65534 * UNIT).raw()).isEqualTo(0xFFFF_FFFE);
    }

    @Test
    void toSeconds_highBitSet_readsUnsigned() {
        assertThat(new NtpShort(0x8000_0000).toSeconds()).isEqualTo(32768.0);
    }

    @Test
    void toString_printsSecondsWithMicroseconds() {
        assertThat(NtpShort.ofSeconds(1.5)).hasToString("1.500000s");
    }
}
