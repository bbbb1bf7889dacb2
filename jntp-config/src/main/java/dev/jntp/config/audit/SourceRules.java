// The audit rules about upstream sources and the daemon's synchronisation: count, operators, iburst, smearing, health.
package dev.jntp.config.audit;

import dev.jntp.config.ConfigError;
import dev.jntp.config.audit.LiveFacts.DaemonState;
import dev.jntp.config.audit.LiveFacts.Observed;
import dev.jntp.config.audit.Rule.Context;
import dev.jntp.config.audit.ServerModel.Source;
import dev.jntp.config.convert.ConfigKind;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Sources: RFC 5905 section 5 and chrony's selection need at least three sources to outvote one falseticker
 * and four to survive one loss meanwhile (BCP 223, RFC 8633 section 3.2: "at least four"); independent
 * operators, so that one operator's fault is one falseticker, not a majority. {@code iburst} gets the first
 * estimate in seconds instead of minutes (RFC 8633 section 3.4). Leap-smearing operators (Google, Amazon, Meta)
 * disagree with the others by up to half a second during a leap second.
 */
final class SourceRules {

    private SourceRules() {}

    static Outcome syntax(Context c) {
        ServerModel m = c.m();
        if (m.errors.isEmpty()) {
            return new Outcome.Pass("every line is read by " + daemon(m.kind));
        }
        List<String> evidence = m.errors.stream().map(ConfigError::toString).toList();
        return switch (m.kind) {
            case JNTP -> fail("CFG-SYNTAX", Severity.CRITICAL, "jntp refuses this configuration", evidence,
                    "jntp does not start with an invalid configuration: no time is served at all.",
                    "Fix each line as its error says; 'jntp config check FILE' checks the file.");
            case CHRONY -> fail("CFG-SYNTAX", Severity.CRITICAL, "chronyd stops at an invalid directive", evidence,
                    "chronyd exits at start on a directive it does not know: no time is served at all.",
                    "Correct or remove the line; 'chronyd -p -f FILE' shows how chronyd reads the file.");
            case NTP -> fail("CFG-SYNTAX", Severity.MEDIUM, "ntpd skips lines it cannot read", evidence,
                    "ntpd logs a syntax error and runs without the line: a source, a restriction or a key the "
                            + "operator believes in is missing.",
                    "Correct or remove each line; ntp.conf(5) lists the commands.");
        };
    }

    static Outcome count(Context c) {
        ServerModel m = c.m();
        int n = m.sourceCount();
        List<String> evidence = m.sources.isEmpty() ? List.of(m.file + ": no server, pool or peer line")
                : m.sources.stream().map(s -> s.where().toString()).toList();
        if (n >= 4) {
            return new Outcome.Pass(n + " sources");
        }
        String dirs = m.sourceDirs.isEmpty() ? "" : " (besides the files of sourcedir, read at run time)";
        Severity sev = m.serves ? (n <= 1 ? Severity.HIGH : Severity.MEDIUM) : (n <= 1 ? Severity.MEDIUM
                : Severity.LOW);
        return fail("SRC-COUNT", sev, (n == 0 ? "No source" : "Only " + n + " source" + (n == 1 ? "" : "s")) + dirs,
                evidence, "With fewer than 4 sources one wrong or lost source leaves no majority to tell good time "
                        + "from bad (RFC 8633 section 3.2); with one, its fault is this host's time"
                        + (m.serves ? " and every client's." : "."),
                "Use at least 4 sources from at least 3 operators, e.g. " + Recommended.example(m.kind) + ".");
    }

    static Outcome diversity(Context c) {
        ServerModel m = c.m();
        List<Source> net = network(m);
        if (net.isEmpty()) {
            return new Outcome.NotApplicable("no network source");
        }
        Set<String> operators = operators(net);
        if (operators.size() >= 3) {
            return new Outcome.Pass(operators.size() + " operators: " + String.join(", ", operators));
        }
        if (operators.equals(Set.of(Operators.POOL))) {
            return new Outcome.Pass("only the NTP Pool: see SRC-POOL-ONLY");
        }
        return fail("SRC-DIVERSITY", m.serves ? Severity.MEDIUM : Severity.LOW, "Sources from "
                + operators.size() + " operator" + (operators.size() == 1 ? "" : "s") + " (" + String.join(", ",
                operators) + ")", evidence(net), "Sources of one operator share its faults: one bad "
                + "configuration, leap second mistake or outage there is a majority here.",
                "Add sources of other operators until there are at least 3, e.g. " + Recommended.example(m.kind)
                        + ".");
    }

    static Outcome poolOnly(Context c) {
        ServerModel m = c.m();
        List<Source> net = network(m);
        if (net.isEmpty()) {
            return new Outcome.NotApplicable("no network source");
        }
        if (!operators(net).equals(Set.of(Operators.POOL))) {
            return new Outcome.Pass("not only the NTP Pool");
        }
        return fail("SRC-POOL-ONLY", m.serves ? Severity.MEDIUM : Severity.LOW, "Every source is from the NTP Pool",
                evidence(net), "The pool's members are volunteers' servers chosen by DNS; nothing vouches for "
                        + "any of them, and a server that serves others should not depend on them alone.",
                "Keep the pool as a fallback and add named servers of other operators, e.g. "
                        + Recommended.example(m.kind) + ".");
    }

    static Outcome iburst(Context c) {
        List<Source> without = network(c.m()).stream().filter(s -> !s.iburst() && s.kind() != Source.Kind.PEER)
                .toList();
        if (network(c.m()).isEmpty()) {
            return new Outcome.NotApplicable("no network source");
        }
        if (without.isEmpty()) {
            return new Outcome.Pass("every server and pool line has iburst");
        }
        return fail("SRC-IBURST", Severity.LOW, "Sources without iburst", evidence(without),
                "Without iburst the first estimate takes 4 polls (minutes) after every start instead of seconds.",
                "Add 'iburst' to each server and pool line.");
    }

    static Outcome smear(Context c) {
        List<Source> net = network(c.m());
        List<Source> smearing = net.stream().filter(s -> s.operator().smears()).toList();
        if (smearing.isEmpty() || smearing.size() == net.size()) {
            return new Outcome.Pass(smearing.isEmpty() ? "no leap-smearing source" : "every source smears alike");
        }
        return fail("SRC-SMEAR", Severity.MEDIUM, "Leap-smearing sources mixed with others", evidence(smearing),
                "Google, Amazon and Meta spread a leap second over a day; the other sources step it. Around a leap "
                        + "second they disagree by up to 0.5 s, so selection drops one group or the clock follows "
                        + "neither.",
                "Use either smearing sources only (and no leap second table) or none: remove these lines, or the "
                        + "non-smearing ones.");
    }

    static Outcome unreachable(Context c) {
        if (!(daemon(c) instanceof Observed.Seen<DaemonState> seen)) {
            return notChecked(c, daemon(c));
        }
        DaemonState d = seen.value();
        if (d.sources() == 0 || d.reachable() >= d.sources()) {
            return new Outcome.Pass(d.reachable() + " of " + d.sources() + " sources reachable");
        }
        return fail("SRC-UNREACHABLE", d.reachable() == 0 ? Severity.HIGH : Severity.MEDIUM, (d.sources()
                - d.reachable()) + " of " + d.sources() + " sources unreachable", seen.evidence(),
                "An unreachable source is no vote; with none reachable the clock runs free.",
                "Check name resolution, routes and the firewall toward them (123/udp outbound); replace sources "
                        + "that stay unreachable.");
    }

    static Outcome state(Context c) {
        if (!(daemon(c) instanceof Observed.Seen<DaemonState> seen)) {
            return notChecked(c, daemon(c));
        }
        if (seen.value().synchronised()) {
            return new Outcome.Pass("synchronised");
        }
        return fail("SYNC-STATE", Severity.HIGH, "The daemon is not synchronised", seen.evidence(),
                "An unsynchronised server tells its clients so (or serves its own drifting clock): they get no "
                        + "good time from it.",
                "Look at the sources' state (jntp sources, chronyc sources, ntpq -p) and why none is selected.");
    }

    static Outcome stratum(Context c) {
        if (!(daemon(c) instanceof Observed.Seen<DaemonState> seen)) {
            return notChecked(c, daemon(c));
        }
        int s = seen.value().stratum();
        if (!seen.value().synchronised() || s <= 0) {
            return new Outcome.NotApplicable("not synchronised: see SYNC-STATE");
        }
        if (s < 5) {
            return new Outcome.Pass("stratum " + s);
        }
        return fail("SYNC-STRATUM", Severity.LOW, "Stratum " + s, seen.evidence(),
                "Each stratum adds its path's error; at " + s + " the chain to a reference clock is long and its "
                        + "links are unknown.",
                "Use sources closer to a reference clock (stratum 1 or 2 servers).");
    }

    static Outcome offset(Context c) {
        if (!(daemon(c) instanceof Observed.Seen<DaemonState> seen)) {
            return notChecked(c, daemon(c));
        }
        double o = Math.abs(seen.value().offset());
        if (!seen.value().synchronised() || Double.isNaN(o)) {
            return new Outcome.NotApplicable("no offset: see SYNC-STATE");
        }
        if (o <= 0.010) {
            return new Outcome.Pass(String.format(Locale.ROOT, "offset %.6f s", seen.value().offset()));
        }
        return fail("SYNC-OFFSET", o > 0.1 ? Severity.HIGH : Severity.MEDIUM, String.format(Locale.ROOT,
                "The clock is %.3f s off", seen.value().offset()), seen.evidence(),
                "A server passes its error to every client; above 10 ms logs, Kerberos and TLS start to disagree "
                        + "across machines.",
                "Find out why (a step not allowed, bad sources, a virtual machine's clock); 'makestep' steps a "
                        + "large error away at start.");
    }

    /** The sources reached over the network (not reference clocks). */
    static List<Source> network(ServerModel m) {
        return m.sources.stream().filter(s -> s.kind() != Source.Kind.REFCLOCK).toList();
    }

    static Set<String> operators(List<Source> sources) {
        Set<String> out = new LinkedHashSet<>();
        sources.forEach(s -> out.add(s.operator().name()));
        return out;
    }

    static List<String> evidence(List<Source> sources) {
        return sources.stream().map(s -> s.where().toString()).toList();
    }

    static Observed<DaemonState> daemon(Context c) {
        return c.live() == null ? null : c.live().daemon();
    }

    /** "ntpd", "chronyd", "jntp". */
    static String daemon(ConfigKind kind) {
        return switch (kind) {
            case NTP -> "ntpd";
            case CHRONY -> "chronyd";
            case JNTP -> "jntp";
        };
    }

    /** Not checked: config only, or the probe's reason. */
    static Outcome notChecked(Context c, Observed<?> probe) {
        return new Outcome.NotChecked(c.live() == null ? "config only (use --live)"
                : probe instanceof Observed.Skipped<?> s ? s.why() : "not probed");
    }

    static Outcome fail(String id, Severity sev, String title, List<String> evidence, String why, String fix) {
        return new Outcome.Fail(new Finding(id, sev, title, evidence, why, fix));
    }
}
