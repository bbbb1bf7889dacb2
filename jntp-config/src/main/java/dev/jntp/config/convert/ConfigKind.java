// Which program a configuration file is written for: chronyd, ntpd (or NTPsec) or jntp; told from its name or words.
package dev.jntp.config.convert;

import dev.jntp.config.ConfigLines;
import dev.jntp.config.ConfigParser;
import dev.jntp.config.UnsupportedDirectives;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/** The three syntaxes jntp reads. chrony's and jntp's are one syntax; jntp's directives are a subset plus a few. */
public enum ConfigKind {
    /** chrony.conf, for chronyd. */
    CHRONY,
    /** ntp.conf, for ntpd or NTPsec's ntpd. */
    NTP,
    /** jntp.conf. */
    JNTP;

    /** Commands only ntp.conf has. */
    private static final Set<String> NTP_ONLY = Set.of("restrict", "fudge", "tinker", "tos", "keys", "trustedkey",
            "requestkey", "controlkey", "includefile", "interface", "nic", "enable", "disable", "leapfile",
            "logfile", "logconfig", "crypto", "broadcastclient", "multicastclient", "manycastclient",
            "manycastserver", "unrestrict", "setvar", "discard", "mru", "nts");
    /** Directives only chrony.conf (and so jntp.conf) has. */
    private static final Set<String> CHRONY_ONLY = Set.of("allow", "deny", "makestep", "rtcsync", "keyfile",
            "cmdallow", "cmddeny", "local", "logdir", "leapsectz", "leapseclist", "ratelimit", "hwtimestamp",
            "confdir", "include", "sourcedir", "maxupdateskew", "bindcmdaddress", "bindaddress", "ntsserverkey",
            "ntsservercert", "ntsdumpdir", "cmdport", "log", "minsources", "maxdistance", "maxslewrate",
            "clientloglimit", "rtconutc", "rtcfile", "initstepslew", "user", "pidfile");
    /** Directives only jntp.conf has. */
    private static final Set<String> JNTP_ONLY = Set.of("metricsport", "bindmetricsaddress");

    /** The name used on the command line and in reports: chrony, ntp, jntp. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The kind of a label, any case. */
    public static Optional<ConfigKind> ofLabel(String label) {
        for (ConfigKind k : values()) {
            if (k.label().equalsIgnoreCase(label)) {
                return Optional.of(k);
            }
        }
        return Optional.empty();
    }

    /**
     * The kind of a file: by its name (starting or ending with {@code ntp.conf}, {@code chrony.conf}, {@code jntp.conf};
     * {@code *.sources}),
     * else by the directives only one syntax has, else jntp (a file of server, pool and driftfile lines means the
     * same in all three, except that ntpd serves everyone without {@code restrict} lines: name such a file, or pass
     * the kind). A chrony.conf-syntax file is chrony's when it uses a directive jntp does not implement.
     */
    public static ConfigKind detect(String fileName, String text) {
        String name = fileName.replace('\\', '/');
        name = name.substring(name.lastIndexOf('/') + 1).toLowerCase(Locale.ROOT);
        if (name.startsWith("jntp") || name.endsWith("jntp.conf")) {
            return JNTP;
        }
        if (name.startsWith("chrony") || name.endsWith("chrony.conf") || name.endsWith(".sources")) {
            return CHRONY;
        }
        if (name.startsWith("ntp") || name.endsWith("ntp.conf")) {
            return NTP;
        }
        List<String> words = ConfigLines.of(text).stream().map(ConfigLines.Line::directive).toList();
        if (words.stream().anyMatch(JNTP_ONLY::contains)) {
            return JNTP;
        }
        long ntp = words.stream().filter(NTP_ONLY::contains).count();
        long chrony = words.stream().filter(CHRONY_ONLY::contains).count();
        if (ntp > chrony) {
            return NTP;
        }
        boolean chronyOnly = words.stream().anyMatch(w -> UnsupportedDirectives.CHRONY_DIRECTIVES.contains(w)
                && !ConfigParser.supports(w));
        return chronyOnly ? CHRONY : JNTP;
    }
}
