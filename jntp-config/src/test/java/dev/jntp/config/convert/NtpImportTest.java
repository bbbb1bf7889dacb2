// Tests ntp.conf to jntp.conf: the field guide's server, each mapping, includes, ntpd's defaults, and validity.
package dev.jntp.config.convert;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jntp.config.ConfigParser;
import dev.jntp.config.ConfigResult;
import dev.jntp.config.Corpus;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class NtpImportTest {

    private static Converted convert(String text) {
        return NtpImport.convert("ntp.conf", text, Includes.NONE);
    }

    /** The jntp directive lines of a conversion, without comments, the defaults section left out. */
    private static List<String> directives(String text) {
        String out = convert(text + "\ntinker step 0\nrestrict default ignore\n").text();
        return out.lines().filter(l -> !l.startsWith("#") && !l.isBlank()).filter(l -> !l.equals("deny")).toList();
    }

    @Test
    void convert_fieldGuideLabServer_isTheGoldenFile() {
        Converted c = NtpImport.convert("/etc/ntp.conf", Corpus.text("lab-ntpd-kr-servers.ntp.conf"),
                Includes.NONE);

        assertThat(c.text()).isEqualTo(Corpus.text("lab-ntpd-kr-servers.ntp.conf.imported"));
        assertThat(c.carried()).isEqualTo(14);
        assertThat(c.notCarried()).isEqualTo(1);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            server a.example.org iburst prefer minpoll 4 maxpoll 6 key 3 version 3 | server a.example.org iburst prefer minpoll 4 maxpoll 6 key 3 version 3
            server a.example.org true noselect burst                    | server a.example.org burst noselect trust
            pool 0.pool.ntp.org iburst preempt                          | pool 0.pool.ntp.org iburst
            server -4 a.example.org xleave autokey                      | server a.example.org
            restrict default kod nomodify nopeer noquery limited        | allow;ratelimit interval 3 burst 8
            restrict -6 default noserve                                 | deny ::/0;cmdallow ::/0
            restrict -4 default ignore                                  | deny 0.0.0.0/0
            restrict 192.168.1.7 mask 255.255.255.0 nomodify noquery    | allow 192.168.1.0/24
            restrict 10.1.2.3 noquery                                   | allow 10.1.2.3/32
            restrict 10.0.0.0 mask 255.0.0.0 nomodify                   | allow 10.0.0.0/8;cmdallow 10.0.0.0/8
            restrict 2001:db8:0:0:0:0:0:0 mask ffff:ffff:: ignore       | deny 2001:db8::/32
            restrict 2001:db8::/48 noquery                              | allow 2001:db8::/48
            restrict ::1                                                | allow ::1/128
            restrict 127.0.0.1                                          | allow 127.0.0.1/32
            driftfile /var/lib/ntp/ntp.drift 1e-7                       | driftfile /var/lib/ntp/ntp.drift
            statsdir /var/log/ntpstats/                                 | statsdir /var/log/ntpstats
            statistics loopstats rawstats sysstats                      | statistics loopstats
            filegen peerstats file peers type week link enable          | filegen peerstats file peers type day link enable
            leapfile /usr/share/zoneinfo/leap-seconds.list              | leapseclist /usr/share/zoneinfo/leap-seconds.list
            tos minsane 3 maxdist 2 minclock 4                          | minsources 3;maxdistance 2
            tos orphan 9                                                | local stratum 9 orphan
            interface listen 192.0.2.1                                  | bindaddress 192.0.2.1
            interface ignore ipv6                                       | bindaddress 0.0.0.0
            """)
    void convert_line_becomesTheseJntpLines(String ntp, String jntp) {
        assertThat(directives(ntp)).containsExactly(jntp.split(";"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            peer 192.0.2.8 autokey                  | jntp has no symmetric mode; to follow 192.0.2.8 as a server write 'server 192.0.2.8 iburst'
            server 127.127.20.0 mode 1              | reference clock driver type 20: jntp has no reference clocks
            broadcast 192.0.2.255                   | jntp does not send broadcasts
            restrict ntp.example.org nomodify       | 'ntp.example.org' is not an address and mask jntp can take
            restrict 10.0.0.0 mask 255.0.255.0      | a mask that is not contiguous
            restrict source nomodify noquery        | jntp polls its sources whatever its allow lines say
            keys /etc/ntp/keys                      | convert the keys and give each source its 'key N'
            trustedkey 1 2                          | a key is trusted when a source line names it
            disable monitor                         | jntp has no monlist (it never answers mode 7)
            tinker panic 0                          | 'tinker panic 0' dropped: jntp has no such setting
            interface listen eth0                   | jntp binds addresses, not interface names
            logfile /var/log/ntp.log                | jntp logs events to stderr (journald)
            includefile /etc/ntp/crypto/pw          | cannot read /etc/ntp/crypto/pw
            crypto pw secret                        | jntp has no Autokey; use NTS
            sever ntp.example.org                   | ntpd cannot read it either: unknown ntp.conf command 'sever'
            """)
    void convert_lineWithoutEquivalent_isACommentWithTheReason(String ntp, String why) {
        Converted c = convert("restrict default ignore\n" + ntp + "\n");

        assertThat(c.text()).contains("# ntp.conf:2: " + ntp + "\n#   not carried over: ");
        assertThat(c.text().lines().filter(l -> l.startsWith("#   not carried over: ")).findFirst().orElseThrow())
                .contains(why);
        assertThat(c.notCarried()).isEqualTo(1);
    }

    @Test
    void convert_localDriverWithFudge_isLocalStratum() {
        assertThat(directives("server 127.127.1.0\nfudge 127.127.1.0 stratum 10\n")).containsExactly("local stratum 10");
        assertThat(convert("server 127.127.1.1\n").text()).contains("local stratum 10\n#   the LOCAL clock driver "
                + "without 'fudge ... stratum': stratum 10 assumed, check it");
    }

    @Test
    void convert_ntpdDefaults_madeExplicitAtTheEnd() {
        String out = convert("server ntp.example.org iburst\n").text();

        assertThat(out).endsWith("""
                # ntpd's defaults that jntp does not share:
                # ntpd steps the clock whenever the offset exceeds 128 ms (its default 'tinker step');
                # jntp only slews unless told. 'makestep 1 3' (step only while starting) is gentler.
                makestep 0.128 -1
                # ntp.conf has no restrict line, so ntpd serves and answers ntpq for everyone; these
                # keep that. Narrow them to your networks ('allow 192.168.0.0/16').
                allow
                cmdallow
                """);
        assertThat(convert("tinker step 0.5\nrestrict default ignore\n").text())
                .doesNotContain("ntpd's defaults").contains("makestep 0.5 -1");
    }

    @Test
    void convert_rateLimitFlags_notedOnceUnlessSupported() {
        String out = convert("restrict default kod limited\nrestrict 10.0.0.0 mask 255.0.0.0 limited\n").text();

        if (RateLimit.supported()) {
            assertThat(out).containsOnlyOnce(RateLimit.LINE);
        } else {
            assertThat(out).containsOnlyOnce("'limited'/'kod' (rate limiting) not carried over");
        }
    }

    @Test
    void convert_includeFile_isConvertedInPlaceAndLoopsStop() {
        Map<String, String> files = Map.of("/etc/ntp/servers.conf", "server a.example.org iburst\n"
                + "includefile /etc/ntp.conf\n", "/etc/ntp.conf", "includefile /etc/ntp/servers.conf\n");
        Includes inc = p -> Optional.ofNullable(files.get(p));

        String out = NtpImport.convert("/etc/ntp.conf", files.get("/etc/ntp.conf"), inc).text();

        assertThat(out).contains("""
                # /etc/ntp.conf:1: includefile /etc/ntp/servers.conf (converted below)
                server a.example.org iburst
                # /etc/ntp/servers.conf:2: includefile /etc/ntp.conf
                #   not carried over: included again or too deep (a loop of includefile lines)
                # end of /etc/ntp/servers.conf
                """);
    }

    static List<String> corpus() {
        return Corpus.names().stream().filter(n -> n.endsWith(".ntp.conf")).toList();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void convert_everyNtpConfOfTheCorpus_isAValidJntpConf(String name) {
        Converted c = NtpImport.convert(name, Corpus.text(name), Includes.NONE);

        assertThat(ConfigParser.parse(name, c.text())).isInstanceOf(ConfigResult.Valid.class);
        assertThat(c.carried()).isPositive();
    }
}
