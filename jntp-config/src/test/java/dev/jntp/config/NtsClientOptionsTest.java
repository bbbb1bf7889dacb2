// Tests the NTS client's configuration: the nts and ntsport source options, ntstrustedcerts, nosystemcert, ntsrefresh.
package dev.jntp.config;

import static dev.jntp.config.Configs.FILE;
import static dev.jntp.config.Configs.assertErrorAt;
import static dev.jntp.config.Configs.onlyError;
import static dev.jntp.config.Configs.valid;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NtsClientOptionsTest {

    @Test
    void noDirective_defaults_systemCertificatesAndFourWeeks() {
        NtsClientSettings n = valid("server ntp.example.net nts\n").sync().ntsClient();

        assertThat(n).isEqualTo(NtsClientSettings.DEFAULTS);
        assertThat(n.systemCertificates()).isTrue();
        assertThat(n.refreshSeconds()).isEqualTo(2_419_200);
        assertThat(SyncSettings.DEFAULTS.ntsClient()).isEqualTo(NtsClientSettings.DEFAULTS);
    }

    @Test
    void ntsSource_optionsParsed_ntsportDefault4460() {
        List<SourceSpec> s = valid("server time.example.net iburst nts\n"
                + "server 127.0.0.1 port 11123 nts ntsport 14460 minpoll 0 maxpoll 1\n").sources();

        assertThat(s.get(0).nts()).isTrue();
        assertThat(s.get(0).ntsPort()).isEqualTo(4460);
        assertThat(s.get(1).nts()).isTrue();
        assertThat(s.get(1).ntsPort()).isEqualTo(14460);
        assertThat(s.get(1).port()).isEqualTo(11123);
    }

    @Test
    void clientDirectives_repeatedAndSetZero_keptInOrder() {
        NtsClientSettings n = valid("ntstrustedcerts /etc/jntp/ca.pem\nntstrustedcerts 0 /etc/ssl/nts/\n"
                + "nosystemcert\nntsrefresh 86400\nntsrefresh 3600\n").sync().ntsClient();

        assertThat(n.trustedCertificates()).containsExactly(Path.of("/etc/jntp/ca.pem"), Path.of("/etc/ssl/nts"));
        assertThat(n.systemCertificates()).isFalse();
        assertThat(n.refreshSeconds()).as("the last value, as chrony").isEqualTo(3600);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            ntstrustedcerts ca.crt                  | 'ca.crt' is not an absolute path
            ntstrustedcerts                         | 'ntstrustedcerts' takes a file or directory, got 0 arguments
            ntstrustedcerts 1 2 /etc/ca.pem         | 'ntstrustedcerts' takes a file or directory, got 3 arguments
            ntstrustedcerts 2 /etc/ca.pem           | certificate set '2' is not supported
            ntstrustedcerts /etc/Test CA.crt        | 'ntstrustedcerts' takes one path, got '/etc/Test CA.crt'
            nosystemcert yes                        | 'nosystemcert' takes no argument, got 1
            ntsrefresh 0                            | ntsrefresh must be a whole number from 1 to 2147483647, got '0'
            ntsrefresh 1w                           | ntsrefresh must be a whole number from 1 to 2147483647, got '1w'
            ntsrefresh                              | 'ntsrefresh' takes 1 argument, got 0
            server ntp.example.net nts key 5        | 'nts' and 'key 5' both authenticate the source
            server ntp.example.net nts ntsport 0    | ntsport must be a whole number from 1 to 65535, got '0'
            server ntp.example.net nts ntsport      | option 'ntsport' needs a value
            server ntp.example.net nts version 3    | 'nts' works with NTP version 4 only, got 'version 3'
            """)
    void badLine_reportedAtFileLineWithFix(String line, String message) {
        ConfigError e = onlyError(ConfigParser.parse(FILE, "# lab\nport 123\n" + line + "\n"));

        assertErrorAt(e, FILE, 3, message);
        assertThat(e.fix()).isNotBlank();
    }

    @Test
    void ntsWithKey_fixNamesBothWays() {
        ConfigError e = onlyError(ConfigParser.parse(FILE, "pool pool.example.net key 7 nts\n"));

        assertThat(e.fix()).isEqualTo("remove 'key 7' to use NTS, or 'nts' to use the symmetric key");
    }
}
