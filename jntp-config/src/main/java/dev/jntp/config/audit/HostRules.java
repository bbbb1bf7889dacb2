// The audit rules about the host: clock discipline files, logs and their rotation, IPv6, boot-time sync, firewall.
package dev.jntp.config.audit;

import dev.jntp.config.audit.LiveFacts.BootSync;
import dev.jntp.config.audit.LiveFacts.DirState;
import dev.jntp.config.audit.LiveFacts.Firewall;
import dev.jntp.config.audit.LiveFacts.Listening;
import dev.jntp.config.audit.LiveFacts.Observed;
import dev.jntp.config.audit.LiveFacts.Rotation;
import dev.jntp.config.audit.Rule.Context;
import dev.jntp.config.convert.ConfigKind;
import java.util.List;

/**
 * The host around the daemon: the drift file keeps the frequency across restarts (without it the first hours
 * after each start are minutes-of-error territory), makestep lets a clock far off at boot be stepped instead of
 * slewed for hours, a leap second table covers sources that do not announce one. Statistics are what an incident
 * is investigated with; they must be written and rotated. A server should answer on IPv6 too, block the boot
 * until it is synchronised, and its firewall should let 123/udp in and little else.
 */
final class HostRules {

    private HostRules() {}

    static Outcome drift(Context c) {
        ServerModel m = c.m();
        if (m.driftFile != null) {
            return new Outcome.Pass(m.driftFile.toString());
        }
        return SourceRules.fail("CLK-DRIFT", Severity.MEDIUM, "No drift file", List.of(m.file + ": no driftfile line"),
                "The clock's frequency error is learnt again after every restart: for the first hours the clock "
                        + "wanders by milliseconds and so does every client's.",
                "Add 'driftfile " + Defaults.driftFile(m.kind) + "'.");
    }

    static Outcome makeStep(Context c) {
        ServerModel m = c.m();
        if (m.kind == ConfigKind.NTP) {
            return new Outcome.NotApplicable("ntpd steps at start by itself (-g)");
        }
        if (m.makeStep != null) {
            return new Outcome.Pass(m.makeStep.toString());
        }
        return SourceRules.fail("CLK-MAKESTEP", Severity.LOW, "The clock is never stepped",
                List.of(m.file + ": no makestep line"), "A clock that boots seconds off (no RTC battery, a restored "
                        + "virtual machine) is slewed at most 0.5 ms per second: hours of wrong time.",
                "Add 'makestep 1 3': step when more than 1 s off, in the first 3 updates only.");
    }

    static Outcome leap(Context c) {
        ServerModel m = c.m();
        List<ServerModel.Source> net = SourceRules.network(m);
        boolean allSmear = !net.isEmpty() && net.stream().allMatch(s -> s.operator().smears());
        if (allSmear) {
            if (m.leapTable == null) {
                return new Outcome.Pass("no leap second table, as smearing sources need");
            }
            return SourceRules.fail("CLK-LEAP", Severity.MEDIUM, "A leap second table with smearing sources",
                    List.of(m.leapTable.toString()), "The sources spread the leap second over a day while the table "
                            + "makes the daemon insert it at midnight: the clock is off by up to a second that day.",
                    "Remove the line: smeared time has no leap second to insert.");
        }
        if (m.leapTable != null) {
            return new Outcome.Pass(m.leapTable.toString());
        }
        return SourceRules.fail("CLK-LEAP", Severity.LOW, "No leap second table", List.of(m.file
                        + ": no " + Defaults.leapDirective(m.kind) + " line"),
                "The next leap second is known only if the sources announce it in time; a table also serves the "
                        + "announcement to clients.",
                "Add '" + Defaults.leapLine(m.kind) + "'.");
    }

    static Outcome logDir(Context c) {
        ServerModel m = c.m();
        if (m.logs.isEmpty()) {
            List<String> ev = m.logDir == null ? List.of(m.file + ": no statistics enabled")
                    : List.of(m.logDir + " (but no file is enabled)");
            return SourceRules.fail("LOG-DIR", Severity.LOW, "No statistics are logged", ev,
                    "When the time goes wrong there is no record of offsets, sources or clock updates to find why.",
                    "Add " + Defaults.logLines(m.kind).stream().map(l -> "'" + l + "'")
                            .reduce((a, b) -> a + " and " + b).orElse("") + ".");
        }
        if (m.logDirPath == null) {
            return SourceRules.fail("LOG-DIR", Severity.LOW, "Statistics without a directory",
                    ServiceRules.strings(m.logs), m.kind == ConfigKind.NTP ? "ntpd writes them to its compiled-in "
                            + "default directory, which may not exist; nothing then records what happened."
                            : "chronyd writes its log files only into a logdir: nothing is recorded.",
                    "Add '" + Defaults.logLines(m.kind).getFirst() + "'.");
        }
        if (c.live() == null || !(c.live().logDir() instanceof Observed.Seen<DirState> seen)) {
            return c.live() == null ? new Outcome.Pass(m.logDirPath + " (its state is checked with --live)")
                    : SourceRules.notChecked(c, c.live().logDir());
        }
        DirState d = seen.value();
        if (d.exists() && d.writable()) {
            return new Outcome.Pass(d.path() + " is writable (" + d.detail() + ")");
        }
        return SourceRules.fail("LOG-DIR", Severity.MEDIUM, d.exists() ? "The statistics directory is not writable"
                : "The statistics directory does not exist", seen.evidence(),
                "The daemon cannot write its statistics: the logs the operator counts on are empty.",
                "Create it, owned by the daemon's user: 'install -d -o USER -m 0755 " + d.path() + "'.");
    }

    static Outcome rotation(Context c) {
        ServerModel m = c.m();
        if (m.logs.isEmpty() || m.logDirPath == null) {
            return new Outcome.NotApplicable("no statistics files");
        }
        if (m.kind == ConfigKind.NTP && m.logsSplitByDay) {
            return new Outcome.NotApplicable("ntpd starts a file a day (filegen type day)");
        }
        if (c.live() == null || !(c.live().rotation() instanceof Observed.Seen<Rotation> seen)) {
            return SourceRules.notChecked(c, c.live() == null ? null : c.live().rotation());
        }
        if (!seen.value().files().isEmpty()) {
            return new Outcome.Pass("rotated by " + String.join(", ", seen.value().files()));
        }
        return SourceRules.fail("LOG-ROTATE", Severity.LOW, "The statistics files are never rotated", seen.evidence(),
                "They grow until the file system is full; a full /var stops more than the time service.",
                "Add a logrotate rule for " + m.logDirPath + " (jntp remediate writes one).");
    }

    static Outcome ipv6(Context c) {
        ServerModel m = c.m();
        if (!m.serves) {
            return new Outcome.NotApplicable("serves no clients");
        }
        if (!m.ipv4Only.isEmpty()) {
            return SourceRules.fail("NET-IPV6", Severity.LOW, "Served on IPv4 only", ServiceRules.strings(m.ipv4Only),
                    "IPv6-only and dual-stack clients that prefer IPv6 cannot use this server.",
                    m.kind == ConfigKind.NTP ? "Remove the line." : "Add 'bindaddress ::' (or remove the "
                            + "bindaddress lines to serve on every address).");
        }
        if (c.live() == null || !(c.live().listening() instanceof Observed.Seen<Listening> seen)) {
            return c.live() == null ? new Outcome.Pass("the configuration serves both families (sockets checked with "
                    + "--live)") : SourceRules.notChecked(c, c.live().listening());
        }
        if (seen.value().ipv6()) {
            return new Outcome.Pass("listening on IPv6" + (seen.value().ipv4() ? " and IPv4" : ""));
        }
        return SourceRules.fail("NET-IPV6", Severity.LOW, "Not listening on IPv6", seen.evidence(),
                "IPv6 clients cannot use this server.", "Check that the host has IPv6 addresses when the daemon "
                        + "starts and that nothing (ntpd -4, a sysctl) turns IPv6 off.");
    }

    static Outcome bootSync(Context c) {
        if (c.live() == null || !(c.live().bootSync() instanceof Observed.Seen<BootSync> seen)) {
            return SourceRules.notChecked(c, c.live() == null ? null : c.live().bootSync());
        }
        if (!seen.value().enabled().isEmpty()) {
            return new Outcome.Pass(String.join(", ", seen.value().enabled()) + " enabled");
        }
        return SourceRules.fail("BOOT-SYNC", Severity.LOW, "The boot does not wait for synchronisation",
                seen.evidence(), "Services that start after time-sync.target (databases, Kerberos, TLS clients) "
                        + "may start with the clock still wrong.",
                "Enable the wait unit: " + (seen.value().installed().isEmpty() ? Defaults.waitUnit(c.m().kind)
                        : String.join(" or ", seen.value().installed())) + " (systemctl enable).");
    }

    static Outcome firewallNtp(Context c) {
        if (c.live() == null || !(c.live().firewall() instanceof Observed.Seen<Firewall> seen)) {
            return SourceRules.notChecked(c, c.live() == null ? null : c.live().firewall());
        }
        Firewall f = seen.value();
        if (!f.active()) {
            return new Outcome.NotApplicable(f.tool() + " is not filtering");
        }
        if (!c.m().serves) {
            return new Outcome.NotApplicable("serves no clients");
        }
        if (f.ntpOpen()) {
            return new Outcome.Pass(f.tool() + " lets 123/udp in");
        }
        return SourceRules.fail("FW-NTP", Severity.HIGH, "The firewall blocks NTP", seen.evidence(),
                "The daemon is configured to serve, but " + f.tool() + " drops its clients' requests.",
                switch (f.tool()) {
                    case "ufw" -> "ufw allow from SUBNET to any port 123 proto udp";
                    case "firewalld" -> "firewall-cmd --permanent --add-service=ntp && firewall-cmd --reload";
                    default -> "Add 'udp dport 123 accept' to the input chain (nft add rule inet filter input "
                            + "udp dport 123 accept).";
                });
    }

    static Outcome firewallExtra(Context c) {
        if (c.live() == null || !(c.live().firewall() instanceof Observed.Seen<Firewall> seen)) {
            return SourceRules.notChecked(c, c.live() == null ? null : c.live().firewall());
        }
        Firewall f = seen.value();
        if (!f.active()) {
            return new Outcome.NotApplicable(f.tool() + " is not filtering");
        }
        if (f.otherOpen().isEmpty()) {
            return new Outcome.Pass("only NTP and SSH are let in");
        }
        return SourceRules.fail("FW-EXTRA", Severity.LOW, "The firewall lets in more than NTP and SSH",
                seen.evidence(), "Every open service of a time server is attack surface its job does not need ("
                        + String.join(", ", f.otherOpen()) + ").",
                "Remove what the server does not need, e.g. firewall-cmd --permanent --remove-service=cockpit.");
    }
}
