// Tests that every way a line can be wrong is reported at its FILE:LINE with a fix, and nothing is clamped.
package dev.jntp.config;

import static dev.jntp.config.Configs.FILE;
import static dev.jntp.config.Configs.assertErrorAt;
import static dev.jntp.config.Configs.errors;
import static dev.jntp.config.Configs.onlyError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ConfigParserErrorsTest {

    /** The bad line sits on line 3, between a comment, a blank line and a good directive. */
    private static ConfigError errorOfLine3(String badLine) {
        return onlyError(ConfigParser.parse(FILE, "# lab server\n\n" + badLine + "\nport 123\n"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            port 65536                          | port must be a whole number from 0 to 65535, got '65536'
            port -1                             | port must be a whole number from 0 to 65535, got '-1'
            port abc                            | port must be a whole number from 0 to 65535, got 'abc'
            port 1.5                            | port must be a whole number from 0 to 65535, got '1.5'
            port 99999999999                    | port must be a whole number from 0 to 65535
            port                                | 'port' takes 1 argument, got 0
            port 123 124                        | 'port' takes 1 argument, got 2
            bindaddress ntp.example.org         | 'ntp.example.org' is not an IPv4 or IPv6 address
            bindaddress 10                      | '10' is not an IPv4 or IPv6 address
            bindaddress 192.168.1               | '192.168.1' is not an IPv4 or IPv6 address
            bindaddress 192.0.2.300             | '192.0.2.300' is not an IPv4 or IPv6 address
            bindaddress 192.0.2.0/24            | '192.0.2.0/24' is not an IPv4 or IPv6 address
            bindaddress                         | 'bindaddress' takes 1 argument, got 0
            bindaddress ::1 127.0.0.1           | 'bindaddress' takes 1 argument, got 2
            allow 300.1.1.1                     | '300.1.1.1' is not an IPv4 address
            allow 10.256                        | '10.256' is not an IPv4 address
            allow 1.2.3.4/33                    | prefix length 33 is longer than the 32 bits of the address in '1.2.3.4/33'
            allow 10/9999                       | '10/9999' has a bad prefix length
            allow ::1/129                       | prefix length 129 is longer than the 128 bits of the address in '::1/129'
            allow 10.0.0.0/                     | '10.0.0.0/' has a bad prefix length
            allow 10.0.0.0/x                    | '10.0.0.0/x' has a bad prefix length
            allow 10.0.0.0/-8                   | '10.0.0.0/-8' has a bad prefix length
            allow ::ffff:10.0.0.0/64            | '::ffff:10.0.0.0/64' reaches beyond the IPv4-mapped range ::ffff:0:0/96
            allow garbage                       | 'garbage' is not a subnet (host names are not accepted here)
            deny ntp.example.org                | 'ntp.example.org' is not a subnet (host names are not accepted here)
            allow 1.2.3.4.5                     | '1.2.3.4.5' is not a subnet
            allow /24                           | '/24' is not a subnet
            allow 10.0.0.0/8 192.168.0.0/16     | too many arguments: 10.0.0.0/8 192.168.0.0/16
            deny all 10 11                      | too many arguments: 10 11
            allow all all                       | 'all' is not a subnet
            local stratum 0                     | local stratum must be a whole number from 1 to 15, got '0'
            local stratum 16                    | local stratum must be a whole number from 1 to 15, got '16'
            local stratum ten                   | local stratum must be a whole number from 1 to 15, got 'ten'
            local distance 17                   | local distance must be a number from 0.0 to 16.0, got '17'
            local distance -0.5                 | local distance must be a number from 0.0 to 16.0, got '-0.5'
            local distance 1e0                  | local distance must be a number from 0.0 to 16.0, got '1e0'
            local distance NaN                  | local distance must be a number from 0.0 to 16.0, got 'NaN'
            local frobnicate                    | unknown option 'frobnicate' for 'local'
            local stratum                       | 'stratum' needs a value
            local orphan distance               | 'distance' needs a value
            driftfile chrony.drift              | 'chrony.drift' is not an absolute path
            driftfile ./var/lib/chrony.drift    | './var/lib/chrony.drift' is not an absolute path
            logdir var/log/jntp                 | 'var/log/jntp' is not an absolute path
            driftfile                           | 'driftfile' takes 1 argument, got 0
            logdir /var/log /tmp                | 'logdir' takes 1 argument, got 2
            server                              | 'server' needs a host name or address
            pool                                | 'pool' needs a host name or address
            server ntp/example                  | 'ntp/example' is not a host name or address
            server ntp.example.org frobnicate   | unknown option 'frobnicate' for 'server'
            pool pool.ntp.org xleave            | unknown option 'xleave' for 'pool'
            server ntp.example.org minpoll      | option 'minpoll' needs a value
            pool pool.ntp.org iburst maxsources | option 'maxsources' needs a value
            server ntp.example.org minpoll 25   | minpoll must be a whole number from -6 to 24, got '25'
            server ntp.example.org maxpoll -7   | maxpoll must be a whole number from -6 to 24, got '-7'
            server ntp.example.org port 0       | port must be a whole number from 1 to 65535, got '0'
            server ntp.example.org maxdelay -1  | maxdelay must be a number from 0.0 to 1000.0, got '-1'
            server ntp.example.org key 0        | key must be a whole number from 1 to 4294967295, got '0'
            server ntp.example.org ntsport 0    | ntsport must be a whole number from 1 to 65535, got '0'
            server ntp.example.org version 5    | version must be a whole number from 1 to 4, got '5'
            pool pool.ntp.org maxsources 17     | maxsources must be a whole number from 1 to 16, got '17'
            server ntp.example.org minpoll 10 maxpoll 6 | minpoll 10 is larger than maxpoll 6
            server ntp.example.org maxpoll 4    | minpoll 6 is larger than maxpoll 4
            server ntp.example.org maxsources 2 | 'maxsources' applies to pools only
            minsources 0                        | minsources must be a whole number from 1 to 64, got '0'
            minsources 65                       | minsources must be a whole number from 1 to 64, got '65'
            minsources two                      | minsources must be a whole number from 1 to 64, got 'two'
            minsources                          | 'minsources' takes 1 argument, got 0
            maxdistance 0                       | maxdistance must be a number greater than 0 and at most 1000, got '0'
            maxdistance -3                      | maxdistance must be a number greater than 0 and at most 1000, got '-3'
            maxdistance 1000.5                  | maxdistance must be a number greater than 0 and at most 1000, got '1000.5'
            maxdistance 1e3                     | maxdistance must be a number greater than 0 and at most 1000, got '1e3'
            maxdistance 3 4                     | 'maxdistance' takes 1 argument, got 2
            makestep 1                          | 'makestep' takes 2 arguments, got 1
            makestep 1 3 5                      | 'makestep' takes 2 arguments, got 3
            makestep 0 3                        | makestep threshold must be a number greater than 0 and at most 2147483648, got '0'
            makestep -1 3                       | makestep threshold must be a number greater than 0 and at most 2147483648, got '-1'
            makestep 2147483649 3               | makestep threshold must be a number greater than 0 and at most 2147483648
            makestep Infinity 3                 | makestep threshold must be a number greater than 0 and at most 2147483648
            makestep 1 0                        | makestep limit must be a number of clock updates from 1 to 2147483647, or -1 for no limit, got '0'
            makestep 1 -2                       | makestep limit must be a number of clock updates from 1 to 2147483647, or -1 for no limit, got '-2'
            makestep 1 1.5                      | makestep limit must be a number of clock updates from 1 to 2147483647, or -1 for no limit, got '1.5'
            makestep 1 2147483648               | makestep limit must be a number of clock updates from 1 to 2147483647
            maxslewrate 0                       | maxslewrate must be a number greater than 0 and at most 100000, got '0'
            maxslewrate 100000.1                | maxslewrate must be a number greater than 0 and at most 100000, got '100000.1'
            maxslewrate NaN                     | maxslewrate must be a number greater than 0 and at most 100000, got 'NaN'
            maxslewrate                         | 'maxslewrate' takes 1 argument, got 0
            leapsectz                           | 'leapsectz' takes 1 argument, got 0
            leapsectz right/UTC posix/UTC       | 'leapsectz' takes 1 argument, got 2
            leapsectz /usr/share/zoneinfo/right/UTC | '/usr/share/zoneinfo/right/UTC' is not a time zone name
            leapsectz ../right/UTC              | '../right/UTC' is not a time zone name
            leapsectz right//UTC                | 'right//UTC' is not a time zone name
            leapseclist leap-seconds.list       | 'leap-seconds.list' is not an absolute path
            leapseclist                         | 'leapseclist' takes 1 argument, got 0
            bindcmdaddress 127.0.0.1            | jntp's control socket is local only, so it cannot listen on the address '127.0.0.1'
            bindcmdaddress ::1                  | jntp's control socket is local only, so it cannot listen on the address '::1'
            bindcmdaddress 0.0.0.0              | jntp's control socket is local only, so it cannot listen on the address '0.0.0.0'
            bindcmdaddress jntp.sock            | 'jntp.sock' is not an absolute path
            bindcmdaddress //                   | '//' is the root directory, not a socket
            bindcmdaddress /run/a.sock /run/b.sock | 'bindcmdaddress' takes 1 argument, got 2
            bindcmdaddress                      | 'bindcmdaddress' takes 1 argument, got 0
            """)
    void directive_badArguments_reportedAtFileLineWithFix(String badLine, String message) {
        assertErrorAt(errorOfLine3(badLine), FILE, 3, message);
    }

    @ParameterizedTest(name = "{0} / {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            leapsectz right/UTC           | leapseclist /usr/share/zoneinfo/leap-seconds.list | 'leapseclist' and 'leapsectz' (line 2) both name a leap second table
            leapseclist /etc/leap.list    | leapsectz right/UTC                               | 'leapsectz' and 'leapseclist' (line 2) both name a leap second table
            bindcmdaddress /run/a.sock    | bindcmdaddress /run/b.sock                        | 'bindcmdaddress' is given again (first on line 2)
            bindcmdaddress /              | bindcmdaddress /run/b.sock                        | 'bindcmdaddress' is given again (first on line 2)
            metricsport 9100              | metricsport 0                                     | 'metricsport' is given again (first on line 2)
            bindmetricsaddress ::1        | bindmetricsaddress ::                             | 'bindmetricsaddress' is given again (first on line 2)
            """)
    void directive_conflictingWithEarlierLine_reportedAtLaterLineWithFix(String first, String second, String message) {
        ConfigError error = onlyError(ConfigParser.parse(FILE, "# lab server\n" + first + "\n" + second + "\n"));

        assertErrorAt(error, FILE, 3, message);
        assertThat(error.fix()).startsWith("keep one");
    }

    @Test
    void makestep_thresholdAndLimitBothBad_reportsBoth() {
        assertThat(errors("makestep 0 0")).extracting(ConfigError::line, e -> e.message().split(" must")[0])
                .containsExactly(tuple(1, "makestep threshold"), tuple(1, "makestep limit"));
    }

    @Test
    void bindcmdaddress_pathLongerThan107Bytes_isError() {
        String path = "/run/" + "\u00e9".repeat(52); // 5 + 2 * 52 = 109 bytes in UTF-8, 57 characters

        assertErrorAt(errorOfLine3("bindcmdaddress " + path), FILE, 3, "has 109 bytes; Linux allows 107");
    }

    @Test
    void unknownDirective_anyName_listsEverySupportedDirective() {
        ConfigError error = errorOfLine3("frobnicate 1 2");

        assertErrorAt(error, FILE, 3, "unknown directive 'frobnicate'");
        assertThat(error.fix()).contains("check the spelling", "allow, bindaddress, bindcmdaddress, bindmetricsaddress, "
                + "clientloglimit, cmdallow, cmddeny, deny, driftfile, filegen, keyfile, leapseclist, leapsectz, local, log, "
                + "logbanner, logdir, makestep, maxdistance, maxntsconnections, maxslewrate, metricsport, minsources, "
                + "nosystemcert, ntsdumpdir, ntsport, ntsprocesses, ntsrefresh, ntsrotate, ntsservercert, ntsserverkey, "
                + "ntstrustedcerts, pool, port, ratelimit, server, sourcedir, statistics, statsdir");
    }

    @ParameterizedTest
    @ValueSource(strings = {"rtcsync", "peer 192.0.2.1", "cmdport 0",
        "include /etc/chrony.d/x.conf", "confdir /etc/chrony.d", "RTCSYNC"})
    void chronyDirective_notYetSupported_saysSoWithWhatToDo(String line) {
        ConfigError error = errorOfLine3(line);

        String name = line.split(" ")[0].toLowerCase(java.util.Locale.ROOT);
        assertErrorAt(error, FILE, 3, "directive '" + name + "' is not supported by jntp yet");
        assertThat(error.fix()).doesNotContain("check the spelling");
    }

    @Test
    void unknownDirective_controlCharactersAndLongNames_areShownSafely() {
        assertErrorAt(errorOfLine3("fr\u0001ob"), FILE, 3, "unknown directive 'fr?ob'");
        assertErrorAt(errorOfLine3("x".repeat(200)), FILE, 3, "unknown directive '" + "x".repeat(80) + "...'");
    }

    @Test
    void severalErrors_inOneFile_areAllReportedInLineOrder() {
        List<ConfigError> errors = errors("""
                port 99999
                # a comment
                allow 10.0.0.0/33
                server ntp.example.org iburst
                server ntp.example.org minpoll 30 maxpoll 40
                makestep 1 0
                local stratum 16
                driftfile drift
                """);

        assertThat(errors).extracting(ConfigError::line).containsExactly(1, 3, 5, 5, 6, 7, 8);
        assertThat(errors).allSatisfy(e -> assertThat(e.file()).isEqualTo(FILE))
                .allSatisfy(e -> assertThat(e.fix()).isNotBlank());
        assertThat(errors.get(2).message()).startsWith("minpoll");
        assertThat(errors.get(3).message()).startsWith("maxpoll");
    }

    @Test
    void error_inCrlfFile_countsLinesLikeAnEditor() {
        List<ConfigError> errors = errors("port 1\r\n\r\nport x\r\nallow\r\nlocal stratum 0\r\n");

        assertThat(errors).extracting(ConfigError::line).containsExactly(3, 5);
    }

    @Test
    void parse_anyFileName_isNamedInErrors() {
        ConfigError error = onlyError(ConfigParser.parse("/etc/jntp/jntp.conf", "port x"));

        assertErrorAt(error, "/etc/jntp/jntp.conf", 1, "port must be");
    }
}
