// Tests the metrics directives: metricsport and bindmetricsaddress, their defaults and their errors at FILE:LINE.
package dev.jntp.config;

import static dev.jntp.config.Configs.FILE;
import static dev.jntp.config.Configs.assertErrorAt;
import static dev.jntp.config.Configs.onlyError;
import static dev.jntp.config.Configs.valid;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MetricsOptionsTest {

    @Test
    void noMetricsDirective_default_servesOnLoopbackPort9123() {
        MetricsSettings m = valid("port 123\n").metrics();

        assertThat(m).isEqualTo(new MetricsSettings(InetAddress.ofLiteral("127.0.0.1"), 9123));
        assertThat(m.enabled()).isTrue();
    }

    @Test
    void builtInDefault_metrics_onLoopbackPort9123() {
        assertThat(ConfigParser.builtInDefault().metrics()).isEqualTo(MetricsSettings.DEFAULTS);
    }

    @Test
    void metricsport0_turnsEndpointOff() {
        MetricsSettings m = valid("metricsport 0\n").metrics();

        assertThat(m.enabled()).isFalse();
        assertThat(m.port()).isZero();
    }

    @ParameterizedTest(name = "{0} / {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            metricsport 9100                                   | 127.0.0.1 | 9100
            metricsport 65535                                  | 127.0.0.1 | 65535
            bindmetricsaddress ::1                             | ::1       | 9123
            bindmetricsaddress 0.0.0.0                         | 0.0.0.0   | 9123
            "bindmetricsaddress 192.0.2.7\nmetricsport 8080"   | 192.0.2.7 | 8080
            "METRICSPORT 9124\nBindMetricsAddress ::"          | ::        | 9124
            """)
    void metricsDirectives_valid_giveAddressAndPort(String text, String address, int port) {
        assertThat(valid(text.replace("\\n", "\n")).metrics())
                .isEqualTo(new MetricsSettings(InetAddress.ofLiteral(address), port));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            metricsport -1                     | metricsport must be a whole number from 0 to 65535, got '-1'
            metricsport 65536                  | metricsport must be a whole number from 0 to 65535, got '65536'
            metricsport http                   | metricsport must be a whole number from 0 to 65535, got 'http'
            metricsport                        | 'metricsport' takes 1 argument, got 0
            metricsport 9123 9124              | 'metricsport' takes 1 argument, got 2
            bindmetricsaddress localhost       | 'localhost' is not an IPv4 or IPv6 address
            bindmetricsaddress 127.0.0.1:9123  | '127.0.0.1:9123' is not an IPv4 or IPv6 address
            bindmetricsaddress /run/m.sock     | '/run/m.sock' is not an IPv4 or IPv6 address
            bindmetricsaddress                 | 'bindmetricsaddress' takes 1 argument, got 0
            """)
    void metricsDirective_badArgument_reportedAtFileLineWithFix(String line, String message) {
        ConfigError e = onlyError(ConfigParser.parse(FILE, "# lab\nport 123\n" + line + "\n"));

        assertErrorAt(e, FILE, 3, message);
    }

    @Test
    void metricsport_rejectedFirstLine_doesNotCountAsGiven() {
        // The operator's corrected line below a bad one is not reported as a repeat.
        assertThat(Configs.errors("metricsport x\nmetricsport 9100\n")).extracting(ConfigError::line)
                .containsExactly(1);
    }
}
