// Tests how a configuration's kind is told: by file name first, then by directives only one syntax has.
package dev.jntp.config.convert;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConfigKindTest {

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', textBlock = """
            /etc/ntp.conf                | server a                      | NTP
            /etc/ntpsec/ntp.conf         | server a                      | NTP
            /etc/chrony/chrony.conf      | server a                      | CHRONY
            /etc/chrony.conf             | server a                      | CHRONY
            /etc/jntp/jntp.conf          | server a;rtcsync              | JNTP
            site.chrony.conf             | server a                      | CHRONY
            /run/chrony-dhcp/eth0.sources| server a                      | CHRONY
            /tmp/x.conf                  | server a;restrict default ignore;driftfile /d | NTP
            /tmp/x.conf                  | server a;rtcsync;makestep 1 3 | CHRONY
            /tmp/x.conf                  | server a;makestep 1 3         | JNTP
            /tmp/x.conf                  | server a;metricsport 0        | JNTP
            /tmp/x.conf                  | server a                      | JNTP
            """)
    void detect_nameThenDirectives(String name, String lines, ConfigKind kind) {
        assertThat(ConfigKind.detect(name, lines.replace(';', '\n') + "\n")).isEqualTo(kind);
    }

    @ParameterizedTest
    @CsvSource({"chrony, CHRONY", "NTP, NTP", "jntp, JNTP"})
    void ofLabel_anyCase(String label, ConfigKind kind) {
        assertThat(ConfigKind.ofLabel(label)).contains(kind);
        assertThat(ConfigKind.ofLabel("openntpd")).isEmpty();
    }
}
