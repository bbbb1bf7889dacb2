// Computes the hardened configuration for an audit's findings: line edits in the file's own syntax, and other actions.
package dev.jntp.config.audit;

import dev.jntp.config.audit.LiveFacts.BootSync;
import dev.jntp.config.audit.LiveFacts.DirState;
import dev.jntp.config.audit.LiveFacts.Observed;
import dev.jntp.config.audit.RemediationPlan.Action;
import dev.jntp.config.convert.ConfigKind;
import dev.jntp.config.convert.RateLimit;
import dev.jntp.config.ntp.NtpConf;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Each fixable finding becomes edits of the audited file in its own syntax, so the operator's file stays
 * recognisable: a line changed in place (iburst added, restrict flags added), a line commented out with the
 * reason ({@code # jntp remediate (ID): ...}), or lines appended in a block that names the findings it fixes.
 * Only the audited file is edited; a line at fault in an included file becomes a manual step. The site's
 * networks are not known: where access is narrowed, the private ranges (10/8, 172.16/12, 192.168/16, fc00::/7)
 * are written with a comment to edit them. What needs keys, certificates, other machines or firewall changes is
 * listed as manual steps with the finding's fix.
 */
public final class Remediation {

    /** The site networks written when access is narrowed, as chrony subnets. */
    static final List<String> SITE_NETWORKS = List.of("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "fc00::/7");
    /** The same as ntpd restrict lines. */
    static final List<String> SITE_RESTRICTS = List.of("10.0.0.0 mask 255.0.0.0", "172.16.0.0 mask 255.240.0.0",
            "192.168.0.0 mask 255.255.0.0", "fc00:: mask fe00::");
    private static final String NTP_SERVE_FLAGS = "kod limited nomodify notrap nopeer noquery";

    private Remediation() {}

    /** The plan for {@code r}, the audit of {@code m} read from {@code text}; {@code live} may be null. */
    public static RemediationPlan plan(ServerModel m, String text, AuditResult r, LiveFacts live) {
        return new Planner(m, text, r, live).plan();
    }

    /** One planning. */
    private static final class Planner {
        final ServerModel m;
        final AuditResult r;
        final LiveFacts live;
        final String[] lines;
        final boolean endsWithNewline;
        final Map<Integer, String> replaced = new LinkedHashMap<>();
        final Map<String, List<String>> appended = new LinkedHashMap<>();
        final List<Action> actions = new ArrayList<>();
        final Set<String> addressed = new LinkedHashSet<>();
        final List<String> manual = new ArrayList<>();

        Planner(ServerModel m, String text, AuditResult r, LiveFacts live) {
            this.m = m;
            this.r = r;
            this.live = live;
            this.endsWithNewline = text.isEmpty() || text.endsWith("\n");
            this.lines = (endsWithNewline && !text.isEmpty() ? text.substring(0, text.length() - 1) : text)
                    .split("\n", -1);
        }

        boolean failed(String id) {
            return r.findings().stream().anyMatch(f -> f.id().equals(id));
        }

        Finding finding(String id) {
            return r.findings().stream().filter(f -> f.id().equals(id)).findFirst().orElseThrow();
        }

        RemediationPlan plan() {
            sources();
            if (m.kind == ConfigKind.NTP) {
                ntpAccess();
            } else {
                chronyAccess();
            }
            clock();
            logs();
            host();
            for (Finding f : r.findings()) {
                if (!addressed.contains(f.id()) && manual.stream().noneMatch(s -> s.startsWith(f.id() + ":"))) {
                    manual.add(f.id() + ": " + f.fix());
                }
            }
            return new RemediationPlan(m.file, text(), actions, List.copyOf(addressed), manual);
        }

        /** Diverse, non-smearing sources; iburst; smearing ones out when mixed. */
        void sources() {
            boolean add = failed("SRC-COUNT") || failed("SRC-DIVERSITY") || failed("SRC-POOL-ONLY")
                    || failed("SRC-SMEAR") || (m.kind == ConfigKind.CHRONY && failed("AUTH-UPSTREAM"));
            if (failed("SRC-SMEAR")) {
                for (ServerModel.Source s : SourceRules.network(m)) {
                    if (s.operator().smears()) {
                        commentOut("SRC-SMEAR", s.where(), "leap-smearing source mixed with others");
                    }
                }
            }
            if (failed("SRC-IBURST")) {
                for (ServerModel.Source s : SourceRules.network(m)) {
                    if (!s.iburst() && s.kind() != ServerModel.Source.Kind.PEER
                            && !(failed("SRC-SMEAR") && s.operator().smears())) {
                        replace("SRC-IBURST", s.where(), current(s.where()) + " iburst");
                    }
                }
            }
            List<ServerModel.Source> net = SourceRules.network(m);
            if (add && !net.isEmpty() && net.stream().allMatch(s -> s.operator().smears())) {
                manual.add("SRC-DIVERSITY: every source smears leap seconds (" + String.join(", ",
                        SourceRules.operators(net)) + "): add more servers of the same service, or replace them all "
                        + "with sources that do not smear and add a leap second table; never mix the two");
                add = false;
            }
            if (add) {
                Set<String> have = new LinkedHashSet<>();
                m.sources.forEach(s -> have.add(s.host().toLowerCase(java.util.Locale.ROOT)));
                List<String> add4 = Recommended.lines(m.kind).stream()
                        .filter(l -> !have.contains(l.split(" ")[1])).toList();
                append(List.of("SRC-COUNT", "SRC-DIVERSITY", "SRC-POOL-ONLY", "SRC-SMEAR", "AUTH-UPSTREAM").stream()
                        .filter(this::failed).filter(id -> !id.equals("AUTH-UPSTREAM") || m.kind == ConfigKind.CHRONY)
                        .toList(), "sources of four operators that do not smear leap seconds", add4);
            }
        }

        void chronyAccess() {
            if (failed("SRV-ACCESS")) {
                m.servesEveryone.forEach(l -> commentOut("SRV-ACCESS", l, "served every address"));
                append(List.of("SRV-ACCESS"), "serve the site's networks only: edit these to yours",
                        SITE_NETWORKS.stream().map(n -> "allow " + n).toList());
            }
            if (failed("SRV-RATELIMIT")) {
                if (m.kind == ConfigKind.CHRONY || RateLimit.supported()) {
                    append(List.of("SRV-RATELIMIT"), "rate limiting: on average one reply per 8 s per address, "
                            + "bursts of 8", List.of(RateLimit.LINE));
                }
            }
            if (failed("SRV-MODE6")) {
                m.queryOpen.forEach(l -> commentOut("SRV-MODE6", l, "ntpq from other hosts"));
            }
            if (failed("SRV-CMDALLOW")) {
                m.commandExposure.forEach(l -> commentOut("SRV-CMDALLOW", l, "chronyc from other hosts"));
            }
        }

        /** ntpd's restrict lines: narrowed, rate limited, queries closed; mode 7 and monlist off. */
        void ntpAccess() {
            boolean access = failed("SRV-ACCESS");
            boolean limit = failed("SRV-RATELIMIT");
            boolean query = failed("SRV-MODE6") || failed("SRV-MONLIST");
            if (!access && !limit && !query) {
                return;
            }
            NtpConf conf = NtpConf.parse(m.file, String.join("\n", lines));
            for (NtpConf.Entry e : conf.all("restrict")) {
                NtpConf.Restrict rs = (NtpConf.Restrict) e;
                if (rs.target().equalsIgnoreCase("source") || NtpModel.loopback(rs.target())
                        || rs.has("ignore")) {
                    continue;
                }
                Located at = new Located(m.file, rs.line(), current(rs.line()));
                if (access && rs.isDefault()) {
                    replace("SRV-ACCESS", at, restrictLine(rs, Set.of("ignore")));
                    continue;
                }
                Set<String> flags = new LinkedHashSet<>(rs.flags());
                if (limit && !rs.has("noserve")) {
                    flags.add("kod");
                    flags.add("limited");
                }
                if (query) {
                    flags.add("noquery");
                }
                if (!flags.equals(rs.flags())) {
                    replace(limit ? "SRV-RATELIMIT" : "SRV-MODE6", at, restrictLine(rs, flags));
                }
            }
            List<String> block = new ArrayList<>();
            if (access) {
                if (!m.accessControlled) {
                    block.addAll(List.of("restrict default ignore", "restrict -6 default ignore"));
                }
                if (conf.all("restrict").stream().noneMatch(x -> ((NtpConf.Restrict) x).target()
                        .equalsIgnoreCase("source"))) {
                    block.add("restrict source nomodify notrap noquery");
                }
                block.addAll(List.of("restrict 127.0.0.1", "restrict ::1"));
                SITE_RESTRICTS.forEach(n -> block.add("restrict " + n + " " + NTP_SERVE_FLAGS));
                append(List.of("SRV-ACCESS", "SRV-RATELIMIT", "SRV-MODE6").stream().filter(this::failed).toList(),
                        "nobody by default; the site's networks get time, rate limited, no queries: edit them to "
                                + "yours", block);
            }
            if (failed("SRV-MONLIST")) {
                if (m.mode7 != null) {
                    commentOut("SRV-MONLIST", m.mode7, "mode 7 answers monlist");
                }
                if (m.monitorDisabled == null) {
                    append(List.of("SRV-MONLIST"), "no monlist", List.of("disable monitor"));
                }
            }
        }

        static String restrictLine(NtpConf.Restrict rs, Set<String> flags) {
            return "restrict" + (rs.family() == 0 ? "" : " -" + rs.family()) + " " + rs.target()
                    + (rs.mask() == null ? "" : " mask " + rs.mask()) + " " + String.join(" ", flags);
        }

        void clock() {
            if (failed("CLK-DRIFT")) {
                append(List.of("CLK-DRIFT"), "keep the frequency across restarts",
                        List.of("driftfile " + Defaults.driftFile(m.kind)));
            }
            if (failed("CLK-MAKESTEP")) {
                append(List.of("CLK-MAKESTEP"), "step a large error away in the first three updates only",
                        List.of("makestep 1 3"));
            }
            if (failed("CLK-LEAP")) {
                if (m.leapTable != null) {
                    commentOut("CLK-LEAP", m.leapTable, "the sources smear leap seconds");
                } else {
                    append(List.of("CLK-LEAP"), "know leap seconds in advance", List.of(Defaults.leapLine(m.kind)));
                }
            }
        }

        void logs() {
            if (!failed("LOG-DIR")) {
                return;
            }
            if (m.logs.isEmpty() || m.logDirPath == null) {
                List<String> add = Defaults.logLines(m.kind).stream().filter(l -> !(m.logDir != null
                        && (l.startsWith("logdir") || l.startsWith("statsdir")))).toList();
                append(List.of("LOG-DIR"), "statistics for the day something goes wrong", add);
            }
            if (live != null && live.logDir() instanceof Observed.Seen<DirState> seen && !seen.value().writable()) {
                actions.add(new RemediationPlan.EnsureDirectory(seen.value().path(), Defaults.users(m.kind), 0755));
                addressed.add("LOG-DIR");
            }
        }

        void host() {
            if (failed("LOG-ROTATE") && m.logDirPath != null) {
                actions.add(new RemediationPlan.WriteFile("/etc/logrotate.d/" + Defaults.logrotateName(m.kind)
                        + "-statistics", LogRotate.text(m.kind, m.logDirPath), 0644));
                addressed.add("LOG-ROTATE");
            }
            if (failed("BOOT-SYNC") && live != null && live.bootSync() instanceof Observed.Seen<BootSync> seen) {
                String unit = seen.value().installed().contains(Defaults.waitUnit(m.kind)) ? Defaults.waitUnit(m.kind)
                        : seen.value().installed().stream().findFirst().orElse(null);
                if (unit != null) {
                    actions.add(new RemediationPlan.EnableUnit(unit));
                    addressed.add("BOOT-SYNC");
                } else {
                    manual.add("BOOT-SYNC: install " + Defaults.waitUnit(m.kind) + " (its package) and enable it");
                }
            }
            if (failed("NET-IPV6") && !m.ipv4Only.isEmpty()) {
                if (m.kind == ConfigKind.NTP) {
                    m.ipv4Only.forEach(l -> commentOut("NET-IPV6", l, "kept the server off IPv6"));
                } else {
                    append(List.of("NET-IPV6"), "serve IPv6 too", List.of("bindaddress ::"));
                }
            }
        }

        /** The line's text as the plan has it so far. */
        String current(Located at) {
            return current(at.line());
        }

        String current(int line) {
            return replaced.getOrDefault(line, lines[line - 1].strip());
        }

        boolean editable(String id, Located at) {
            if (!at.file().equals(m.file) || at.line() < 1 || at.line() > lines.length) {
                manual.add(id + ": edit " + at + (at.line() > 0 ? "" : " (in the file)"));
                return false;
            }
            return true;
        }

        void replace(String id, Located at, String text) {
            if (editable(id, at)) {
                replaced.put(at.line(), text);
                addressed.add(id);
            }
        }

        void commentOut(String id, Located at, String why) {
            if (editable(id, at)) {
                replaced.put(at.line(), "# jntp remediate (" + id + ", " + why + "): " + lines[at.line() - 1].strip());
                addressed.add(id);
            }
        }

        void append(List<String> ids, String what, List<String> add) {
            if (add.isEmpty() || ids.isEmpty()) {
                return;
            }
            appended.computeIfAbsent("# Added by jntp remediate (" + String.join(", ", ids) + "): " + what,
                    k -> new ArrayList<>()).addAll(add);
            addressed.addAll(ids);
        }

        String text() {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < lines.length; i++) {
                sb.append(replaced.getOrDefault(i + 1, lines[i]));
                if (i < lines.length - 1 || endsWithNewline) {
                    sb.append('\n');
                }
            }
            if (!appended.isEmpty() && !endsWithNewline) {
                sb.append('\n');
            }
            appended.forEach((header, add) -> {
                sb.append('\n').append(header).append('\n');
                add.forEach(l -> sb.append(l).append('\n'));
            });
            return sb.toString();
        }
    }
}
