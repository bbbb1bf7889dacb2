// Tests cmdallow and cmddeny: chrony's syntax for who may query the server with ntpq (mode 6), errors as FILE:LINE.
package dev.jntp.config;

import static dev.jntp.config.Configs.FILE;
import static dev.jntp.config.Configs.errors;
import static dev.jntp.config.Configs.subnet;
import static dev.jntp.config.Configs.valid;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ControlAccessConfigTest {

    @Test
    void noLines_noRules() {
        assertThat(valid("port 123\n").controlAccessRules()).isEmpty();
        assertThat(ConfigParser.builtInDefault().controlAccessRules()).isEmpty();
    }

    @Test
    void cmdallowAndCmddeny_rulesInFileOrderApartFromAllowDeny() {
        JntpConfig c = valid("allow 10\ncmdallow 192.168.1.0/24\ncmddeny 192.168.1.7\ncmdallow all ::1\ncmddeny\n");
        assertThat(c.controlAccessRules()).containsExactly(
                new AccessRule(true, false, subnet("192.168.1.0/24"), 2),
                new AccessRule(false, false, subnet("192.168.1.7/32"), 3),
                new AccessRule(true, true, subnet("::1/128"), 4),
                new AccessRule(false, false, null, 5));
        assertThat(c.accessRules()).containsExactly(new AccessRule(true, false, subnet("10.0.0.0/8"), 1));
    }

    @Test
    void badSubnet_errorAtItsLineNamingTheDirective() {
        List<ConfigError> e = errors("port 123\ncmdallow 300.1.2.3\ncmddeny 10 11\n");
        assertThat(e).hasSize(2);
        assertThat(e.get(0).file()).isEqualTo(FILE);
        assertThat(e.get(0).line()).isEqualTo(2);
        assertThat(e.get(1).line()).isEqualTo(3);
        assertThat(e.get(1).message()).contains("too many arguments");
        assertThat(e.get(1).fix()).contains("cmddeny [all] [SUBNET]");
    }

    @Test
    void cmdport_stillNotSupported_pointsToCmdallow() {
        ConfigError e = errors("cmdport 323\n").getFirst();
        assertThat(e.message()).contains("'cmdport' is not supported");
        assertThat(e.fix()).contains("cmdallow");
    }
}
