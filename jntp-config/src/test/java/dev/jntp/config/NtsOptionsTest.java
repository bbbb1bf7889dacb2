// Tests the NTS server directives: chrony's defaults, pairs of certificates and keys, and errors at FILE:LINE.
package dev.jntp.config;

import static dev.jntp.config.Configs.FILE;
import static dev.jntp.config.Configs.assertErrorAt;
import static dev.jntp.config.Configs.errors;
import static dev.jntp.config.Configs.valid;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class NtsOptionsTest {

    @Test
    void noNtsDirective_ntsOffWithChronysDefaults() {
        NtsSettings n = valid("port 123\n").nts();
        assertThat(n).isEqualTo(NtsSettings.NONE);
        assertThat(n.enabled()).isFalse();
        assertThat(n.port()).isEqualTo(4460);
        assertThat(n.rotateSeconds()).isEqualTo(604_800);
        assertThat(ConfigParser.builtInDefault().nts().enabled()).isFalse();
    }

    @Test
    void everyDirective_valid_givesTheSettings() {
        NtsSettings n = valid("""
                ntsservercert /etc/jntp/a.crt
                ntsserverkey /etc/jntp/a.key
                ntsservercert /etc/jntp/b.crt
                NTSSERVERKEY /etc/jntp/b.key
                ntsport 14460
                ntsdumpdir /var/lib/jntp/nts/
                ntsrotate 0
                ntsprocesses 4
                maxntsconnections 20
                """).nts();
        assertThat(n).isEqualTo(new NtsSettings(14460, List.of(Path.of("/etc/jntp/a.crt"), Path.of("/etc/jntp/b.crt")),
                List.of(Path.of("/etc/jntp/a.key"), Path.of("/etc/jntp/b.key")), Path.of("/var/lib/jntp/nts"), 0, 4,
                20));
        assertThat(n.enabled()).isTrue();
        assertThat(n.dumpDirectory()).contains(Path.of("/var/lib/jntp/nts"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            ntsport 65536                  | ntsport must be a whole number from 0 to 65535, got '65536'
            ntsport                        | 'ntsport' takes 1 argument, got 0
            ntsrotate -1                   | ntsrotate must be a whole number from 0 to 2147483647, got '-1'
            ntsrotate 1w                   | ntsrotate must be a whole number from 0 to 2147483647, got '1w'
            ntsprocesses 1001              | ntsprocesses must be a whole number from 0 to 1000, got '1001'
            maxntsconnections 0            | maxntsconnections must be a whole number from 1 to 100000, got '0'
            ntsdumpdir var/lib/jntp        | 'var/lib/jntp' is not an absolute path
            ntsservercert cert.pem         | 'cert.pem' is not an absolute path
            ntsserverkey /a.key /b.key     | 'ntsserverkey' takes 1 argument, got 2
            """)
    void ntsDirective_invalid_errorAtItsLine(String line, String message) {
        List<ConfigError> errs = errors("port 123\n\n" + line + "\n");
        assertThat(errs).hasSize(1);
        assertErrorAt(errs.getFirst(), FILE, 3, message);
        assertThat(errs.getFirst().fix()).isNotBlank();
    }

    @Test
    void ntsport_twice_errorNamesTheFirstLine() {
        List<ConfigError> errs = errors("ntsport 1\nntsport 2\n");
        assertErrorAt(errs.getFirst(), FILE, 2, "'ntsport' is given again (first on line 1)");
    }

    @Test
    void certificateWithoutKey_errorAtTheUnpairedLineInLineOrder() {
        List<ConfigError> errs = errors("ntsservercert /a.crt\nntsserverkey /a.key\nntsservercert /b.crt\nport x\n");
        assertThat(errs).extracting(ConfigError::line).containsExactly(3, 4);
        assertErrorAt(errs.getFirst(), FILE, 3, "'ntsservercert' has no matching 'ntsserverkey' (2 certificates, 1 keys)");
        assertThat(errs.getFirst().fix()).contains("ntsserverkey");
        List<ConfigError> keyOnly = errors("ntsserverkey /a.key\n");
        assertErrorAt(keyOnly.getFirst(), FILE, 1, "'ntsserverkey' has no matching 'ntsservercert' (1 keys, 0 certificates)");
    }
}
