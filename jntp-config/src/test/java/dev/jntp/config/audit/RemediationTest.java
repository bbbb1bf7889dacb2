// Tests the remediation plan on every corpus configuration: what it fixes is gone on a second audit, nothing breaks.
package dev.jntp.config.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jntp.config.ConfigParser;
import dev.jntp.config.ConfigResult;
import dev.jntp.config.Corpus;
import dev.jntp.config.convert.ConfigKind;
import dev.jntp.config.convert.Includes;
import dev.jntp.config.convert.RateLimit;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class RemediationTest {

    record Run(AuditResult before, RemediationPlan plan, AuditResult after) {}

    static Run remediate(String name) {
        String text = Corpus.text(name);
        ConfigKind kind = ConfigKind.detect(name, text);
        String file = "/etc/" + name;
        AuditResult before = Audit.run(Audit.model(file, text, kind, Includes.NONE), null);
        RemediationPlan plan = Remediation.plan(Audit.model(file, text, kind, Includes.NONE), text, before, null);
        AuditResult after = Audit.run(Audit.model(file, plan.newConfig(), kind, Includes.NONE), null);
        return new Run(before, plan, after);
    }

    static List<String> corpus() {
        return Corpus.names();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void plan_corpusConfig_addressedFindingsGoneAndNothingWorse(String name) {
        Run run = remediate(name);

        List<String> still = run.after().findings().stream().map(Finding::id).toList();
        assertThat(still).as("findings the plan said it fixed").noneMatch(run.plan().addressed()::contains);
        assertThat(run.after().grade().score()).isGreaterThanOrEqualTo(run.before().grade().score());
        assertThat(run.before().findings().stream().map(Finding::id).toList()).containsAll(still);
        for (Finding f : run.before().findings()) {
            assertThat(run.plan().addressed().contains(f.id())
                    || run.plan().manual().stream().anyMatch(m -> m.startsWith(f.id() + ":")))
                    .as("%s fixed or a manual step", f.id()).isTrue();
        }
        if (run.before().kind() == ConfigKind.JNTP && run.before().findings().stream()
                .noneMatch(f -> f.id().equals("CFG-SYNTAX"))) {
            assertThat(ConfigParser.parse(name, run.plan().newConfig())).isInstanceOf(ConfigResult.Valid.class);
        }
    }

    @Test
    void plan_fieldReportServer_fromCPlusToA() {
        Run run = remediate("alpina-before.chrony.conf");

        assertThat(run.before().grade().letter()).isEqualTo("C+");
        assertThat(run.after().grade()).isEqualTo(new Grade(97, "A"));
        assertThat(run.after().findings()).extracting(Finding::id).containsExactly("AUTH-CLIENTS");
        assertThat(run.plan().manual()).singleElement().asString().startsWith("AUTH-CLIENTS: Serve NTS");
        assertThat(run.plan().newConfig()).startsWith(Corpus.text("alpina-before.chrony.conf")).endsWith("""

                # Added by jntp remediate (SRC-POOL-ONLY, AUTH-UPSTREAM): sources of four operators that do not smear leap seconds
                server time.cloudflare.com iburst nts
                server ptbtime1.ptb.de iburst nts
                server nts.netnod.se iburst nts
                server time.nist.gov iburst

                # Added by jntp remediate (SRV-RATELIMIT): rate limiting: on average one reply per 8 s per address, bursts of 8
                ratelimit interval 3 burst 8
                """);
    }

    @Test
    void plan_fieldReportServerAfter_smearingSourcesCommentedOut() {
        Run run = remediate("alpina-after.chrony.conf");

        assertThat(run.plan().newConfig()).contains("# jntp remediate (SRC-SMEAR, leap-smearing source mixed with "
                + "others): server time.google.com iburst prefer\n");
        assertThat(run.after().grade().letter()).isEqualTo("A");
    }

    @Test
    void plan_openNtpd_restrictsAddedMonlistOff() {
        Run run = remediate("open-ntpd-amplifier.ntp.conf");

        assertThat(run.plan().newConfig()).contains("# jntp remediate (SRV-MONLIST, mode 7 answers monlist): enable "
                + "mode7\n", "server 192.0.2.10 iburst\n", "restrict default ignore\nrestrict -6 default ignore\n"
                + "restrict source nomodify notrap noquery\nrestrict 127.0.0.1\nrestrict ::1\n"
                + "restrict 10.0.0.0 mask 255.0.0.0 kod limited nomodify notrap nopeer noquery\n", "disable monitor\n",
                "driftfile /var/lib/ntp/ntp.drift\n", "leapfile /usr/share/zoneinfo/leap-seconds.list\n");
        assertThat(run.after().findings()).extracting(Finding::severity).doesNotContain(Severity.CRITICAL,
                Severity.HIGH);
    }

    @Test
    void plan_ntpDefaultServingEveryone_defaultIgnoredSiteNetworksAdded() {
        Run run = remediate("lab-ntpd-kr-servers.ntp.conf");

        assertThat(run.plan().newConfig()).contains("restrict -4 default ignore\nrestrict -6 default ignore\n");
        assertThat(run.after().findings()).extracting(Finding::id).doesNotContain("SRV-ACCESS", "SRC-DIVERSITY");
    }

    @Test
    void plan_jntpServer_rateLimitOnlyWhenSupported() {
        Run run = remediate("lab-server.jntp.conf");

        if (RateLimit.supported()) {
            assertThat(run.plan().newConfig()).contains(RateLimit.LINE);
        } else {
            assertThat(run.plan().manual()).anyMatch(s -> s.startsWith("SRV-RATELIMIT: This jntp does not rate-limit"));
        }
    }

    @Test
    void plan_secondRun_changesNothingMore() {
        Run first = remediate("exposed-chrony.chrony.conf");
        String text = first.plan().newConfig();
        ServerModel m = Audit.model("/etc/chrony.conf", text, ConfigKind.CHRONY, Includes.NONE);

        RemediationPlan again = Remediation.plan(m, text, Audit.run(m, null), null);

        assertThat(again.newConfig()).isEqualTo(text);
        assertThat(again.addressed()).isEmpty();
    }
}
