// The Nagios threshold range syntax: every form of the plugin guidelines, and the errors for bad ones.
package dev.jntp.cli.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class NagiosRangeTest {

    /** The table of the Monitoring Plugins guidelines, value by value. */
    @ParameterizedTest(name = "{0} with {1}: alert {2}")
    @CsvSource({
        "10, -1, true", "10, 0, false", "10, 10, false", "10, 10.5, true",
        "10:, 9.9, true", "10:, 10, false", "10:, 1e9, false",
        "~:10, -1e9, false", "~:10, 10, false", "~:10, 11, true",
        "10:20, 9, true", "10:20, 15, false", "10:20, 20, false", "10:20, 21, true",
        "@10:20, 9, false", "@10:20, 10, true", "@10:20, 20, true", "@10:20, 21, false",
        "0.1, 0.1, false", "0.1, 0.1000001, true", "1:, 0, true", "1:, 1, false",
    })
    void alerts_guidelineForms_asTheTableSays(String range, double value, boolean alert) {
        assertThat(NagiosRange.parse(range).alerts(value)).isEqualTo(alert);
    }

    @ParameterizedTest(name = "{0} value {1}: {2}")
    @CsvSource(delimiter = '|', value = {
        "0.1    | 0.5 | above 0.1",
        "3:     | 2   | below 3",
        "10:20  | 25  | above 20",
        "10:20  | 5   | below 10",
        "@10:20 | 15  | inside 10:20",
        "@~:5   | 1   | inside ~:5",
    })
    void violation_alertingValue_readsAsTheBrokenSide(String range, double value, String text) {
        assertThat(NagiosRange.parse(range).violation(value)).isEqualTo(text);
    }

    @ParameterizedTest(name = "''{0}''")
    @ValueSource(strings = {"", "abc", "1:x", "x:1", "20:10", "@", "1::2", "NaN", "Infinity", "1e400", "0x10"})
    void parse_malformed_errorNamesTheRange(String text) {
        assertThatThrownBy(() -> NagiosRange.parse(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("range '" + text + "'");
    }
}
