// Tests that ConfigParser accepts every supported directive in chrony's syntax, with chrony's defaults.
package dev.jntp.config;

import static dev.jntp.config.Configs.FILE;
import static dev.jntp.config.Configs.errors;
import static dev.jntp.config.Configs.subnet;
import static dev.jntp.config.Configs.valid;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assertions.within;

import dev.jntp.config.SyncSettings.LeapSecondSource;
import dev.jntp.config.SyncSettings.MakeStep;

import java.net.InetAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class ConfigParserTest {

    /** A server line without options: chrony's defaults. */
    private static SourceSpec defaults(SourceSpec.Kind kind, String name, int line) {
        return new SourceSpec(kind, name, 123, false, false, 6, 10, false, false, false, false, 3.0, 4, 0,
                false, 4460, 4, false, line);
    }

    @Test
    void emptyText_noDirectives_givesNtpPortAndNothingElse() {
        JntpConfig config = valid("");

        assertThat(config).isEqualTo(new JntpConfig(FILE, 123, List.of(), List.of(), null, null, null, List.of(),
                SyncSettings.DEFAULTS, Path.of("/run/jntp/jntp.sock")));
        assertThat(config.localReference()).isEmpty();
        assertThat(config.driftFilePath()).isEmpty();
        assertThat(config.logDirectory()).isEmpty();
    }

    @Test
    void emptyText_noSyncDirectives_givesChronyDefaultsAndDefaultControlSocket() {
        JntpConfig config = valid("");

        assertThat(config.sync().minSources()).isEqualTo(1);
        assertThat(config.sync().maxDistance()).isEqualTo(3.0);
        assertThat(config.sync().makeStepPolicy()).isEmpty();
        assertThat(config.sync().maxSlewRate()).isCloseTo(83333.333, within(0.001));
        assertThat(config.sync().leapSecondSource()).isEmpty();
        assertThat(config.controlSocketPath()).contains(Path.of("/run/jntp/jntp.sock"));
    }

    /** Shorthand for the settings a row of the table below expects. */
    private static SyncSettings sync(int minSources, double maxDistance, MakeStep step, double maxSlewRate,
            LeapSecondSource leap) {
        return new SyncSettings(minSources, maxDistance, step, maxSlewRate, leap);
    }

    static Stream<Arguments> syncDirectives() {
        double slew = SyncSettings.DEFAULT_MAX_SLEW_RATE;
        return Stream.of(
                Arguments.of("minsources 1", sync(1, 3.0, null, slew, null)),
                Arguments.of("minsources 3", sync(3, 3.0, null, slew, null)),
                Arguments.of("minsources 64", sync(64, 3.0, null, slew, null)),
                Arguments.of("maxdistance 0.001", sync(1, 0.001, null, slew, null)),
                Arguments.of("maxdistance 16", sync(1, 16.0, null, slew, null)),
                Arguments.of("maxdistance 1000", sync(1, 1000.0, null, slew, null)),
                Arguments.of("makestep 1 3", sync(1, 3.0, new MakeStep(1.0, 3), slew, null)),
                Arguments.of("makestep 0.1 -1", sync(1, 3.0, new MakeStep(0.1, -1), slew, null)),
                Arguments.of("makestep 2147483648 2147483647",
                        sync(1, 3.0, new MakeStep(2147483648.0, Integer.MAX_VALUE), slew, null)),
                Arguments.of("maxslewrate 0.5", sync(1, 3.0, null, 0.5, null)),
                Arguments.of("maxslewrate 1000", sync(1, 3.0, null, 1000.0, null)),
                Arguments.of("maxslewrate 100000", sync(1, 3.0, null, 100000.0, null)),
                Arguments.of("leapsectz right/UTC",
                        sync(1, 3.0, null, slew, new LeapSecondSource.Timezone("right/UTC"))),
                Arguments.of("leapseclist /usr/share/zoneinfo/./leap-seconds.list", sync(1, 3.0, null, slew,
                        new LeapSecondSource.ListFile(Path.of("/usr/share/zoneinfo/leap-seconds.list")))),
                Arguments.of("MAKESTEP 1.0 3\nLeapSecTZ right/UTC", sync(1, 3.0, new MakeStep(1.0, 3), slew,
                        new LeapSecondSource.Timezone("right/UTC"))),
                Arguments.of("minsources 2\nmaxdistance 5\nminsources 3\nmakestep 10 1\nmakestep 1 3",
                        sync(3, 5.0, new MakeStep(1.0, 3), slew, null)),
                Arguments.of("leapseclist /etc/a.list\nleapseclist /etc/b.list", sync(1, 3.0, null, slew,
                        new LeapSecondSource.ListFile(Path.of("/etc/b.list")))),
                Arguments.of("minsources 2\nmaxdistance 1.5\nmakestep 1 -1\nmaxslewrate 500\nleapsectz right/UTC",
                        sync(2, 1.5, new MakeStep(1.0, -1), 500.0, new LeapSecondSource.Timezone("right/UTC"))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("syncDirectives")
    void syncDirective_chronySyntax_givesSettingsLastLineWinning(String text, SyncSettings expected) {
        assertThat(valid(text).sync()).isEqualTo(expected);
    }

    @ParameterizedTest(name = "makestep 1 {0}")
    @CsvSource({"-1, true", "1, false", "3, false", "2147483647, false"})
    void makestep_limit_isUnlimitedOnlyForMinusOne(int limit, boolean unlimited) {
        MakeStep step = valid("makestep 1 " + limit).sync().makeStepPolicy().orElseThrow();

        assertThat(step.limit()).isEqualTo(limit);
        assertThat(step.unlimited()).isEqualTo(unlimited);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            bindcmdaddress /run/jntp/jntp.sock                | /run/jntp/jntp.sock
            bindcmdaddress /tmp/jntp-a/./x/../jntp.sock        | /tmp/jntp-a/jntp.sock
            BINDCMDADDRESS /var/run/chrony/chronyd.sock       | /var/run/chrony/chronyd.sock
            bindcmdaddress /                                  |
            """)
    void bindcmdaddress_absolutePathOrSlash_setsOrDisablesControlSocket(String line, String path) {
        assertThat(valid(line).controlSocketPath()).isEqualTo(Optional.ofNullable(path).map(Path::of));
    }

    @Test
    void bindcmdaddress_pathOf107Bytes_isAccepted() {
        String path = "/" + "s".repeat(106);

        assertThat(valid("bindcmdaddress " + path).controlSocketPath()).contains(Path.of(path));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 123, 11123, 65535})
    void port_inRange_isUsed(int port) {
        assertThat(valid("port " + port).port()).isEqualTo(port);
    }

    @Test
    void bindaddress_ipv4AndIpv6Repeated_keepsEveryAddressInOrder() {
        JntpConfig config = valid("""
                bindaddress 127.0.0.1
                bindaddress ::1
                bindaddress 192.0.2.10
                bindaddress 2001:db8::10
                bindaddress 0.0.0.0
                bindaddress ::
                """);

        assertThat(config.bindAddresses()).containsExactly(InetAddress.ofLiteral("127.0.0.1"),
                InetAddress.ofLiteral("::1"), InetAddress.ofLiteral("192.0.2.10"),
                InetAddress.ofLiteral("2001:db8::10"), InetAddress.ofLiteral("0.0.0.0"), InetAddress.ofLiteral("::"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            allow                    | true  | false |
            allow all                | true  | true  |
            deny                     | false | false |
            deny all                 | false | true  |
            allow 192.168.1          | true  | false | 192.168.1.0/24
            allow 172.16             | true  | false | 172.16.0.0/16
            allow 10                 | true  | false | 10.0.0.0/8
            allow 192.168.1/16       | true  | false | 192.168.0.0/16
            allow 192.168.0.0/16     | true  | false | 192.168.0.0/16
            allow 192.0.2.7          | true  | false | 192.0.2.7/32
            allow 0.0.0.0/0          | true  | false | 0.0.0.0/0
            deny 10.1.2.3/8          | false | false | 10.0.0.0/8
            deny all 10.1.2.3/8      | false | true  | 10.0.0.0/8
            allow all 192.168.1      | true  | true  | 192.168.1.0/24
            allow 2001:db8::/32      | true  | false | 2001:db8::/32
            allow 2001:db8:1:2::7/32 | true  | false | 2001:db8::/32
            allow ::1                | true  | false | ::1/128
            deny all ::/0            | false | true  | ::/0
            ALLOW ALL 10             | true  | true  | 10.0.0.0/8
            allow ::ffff:10.0.0.0/104 | true | false | 10.0.0.0/8
            allow ::ffff:192.0.2.1   | true  | false | 192.0.2.1/32
            """)
    void accessRule_chronySyntax_givesRule(String line, boolean allow, boolean all, String subnet) {
        AccessRule rule = valid(line).accessRules().getFirst();

        assertThat(rule).isEqualTo(new AccessRule(allow, all, subnet == null ? null : subnet(subnet), 1));
    }

    @Test
    void accessRules_severalLines_keepFileOrderAndLines() {
        JntpConfig config = valid("""
                deny all
                allow 192.168.0.0/16

                deny 192.168.7
                """);

        assertThat(config.accessRules()).containsExactly(new AccessRule(false, true, null, 1),
                new AccessRule(true, false, subnet("192.168.0.0/16"), 2),
                new AccessRule(false, false, subnet("192.168.7.0/24"), 4));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            local                               | 10 | false | 1.0
            local stratum 1                     | 1  | false | 1.0
            local stratum 15                    | 15 | false | 1.0
            local orphan                        | 10 | true  | 1.0
            local distance 0                    | 10 | false | 0.0
            local distance 16                   | 10 | false | 16.0
            local distance 0.25                 | 10 | false | 0.25
            local stratum 8 orphan distance 2.5 | 8  | true  | 2.5
            local distance 3 stratum 5          | 5  | false | 3.0
            LOCAL STRATUM 3 ORPHAN              | 3  | true  | 1.0
            """)
    void local_options_giveLocalReference(String line, int stratum, boolean orphan, double distance) {
        assertThat(valid(line).localReference()).contains(new JntpConfig.LocalReference(stratum, orphan, distance));
    }

    @Test
    void driftfileAndLogdir_absolutePaths_areKeptNormalised() {
        JntpConfig config = valid("""
                driftfile /var/lib/chrony/../jntp/./jntp.drift
                logdir /var/log/jntp/
                """);

        assertThat(config.driftFilePath()).contains(Path.of("/var/lib/jntp/jntp.drift"));
        assertThat(config.logDirectory()).contains(Path.of("/var/log/jntp"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"server", "pool"})
    void source_noOptions_hasChronyDefaults(String directive) {
        SourceSpec.Kind kind = directive.equals("pool") ? SourceSpec.Kind.POOL : SourceSpec.Kind.SERVER;

        assertThat(valid("\n" + directive + " ntp.example.org").sources())
                .containsExactly(defaults(kind, "ntp.example.org", 2));
    }

    @ParameterizedTest
    @ValueSource(strings = {"192.0.2.1", "2001:db8::1", "fe80::1%eth0", "ntp-1.example.org", "time_a.example"})
    void server_addressOrName_isKeptAsWritten(String name) {
        assertThat(valid("server " + name).sources()).containsExactly(defaults(SourceSpec.Kind.SERVER, name, 1));
    }

    static Stream<Arguments> everyOption() {
        return Stream.of(
                Arguments.of("server 192.0.2.1 iburst burst minpoll 4 maxpoll 8 prefer noselect trust require"
                        + " port 1123 maxdelay 0.5 nts ntsport 4461 version 4 offline",
                        new SourceSpec(SourceSpec.Kind.SERVER, "192.0.2.1", 1123, true, true, 4, 8, true, true, true,
                                true, 0.5, 4, 0, true, 4461, 4, true, 1)),
                Arguments.of("pool pool.ntp.org IBURST Burst minpoll -6 maxpoll 24 prefer noselect trust require"
                        + " port 65535 maxdelay 1000 maxsources 16 key 4294967295 ntsport 1 version 1 offline",
                        new SourceSpec(SourceSpec.Kind.POOL, "pool.ntp.org", 65535, true, true, -6, 24, true, true,
                                true, true, 1000.0, 16, 4294967295L, false, 1, 1, true, 1)));
    }

    @ParameterizedTest
    @MethodSource("everyOption")
    void source_everyOption_setsEveryField(String line, SourceSpec expected) {
        assertThat(valid(line).sources()).containsExactly(expected);
    }

    @Test
    void source_minpollEqualsMaxpoll_isAccepted() {
        SourceSpec source = valid("pool pool.ntp.org minpoll 7 maxpoll 7 maxsources 1").sources().getFirst();

        assertThat(source.minPoll()).isEqualTo(7);
        assertThat(source.maxPoll()).isEqualTo(7);
        assertThat(source.maxSources()).isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"# comment", "! comment", "; comment", "% comment", "   # indented", "\t! tab indented",
        "#port 1", "%", "   ", "\t", ""})
    void commentOrBlank_atLineStart_isIgnored(String line) {
        assertThat(valid(line + "\n" + line + "\n")).isEqualTo(valid(""));
    }

    @ParameterizedTest
    @ValueSource(strings = {"port 1234 # comment", "port 1234\t# comment", "port 1234 #", "port 1234  ## two",
        "  port   1234  # allow 10"})
    void comment_trailingAfterBlank_isIgnored(String line) {
        JntpConfig config = valid(line);

        assertThat(config.port()).isEqualTo(1234);
        assertThat(config.accessRules()).isEmpty();
    }

    @Test
    void words_tabsAndRunsOfBlanks_separateArguments() {
        JntpConfig config = valid("\tserver\tntp.example.org\t\tiburst \t minpoll\t4\t\n  allow \t 10 \t");

        assertThat(config.sources().getFirst().iburst()).isTrue();
        assertThat(config.sources().getFirst().minPoll()).isEqualTo(4);
        assertThat(config.accessRules().getFirst().subnet()).isEqualTo(subnet("10.0.0.0/8"));
    }

    @ParameterizedTest(name = "separator {index}")
    @ValueSource(strings = {"\n", "\r\n", "\r"})
    void lineEndings_lfCrlfOrCr_giveSameConfigAndLines(String separator) {
        String good = String.join(separator, "# lab", "port 1234", "", "allow 10", "server ntp.example.org", "");

        assertThat(valid(good)).isEqualTo(valid(good.replace(separator, "\n")));
        assertThat(valid(good).sources().getFirst().line()).isEqualTo(5);
        assertThat(errors(good + "frobnicate" + separator).getFirst().line()).isEqualTo(6);
    }

    @Test
    void byteOrderMark_atStartOfText_isIgnored() {
        assertThat(valid("\uFEFFport 1234\n").port()).isEqualTo(1234);
    }

    @Test
    void builtInDefault_parses_servesLoopbackOnPort11123AtStratum10() {
        JntpConfig config = ConfigParser.builtInDefault();

        assertThat(config.source()).isEqualTo(ConfigParser.BUILT_IN);
        assertThat(config.port()).isEqualTo(11123);
        assertThat(config.localReference()).contains(new JntpConfig.LocalReference(10, false, 1.0));
        assertThat(config.bindAddresses()).containsExactly(InetAddress.ofLiteral("127.0.0.1"),
                InetAddress.ofLiteral("::1"));
        assertThat(config.accessRules()).extracting(AccessRule::allow, AccessRule::all, AccessRule::subnet)
                .containsExactly(tuple(true, false, subnet("127.0.0.0/8")),
                        tuple(true, false, subnet("::1/128")));
        assertThat(config.sources()).isEmpty();
        assertThat(config.sync()).isEqualTo(SyncSettings.DEFAULTS);
    }

    @Test
    void builtInDefaultText_parsedAgain_equalsBuiltInDefault() {
        ConfigResult again = ConfigParser.parse(ConfigParser.BUILT_IN, ConfigParser.builtInDefaultText());

        assertThat(again).isEqualTo(new ConfigResult.Valid(ConfigParser.builtInDefault()));
    }
}
