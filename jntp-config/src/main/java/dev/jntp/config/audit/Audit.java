// Runs every audit rule over a configuration (and, with --live, the host's state) and grades the outcome.
package dev.jntp.config.audit;

import dev.jntp.config.audit.LiveFacts.Observed;
import dev.jntp.config.convert.ConfigKind;
import dev.jntp.config.convert.Includes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The rules of docs/audit.md, in the order the report lists them. Evaluation is pure: the model and the live
 * facts in, the result out; reading files and probing the host is the caller's (jntp-cli's) business.
 */
public final class Audit {

    /** The rules, in report order. */
    static final List<Rule> RULES = List.of(
            new Rule("CFG-SYNTAX", "the daemon reads every line", SourceRules::syntax),
            new Rule("SRC-COUNT", "at least 4 sources", SourceRules::count),
            new Rule("SRC-DIVERSITY", "sources from at least 3 operators", SourceRules::diversity),
            new Rule("SRC-POOL-ONLY", "not every source from the NTP Pool", SourceRules::poolOnly),
            new Rule("SRC-IBURST", "iburst on every source", SourceRules::iburst),
            new Rule("SRC-SMEAR", "no mix of leap-smearing and other sources", SourceRules::smear),
            new Rule("SRC-UNREACHABLE", "every source reachable (live)", SourceRules::unreachable),
            new Rule("SYNC-STATE", "synchronised (live)", SourceRules::state),
            new Rule("SYNC-STRATUM", "stratum below 5 (live)", SourceRules::stratum),
            new Rule("SYNC-OFFSET", "offset within 10 ms (live)", SourceRules::offset),
            new Rule("SRV-RATELIMIT", "clients rate limited", ServiceRules::rateLimit),
            new Rule("SRV-ACCESS", "access limited to the site's networks", ServiceRules::access),
            new Rule("SRV-MODE6", "ntpq (mode 6) from this host only", ServiceRules::mode6),
            new Rule("SRV-MONLIST", "no mode 7 / monlist", ServiceRules::monlist),
            new Rule("SRV-CMDALLOW", "chronyc from this host only", ServiceRules::commandPort),
            new Rule("AUTH-CLIENTS", "clients can authenticate the server (NTS or keys)", ServiceRules::clientAuth),
            new Rule("AUTH-UPSTREAM", "an authenticated source (NTS or key)", ServiceRules::upstreamAuth),
            new Rule("CLK-DRIFT", "a drift file", HostRules::drift),
            new Rule("CLK-MAKESTEP", "a large error at start is stepped", HostRules::makeStep),
            new Rule("CLK-LEAP", "a leap second table that suits the sources", HostRules::leap),
            new Rule("LOG-DIR", "statistics written to a writable directory", HostRules::logDir),
            new Rule("LOG-ROTATE", "statistics rotated (live)", HostRules::rotation),
            new Rule("NET-IPV6", "served on IPv6 as well as IPv4", HostRules::ipv6),
            new Rule("BOOT-SYNC", "the boot waits for synchronisation (live)", HostRules::bootSync),
            new Rule("FW-NTP", "the firewall lets NTP in (live)", HostRules::firewallNtp),
            new Rule("FW-EXTRA", "the firewall lets in only what is needed (live)", HostRules::firewallExtra));

    private Audit() {}

    /** The model of a configuration text of a known kind. */
    public static ServerModel model(String file, String text, ConfigKind kind, Includes includes) {
        return kind == ConfigKind.NTP ? NtpModel.of(file, text, includes) : ChronyModel.of(file, text, kind, includes);
    }

    /** Audits {@code m}; {@code live} is null for a config-only audit. */
    public static AuditResult run(ServerModel m, LiveFacts live) {
        Rule.Context c = new Rule.Context(m, live);
        List<Finding> findings = new ArrayList<>();
        List<Check> checks = new ArrayList<>();
        for (Rule r : RULES) {
            Outcome o = r.check().apply(c);
            checks.add(switch (o) {
                case Outcome.Pass p -> new Check(r.id(), r.title(), Check.Status.PASS, p.detail());
                case Outcome.Fail f -> {
                    findings.add(f.finding());
                    yield new Check(r.id(), r.title(), Check.Status.FAIL, f.finding().title());
                }
                case Outcome.NotApplicable n -> new Check(r.id(), r.title(), Check.Status.NOT_APPLICABLE, n.why());
                case Outcome.NotChecked n -> new Check(r.id(), r.title(), Check.Status.NOT_CHECKED, n.why());
            });
        }
        List<String> order = RULES.stream().map(Rule::id).toList();
        findings.sort(Comparator.comparing(Finding::severity).reversed()
                .thenComparing(f -> order.indexOf(f.id())));
        List<String> notes = new ArrayList<>(m.notes());
        if (live != null) {
            addSkipped(notes, "daemon state", live.daemon());
            addSkipped(notes, "listening sockets", live.listening());
            addSkipped(notes, "log directory", live.logDir());
            addSkipped(notes, "log rotation", live.rotation());
            addSkipped(notes, "boot-time sync", live.bootSync());
            addSkipped(notes, "firewall", live.firewall());
        }
        return new AuditResult(m.file(), m.kind(), m.serves(), live != null, findings, checks, notes,
                Grade.of(findings));
    }

    private static void addSkipped(List<String> notes, String what, Observed<?> o) {
        if (o instanceof Observed.Skipped<?> s) {
            notes.add(what + ": skipped: " + s.why());
        }
    }

    /** The ids and titles of every rule, in report order (for the documentation's test). */
    public static List<String> ruleIds() {
        return RULES.stream().map(Rule::id).toList();
    }
}
