// Tests the column formats shared with chronyc and ntpq at their unit boundaries.
package dev.jntp.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ChronyFormatTest {

    @ParameterizedTest(name = "{0} s -> [{1}]")
    @CsvSource(delimiter = '|', ignoreLeadingAndTrailingWhitespace = false, value = {
        "0|   +0ns",
        "9.02e-7| +902ns",
        "-9.9994e-6|-9999ns",
        "9.9995e-6|  +10us",
        "-0.0012345|-1235us",
        "0.0099994|+9999us",
        "0.0099995|  +10ms",
        "1.5|+1500ms",
        "-123.4|-123.4s",
        "999.4|+999.4s",
        "999.5| +1000s",
        "99999.4|+99999s",
        "99999.5| +1667m",
        "NaN|   +0ns",
    })
    void signedOffset_eachUnitBoundary_chronycsSevenCharacters(double seconds, String expected) {
        assertThat(ChronyFormat.signedOffset(seconds)).isEqualTo(expected).hasSize(7);
    }

    @ParameterizedTest(name = "{0} s -> [{1}]")
    @CsvSource(delimiter = '|', ignoreLeadingAndTrailingWhitespace = false, value = {
        "2.999e-6|2999ns",
        "-0.0123|  12ms",
        "0.25| 250ms",
        "12.34| 12.3s",
        "NaN|   0ns",
    })
    void offset_errorBounds_chronycsSixCharactersWithoutSign(double seconds, String expected) {
        assertThat(ChronyFormat.offset(seconds)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} s -> [{1}]")
    @CsvSource(delimiter = '|', ignoreLeadingAndTrailingWhitespace = false, value = {
        "0|   0",
        "1199.9|1199",
        "1200| 20m",
        "35999|599m",
        "36000| 10h",
        "345599| 95h",
        "345600|  4d",
        "86313600|999d",
        "86400000|  2y",
        "NaN|   -",
        "-1|   -",
    })
    void interval_lastRxAndSpan_chronycsFourCharacters(double seconds, String expected) {
        assertThat(ChronyFormat.interval(seconds)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} s -> [{1}]")
    @CsvSource(delimiter = '|', value = {"0|-", "34|34", "2048|2048", "2049|34m", "18000|300m", "18030|300m", "18100|5h",
        "345600|96h", "400000|5d", "NaN|-"})
    void ntpqInterval_whenAndPoll_ntpqsUnits(double seconds, String expected) {
        assertThat(ChronyFormat.ntpqInterval(seconds)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} ppm -> [{1}]")
    @CsvSource(delimiter = '|', ignoreLeadingAndTrailingWhitespace = false, value = {
        "0.001|true|    +0.001", "-12.3456|true|   -12.346", "150000.4|false|    150000", "NaN|true|         -"})
    void ppm_frequencyAndSkew_tenCharacters(double ppm, boolean signed, String expected) {
        assertThat(ChronyFormat.ppm(ppm, signed)).isEqualTo(expected).hasSize(10);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {"0.02345|7|23.450", "-1.49|7|-1490.0", "12.5|7|12500.0"})
    void millis_ntpqDelayOffsetJitter_threeDecimalsCut(double seconds, int width, String expected) {
        assertThat(ChronyFormat.millis(seconds, width)).isEqualTo(expected);
    }
}
