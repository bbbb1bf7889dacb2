// Tests the ratelimit directive: chrony's options and defaults, absence means no limiting, errors at FILE:LINE with a fix.
package dev.jntp.config;

import static dev.jntp.config.Configs.FILE;
import static dev.jntp.config.Configs.assertErrorAt;
import static dev.jntp.config.Configs.onlyError;
import static dev.jntp.config.Configs.valid;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RateLimitConfigTest {

    @Test
    void noRatelimitLine_nothingLimited() {
        assertThat(valid("allow\n").rateLimiting()).isEmpty();
        assertThat(ConfigParser.builtInDefault().rateLimiting()).isEmpty();
    }

    @Test
    void ratelimitAlone_chronysDefaults() {
        assertThat(valid("allow\nratelimit\n").rateLimiting()).hasValue(new RateLimit(3, 8, 2, 0, 2));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            ratelimit interval 3 burst 8 leak 2                  |   3 |   8 | 2 | 0
            ratelimit interval 1 burst 16                        |   1 |  16 | 2 | 0
            ratelimit kod 1                                      |   3 |   8 | 2 | 1
            ratelimit leak 4 kod 4 burst 255 interval 12         |  12 | 255 | 4 | 4
            ratelimit interval -19 burst 1 leak 1 kod 0          | -19 |   1 | 1 | 0
            RateLimit INTERVAL 2 Burst 4                         |   2 |   4 | 2 | 0
            ratelimit interval 3 burst 8 leak 2 # chrony's example |  3 |   8 | 2 | 0
            """)
    void ratelimit_options_anyOrderAnyCase(String line, int interval, int burst, int leak, int kod) {
        assertThat(valid("allow\n" + line + "\n").rateLimiting()).hasValue(new RateLimit(interval, burst, leak, kod,
                2));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            ratelimit interval 13                   | ratelimit interval must be a whole number from -19 to 12, got '13'
            ratelimit interval -20                  | ratelimit interval must be a whole number from -19 to 12, got '-20'
            ratelimit interval 2.5                  | ratelimit interval must be a whole number from -19 to 12, got '2.5'
            ratelimit burst 0                       | ratelimit burst must be a whole number from 1 to 255, got '0'
            ratelimit burst 256                     | ratelimit burst must be a whole number from 1 to 255, got '256'
            ratelimit leak 0                        | ratelimit leak must be a whole number from 1 to 4, got '0'
            ratelimit leak 5                        | ratelimit leak must be a whole number from 1 to 4, got '5'
            ratelimit kod -1                        | ratelimit kod must be a whole number from 0 to 4, got '-1'
            ratelimit kod 5                         | ratelimit kod must be a whole number from 0 to 4, got '5'
            ratelimit burst                         | 'burst' needs a value
            ratelimit 3                             | unknown option '3' for 'ratelimit'
            ratelimit rate 3                        | unknown option 'rate' for 'ratelimit'
            ratelimit burst 8 burst 16              | 'burst' is given twice
            """)
    void ratelimit_badOption_reportedAtFileLineWithFix(String line, String message) {
        ConfigError e = onlyError(ConfigParser.parse(FILE, "# server\nallow\n" + line + "\n"));

        assertErrorAt(e, FILE, 3, message);
    }

    @Test
    void ratelimit_secondLine_errorNamingTheFirst() {
        ConfigError e = onlyError(ConfigParser.parse(FILE, "ratelimit\nallow\nratelimit burst 4\n"));

        assertErrorAt(e, FILE, 3, "'ratelimit' is given again (first on line 1)");
    }

    @ParameterizedTest(name = "clientloglimit {0}")
    @CsvSource({"0", "100", "1023"})
    void ratelimit_clientloglimitLeavesNoTable_errorAtTheRatelimitLine(long limit) {
        ConfigError e = onlyError(ConfigParser.parse(FILE, "allow\nclientloglimit " + limit + "\nratelimit\n"));

        assertErrorAt(e, FILE, 3, "'clientloglimit " + limit + "' leaves no room");
        assertThat(e.fix()).contains("1024");
    }

    @Test
    void ratelimit_smallestTable_valid() {
        JntpConfig c = valid("ratelimit\nclientloglimit 1024\n");

        assertThat(c.clientLogLimit()).isEqualTo(RateLimit.MIN_CLIENT_LOG_LIMIT);
        assertThat(c.rateLimiting()).isPresent();
    }

    @Test
    void ratelimit_noTableAndOtherErrors_errorsStayInLineOrder() {
        assertThat(Configs.errors("port x\nratelimit\nclientloglimit 0\nport y\n")).extracting(ConfigError::line)
                .containsExactly(1, 2, 4);
    }
}
