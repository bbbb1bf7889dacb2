// Tests that every chrony directive jntp does not implement is named with what to do, never as an unknown word.
package dev.jntp.config;

import static dev.jntp.config.Configs.assertErrorAt;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class UnsupportedDirectivesTest {

    @Test
    void everyChronyDirective_isSupportedOrNamedWithAFix() {
        for (String d : UnsupportedDirectives.CHRONY_DIRECTIVES.stream().sorted().toList()) {
            if (ConfigParser.supports(d)) {
                continue;
            }
            ConfigResult r = ConfigParser.parse("chrony.conf", "# from chrony\n" + d + " x\n");
            List<ConfigError> errors = Configs.errors(r);
            assertThat(errors).as(d).hasSize(1);
            assertErrorAt(errors.getFirst(), "chrony.conf", 2, "directive '" + d + "' is not supported by jntp");
            assertThat(errors.getFirst().fix()).as(d).doesNotContain("check the spelling");
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            hwtimestamp eth0     | jntp uses the kernel's software time stamps
            refclock PHC /dev/ptp0 poll 3 | run the clock's driver in chronyd or ntpd
            noclientlog          | write 'clientloglimit 0'
            user chrony          | dist/systemd/jntp.service
            initstepslew 30 a b  | use 'makestep 1 3'
            SMOOTHTIME 400 0.001 | jntp does not smear time
            """)
    void unsupportedDirective_fixSaysWhatToDoInstead(String line, String fix) {
        List<ConfigError> errors = Configs.errors(ConfigParser.parse("c.conf", line + "\n"));

        assertThat(errors).singleElement().satisfies(e -> {
            assertErrorAt(e, "c.conf", 1, "'" + line.split(" ")[0].toLowerCase(Locale.ROOT) + "' is not supported");
            assertThat(e.fix()).contains(fix);
        });
    }

    @Test
    void advice_unknownWordAndSupportedDirective_areEmpty() {
        assertThat(UnsupportedDirectives.advice("frobnicate")).isEmpty();
        assertThat(UnsupportedDirectives.advice("server")).isEmpty();
        assertThat(UnsupportedDirectives.advice("Refclock")).isPresent();
    }

    @Test
    void supports_knownDirectivesInAnyCase_true() {
        assertThat(ConfigParser.supports("SERVER")).isTrue();
        assertThat(ConfigParser.supports("makestep")).isTrue();
        assertThat(ConfigParser.supports("refclock")).isFalse();
        assertThat(ConfigParser.supports("")).isFalse();
    }
}
