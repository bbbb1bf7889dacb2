// Tests each config-only audit rule on small chrony.conf, ntp.conf and jntp.conf texts: when it fails and how badly.
package dev.jntp.config.audit;

import static dev.jntp.config.audit.Audits.check;
import static dev.jntp.config.audit.Audits.config;
import static dev.jntp.config.audit.Audits.finding;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConfigRulesTest {

    /** A chrony server that passes every config-only rule. */
    static final String GOOD_CHRONY = """
            server time.cloudflare.com iburst nts
            server ptbtime1.ptb.de iburst nts
            server nts.netnod.se iburst nts
            server time.nist.gov iburst
            driftfile /var/lib/chrony/drift
            makestep 1 3
            leapsectz right/UTC
            allow 10.0.0.0/8
            ratelimit interval 3 burst 8
            ntsserverkey /etc/key.pem
            ntsservercert /etc/cert.pem
            logdir /var/log/chrony
            log tracking
            """;

    /** Each case: kind | the lines (';' for a new line) added to GOOD_CHRONY-like text | rule | status | severity. */
    @ParameterizedTest(name = "{0}: {1} -> {2} {3}")
    @CsvSource(delimiter = '|', textBlock = """
            chrony | sever x                              | CFG-SYNTAX    | FAIL | CRITICAL
            chrony | rtcsync;hwtimestamp eth0             | CFG-SYNTAX    | PASS |
            chrony | server ntp.example.com iburst        | SRC-IBURST    | PASS |
            chrony | server ntp.example.com               | SRC-IBURST    | FAIL | LOW
            chrony | server time.google.com iburst        | SRC-SMEAR     | FAIL | MEDIUM
            chrony | cmdallow 192.0.2.0/24                | SRV-CMDALLOW  | PASS |
            chrony | cmdallow 192.0.2.0/24;bindcmdaddress 0.0.0.0 | SRV-CMDALLOW | FAIL | MEDIUM
            chrony | cmdallow 127.0.0.1;bindcmdaddress 0.0.0.0    | SRV-CMDALLOW | PASS |
            chrony | allow all                            | SRV-ACCESS    | FAIL | MEDIUM
            chrony | allow                                | SRV-ACCESS    | FAIL | MEDIUM
            chrony | allow ::/0                           | SRV-ACCESS    | FAIL | MEDIUM
            chrony | allow 127.0.0.1                      | SRV-ACCESS    | PASS |
            chrony | bindaddress 192.0.2.1                | NET-IPV6      | FAIL | LOW
            chrony | bindaddress 192.0.2.1;bindaddress ::  | NET-IPV6     | PASS |
            chrony | leapseclist /usr/share/zoneinfo/leap-seconds.list | CLK-LEAP | PASS |
            chrony | include /etc/chrony/extra.conf       | CFG-SYNTAX    | PASS |
            jntp   | cmdallow 192.0.2.0/24                | SRV-MODE6     | FAIL | LOW
            jntp   | cmdallow 127.0.0.1                   | SRV-MODE6     | PASS |
            jntp   | frobnicate                           | CFG-SYNTAX    | FAIL | CRITICAL
            """)
    void rule_chronySyntaxLines_outcome(String kind, String lines, String id, Check.Status status, Severity sev) {
        String text = GOOD_CHRONY.replace("ntsserverkey", kind.equals("jntp") ? "#" : "ntsserverkey")
                .replace("ntsservercert", kind.equals("jntp") ? "#" : "ntsservercert")
                .replace("ratelimit", kind.equals("jntp") ? "#" : "ratelimit") + lines.replace(';', '\n') + "\n";

        AuditResult r = config(kind, text);

        assertThat(check(r, id).status()).as(r.findings().toString()).isEqualTo(status);
        if (sev != null) {
            assertThat(finding(r, id).severity()).isEqualTo(sev);
            assertThat(finding(r, id).evidence()).allSatisfy(e -> assertThat(e).startsWith(Audits.FILE));
        }
    }

    @Test
    void goodChronyServer_passesEveryConfigRule_gradeA() {
        AuditResult r = config("chrony", GOOD_CHRONY);

        assertThat(r.findings()).isEmpty();
        assertThat(r.grade()).isEqualTo(new Grade(100, "A"));
        assertThat(r.serves()).isTrue();
        assertThat(r.exitStatus()).isZero();
        assertThat(r.checks()).extracting(Check::status).doesNotContain(Check.Status.FAIL);
    }

    @ParameterizedTest(name = "{0} sources -> {1} / {2}")
    @CsvSource(textBlock = """
            0, HIGH,   MEDIUM
            1, HIGH,   MEDIUM
            2, MEDIUM, LOW
            3, MEDIUM, LOW
            """)
    void sourceCount_belowFour_severityBySourcesAndRole(int n, Severity server, Severity client) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < n; i++) {
            s.append("server ntp").append(i).append(".example").append(i).append(".org iburst\n");
        }
        assertThat(finding(config("chrony", s + "allow 10/8\n"), "SRC-COUNT").severity()).isEqualTo(server);
        assertThat(finding(config("chrony", s.toString()), "SRC-COUNT").severity()).isEqualTo(client);
    }

    @Test
    void sourceCount_poolCountsItsMaxsources() {
        assertThat(check(config("chrony", "pool pool.ntp.org iburst\n"), "SRC-COUNT").status())
                .isEqualTo(Check.Status.PASS);
        assertThat(finding(config("chrony", "pool pool.ntp.org iburst maxsources 2\n"), "SRC-COUNT").title())
                .isEqualTo("Only 2 sources");
    }

    @Test
    void diversity_countsOperatorsNotServers() {
        AuditResult r = config("chrony", """
                server time1.google.com iburst
                server time2.google.com iburst
                server time3.google.com iburst
                server time4.google.com iburst
                allow 10/8
                """);

        assertThat(finding(r, "SRC-DIVERSITY").title()).isEqualTo("Sources from 1 operator (Google)");
        assertThat(finding(r, "SRC-DIVERSITY").severity()).isEqualTo(Severity.MEDIUM);
        assertThat(check(r, "SRC-SMEAR").status()).isEqualTo(Check.Status.PASS);
        assertThat(check(r, "CLK-LEAP").status()).isEqualTo(Check.Status.PASS);
    }

    @Test
    void poolOnly_allPoolZones_failsInsteadOfDiversity() {
        AuditResult r = config("ntp", """
                server 0.rhel.pool.ntp.org iburst
                server 1.debian.pool.ntp.org iburst
                pool 2.pool.ntp.org iburst
                restrict default kod limited nomodify nopeer noquery
                """);

        assertThat(finding(r, "SRC-POOL-ONLY").severity()).isEqualTo(Severity.MEDIUM);
        assertThat(check(r, "SRC-DIVERSITY").status()).isEqualTo(Check.Status.PASS);
    }

    @Test
    void leapTable_withOnlySmearingSources_isMedium() {
        AuditResult r = config("chrony", "server metadata.google.internal iburst\nleapsectz right/UTC\n");

        assertThat(finding(r, "CLK-LEAP").severity()).isEqualTo(Severity.MEDIUM);
        assertThat(finding(r, "CLK-LEAP").evidence()).containsExactly(Audits.FILE + ":2: leapsectz right/UTC");
    }

    @Test
    void client_serverRulesDoNotApply() {
        AuditResult r = config("chrony", "pool pool.ntp.org iburst\n");

        for (String id : new String[] {"SRV-RATELIMIT", "SRV-ACCESS", "AUTH-CLIENTS", "NET-IPV6"}) {
            assertThat(check(r, id).status()).as(id).isEqualTo(Check.Status.NOT_APPLICABLE);
        }
        assertThat(config("chrony", "port 0\nallow 10/8\n").serves()).isFalse();
    }

    @ParameterizedTest(name = "{0} -> {1} {2}")
    @CsvSource(delimiter = '|', textBlock = """
            server a.example.org                                         | SRV-ACCESS    | FAIL | HIGH
            server a.example.org                                         | SRV-MODE6     | FAIL | MEDIUM
            server a.example.org                                         | SRV-MONLIST   | FAIL | HIGH
            server a.example.org;disable monitor                         | SRV-MONLIST   | PASS |
            restrict default noquery limited kod                         | SRV-MONLIST   | PASS |
            restrict default noquery limited kod;enable mode7            | SRV-MONLIST   | FAIL | CRITICAL
            restrict default noquery limited kod                         | SRV-RATELIMIT | PASS |
            restrict default noquery kod                                 | SRV-RATELIMIT | FAIL | MEDIUM
            restrict -4 default noquery limited                          | SRV-ACCESS    | FAIL | HIGH
            restrict default ignore;restrict 10.0.0.0 mask 255.0.0.0 limited | SRV-ACCESS | PASS |
            restrict default ignore;restrict 10.0.0.0 mask 255.0.0.0 limited | SRV-MODE6  | FAIL | MEDIUM
            restrict default ignore;restrict 127.0.0.1                   | SRV-RATELIMIT | NOT_APPLICABLE |
            restrict default ignore;keys /k;trustedkey 1                 | AUTH-CLIENTS  | NOT_APPLICABLE |
            restrict default limited noquery;keys /k;trustedkey 1        | AUTH-CLIENTS  | PASS |
            restrict default limited noquery                             | CLK-MAKESTEP  | NOT_APPLICABLE |
            restrict default limited noquery;interface ignore ipv6       | NET-IPV6      | FAIL | LOW
            restrict default limited noquery;statistics loopstats        | LOG-DIR       | FAIL | LOW
            restrict default limited noquery;sever x                     | CFG-SYNTAX    | FAIL | MEDIUM
            server 127.127.1.0;fudge 127.127.1.0 stratum 10              | SRC-COUNT     | FAIL | HIGH
            """)
    void rule_ntpConfLines_outcome(String lines, String id, Check.Status status, Severity sev) {
        AuditResult r = config("ntp", lines.replace(';', '\n') + "\n");

        assertThat(check(r, id).status()).as(r.findings().toString()).isEqualTo(status);
        if (sev != null) {
            assertThat(finding(r, id).severity()).isEqualTo(sev);
        }
    }

    @Test
    void noAccessControl_evidenceSaysSoForTheWholeFile() {
        Finding f = finding(config("ntp", "server a.example.org iburst\n"), "SRV-ACCESS");

        assertThat(f.evidence()).containsExactly(Audits.FILE + ": no 'restrict default' line: ntpd serves and answers "
                + "queries for every address");
    }

    @Test
    void findings_worstFirstThenRuleOrder_exitStatusIsTheWorst() {
        AuditResult r = config("ntp", "server 192.0.2.10\nenable mode7\n");

        assertThat(r.findings().getFirst().id()).isEqualTo("SRV-MONLIST");
        assertThat(r.findings()).extracting(Finding::severity).isSortedAccordingTo((a, b) -> b.compareTo(a));
        assertThat(r.exitStatus()).isEqualTo(4);
        assertThat(r.grade().letter()).isEqualTo("F");
    }
}
