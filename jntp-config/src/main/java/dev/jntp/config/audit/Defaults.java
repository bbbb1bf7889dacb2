// Each daemon's customary paths, users and units, for the audit's advice and the remediation's additions.
package dev.jntp.config.audit;

import dev.jntp.config.convert.ConfigKind;
import java.util.List;

/** Debian's and Red Hat's packaging conventions where they agree; jntp's from dist/. */
public final class Defaults {

    private Defaults() {}

    /** The drift file. */
    static String driftFile(ConfigKind kind) {
        return switch (kind) {
            case CHRONY -> "/var/lib/chrony/drift";
            case NTP -> "/var/lib/ntp/ntp.drift";
            case JNTP -> "/var/lib/jntp/drift";
        };
    }

    /** The directive of a leap second table. */
    static String leapDirective(ConfigKind kind) {
        return switch (kind) {
            case CHRONY -> "leapsectz";
            case NTP -> "leapfile";
            case JNTP -> "leapseclist";
        };
    }

    /** A leap second table line. */
    static String leapLine(ConfigKind kind) {
        return switch (kind) {
            case CHRONY -> "leapsectz right/UTC";
            case NTP -> "leapfile /usr/share/zoneinfo/leap-seconds.list";
            case JNTP -> "leapseclist /usr/share/zoneinfo/leap-seconds.list";
        };
    }

    /** The statistics directory. */
    public static String logDir(ConfigKind kind) {
        return switch (kind) {
            case CHRONY -> "/var/log/chrony";
            case NTP -> "/var/log/ntpstats";
            case JNTP -> "/var/log/jntp";
        };
    }

    /** The lines that turn statistics on, directory first. */
    static List<String> logLines(ConfigKind kind) {
        return switch (kind) {
            case CHRONY, JNTP -> List.of("logdir " + logDir(kind), "log measurements statistics tracking");
            case NTP -> List.of("statsdir /var/log/ntpstats/", "statistics loopstats peerstats",
                    "filegen loopstats file loopstats type day enable",
                    "filegen peerstats file peerstats type day enable");
        };
    }

    /** The unit that waits for synchronisation at boot. */
    public static String waitUnit(ConfigKind kind) {
        return switch (kind) {
            case CHRONY -> "chrony-wait.service";
            case NTP -> "ntp-wait.service";
            case JNTP -> "jntp-wait.service";
        };
    }

    /** Every wait unit the probe looks for. */
    public static final List<String> WAIT_UNITS = List.of("chrony-wait.service", "ntp-wait.service",
            "ntpsec-wait.service", "jntp-wait.service", "systemd-time-wait-sync.service");

    /** The users the daemon runs as, in the order they are looked up in /etc/passwd. */
    public static List<String> users(ConfigKind kind) {
        return switch (kind) {
            case CHRONY -> List.of("_chrony", "chrony");
            case NTP -> List.of("ntpsec", "ntp");
            case JNTP -> List.of("jntp");
        };
    }

    /** The logrotate file's name in /etc/logrotate.d. */
    public static String logrotateName(ConfigKind kind) {
        return switch (kind) {
            case CHRONY -> "chrony";
            case NTP -> "ntp";
            case JNTP -> "jntp";
        };
    }

    /** Where the daemon's configuration usually is, most likely first. */
    public static List<String> configPaths(ConfigKind kind) {
        return switch (kind) {
            case CHRONY -> List.of("/etc/chrony/chrony.conf", "/etc/chrony.conf");
            case NTP -> List.of("/etc/ntpsec/ntp.conf", "/etc/ntp.conf");
            case JNTP -> List.of("/etc/jntp/jntp.conf");
        };
    }
}
