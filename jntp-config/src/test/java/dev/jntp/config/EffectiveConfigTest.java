// Tests the effective configuration printer: the file's directives, the defaults in force, and that it reads back.
package dev.jntp.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class EffectiveConfigTest {

    @Test
    void print_labServer_givesDirectivesWithoutCommentsThenDefaults() {
        String text = """
                # lab server
                server   ntp1.example.org   iburst   # the first
                server ntp2.example.org iburst
                allow 192.168.10.0/24
                driftfile /var/lib/jntp/drift
                log tracking
                """;

        String out = EffectiveConfig.print(text, Configs.valid(text));

        assertThat(out).isEqualTo("""
                # effective configuration of test.conf
                server ntp1.example.org iburst
                server ntp2.example.org iburst
                allow 192.168.10.0/24
                driftfile /var/lib/jntp/drift
                log tracking
                # not in the file, in force by default:
                port 123  # default
                minsources 1  # default
                maxdistance 3  # default
                maxslewrate 83333.33333333333  # default
                clientloglimit 1048576  # default
                bindcmdaddress /run/jntp/jntp.sock  # default
                metricsport 9123  # default
                bindmetricsaddress 127.0.0.1  # default
                logdir /var/log/jntp  # default
                logbanner 32  # default
                # no bindaddress: serving on every address of IPv4 and IPv6
                # no makestep: the clock is only slewed, never stepped
                # no leapsectz or leapseclist: leap seconds come from the sources only
                """);
    }

    @Test
    void print_builtInDefault_saysWhatItsAbsencesMean() {
        String out = EffectiveConfig.print(ConfigParser.builtInDefaultText(), ConfigParser.builtInDefault());

        assertThat(out).startsWith("# effective configuration of (built-in)\nport 11123\nbindaddress 127.0.0.1\n")
                .contains("# no server, pool or sourcedir: the clock is not synchronised; the local clock is served")
                .doesNotContain("port 123");
    }

    @Test
    void print_clientOnly_saysNothingIsServed() {
        String text = "port 0\npool pool.ntp.org iburst\nmakestep 1 3\ndriftfile /d\nleapsectz right/UTC\n";

        String out = EffectiveConfig.print(text, Configs.valid(text));

        assertThat(out).contains("# port 0: no NTP server, client only").doesNotContain("no allow", "no makestep",
                "no driftfile", "no leapsectz");
    }

    @Test
    void print_readBack_isValidAndConfiguresTheSameDaemon() {
        String text = """
                port 11123
                bindaddress ::1
                allow 10/8
                deny 10.1
                local stratum 8 orphan
                pool pool.ntp.org iburst maxsources 3
                server ntp.example.org minpoll 4 maxpoll 6 prefer
                statsdir /var/log/ntpstats
                statistics loopstats
                cmdallow 192.0.2.0/24
                metricsport 0
                makestep 0.5 -1
                """;
        JntpConfig first = Configs.valid(text);

        String printed = EffectiveConfig.print(text, first);
        JntpConfig again = Configs.valid(printed);

        assertSameDaemon(again, first);
        assertThat(EffectiveConfig.print(printed, again).lines().filter(l -> !l.startsWith("#")).sorted().toList())
                .isEqualTo(printed.lines().filter(l -> !l.startsWith("#")).map(l -> l.replace("  # default", ""))
                        .sorted().toList());
    }

    /** Every setting equal; line numbers and the file name may differ. */
    static void assertSameDaemon(JntpConfig actual, JntpConfig expected) {
        assertThat(actual.port()).isEqualTo(expected.port());
        assertThat(actual.bindAddresses()).isEqualTo(expected.bindAddresses());
        assertThat(rules(actual.accessRules())).isEqualTo(rules(expected.accessRules()));
        assertThat(rules(actual.controlAccessRules())).isEqualTo(rules(expected.controlAccessRules()));
        assertThat(actual.local()).isEqualTo(expected.local());
        assertThat(actual.driftFile()).isEqualTo(expected.driftFile());
        assertThat(actual.logDir()).isEqualTo(expected.logDir());
        assertThat(actual.sources()).usingRecursiveFieldByFieldElementComparatorIgnoringFields("line")
                .isEqualTo(expected.sources());
        assertThat(actual.sync()).isEqualTo(expected.sync());
        assertThat(actual.controlSocket()).isEqualTo(expected.controlSocket());
        assertThat(actual.metrics()).isEqualTo(expected.metrics());
        assertThat(actual.sourceDirs()).isEqualTo(expected.sourceDirs());
        assertThat(actual.clientLogLimit()).isEqualTo(expected.clientLogLimit());
        assertThat(actual.statsLogs()).isEqualTo(expected.statsLogs());
    }

    private static List<String> rules(List<AccessRule> rules) {
        return rules.stream().map(r -> r.allow() + " " + r.all() + " " + r.subnet()).toList();
    }
}
