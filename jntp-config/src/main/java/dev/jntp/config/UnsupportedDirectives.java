// chrony.conf directives jntp does not implement, each with what to do instead; one entry a line, so it shrinks easily.
package dev.jntp.config;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The directives of chrony.conf(5) (chrony 4.x, conf.c) that jntp does not implement and is not about to,
 * each with the advice printed beside {@code FILE:LINE}. The parser looks here only for a directive it does not
 * know, so a directive that becomes supported shadows its entry here: delete the entry when it does. Directives
 * being implemented right now (peer, rtcsync, keyfile, ratelimit, the NTS server's) are in ConfigParser's own
 * list; every other word is an unknown directive.
 */
public final class UnsupportedDirectives {

    /** Every directive chrony 4.x reads (its conf.c), including those it ignores as obsolete. */
    public static final Set<String> CHRONY_DIRECTIVES = Set.of("acquisitionport", "allow", "authselectmode",
            "bindacqaddress", "bindacqdevice", "bindaddress", "bindcmdaddress", "bindcmddevice", "binddevice",
            "broadcast", "clientloglimit", "clockprecision", "cmdallow", "cmddeny", "cmdport", "cmdratelimit",
            "combinelimit", "commandkey", "confdir", "corrtimeratio", "deny", "driftfile", "dscp", "dumpdir",
            "dumponexit", "fallbackdrift", "generatecommandkey", "hwclockfile", "hwtimestamp", "hwtstimeout",
            "include", "initstepslew", "keyfile", "leapsecmode", "leapseclist", "leapsectz", "linux_freq_scale",
            "linux_hz", "local", "lock_all", "log", "logbanner", "logchange", "logdir", "mailonchange", "makestep",
            "manual", "maxchange", "maxclockerror", "maxdistance", "maxdrift", "maxjitter", "maxntsconnections",
            "maxsamples", "maxslewrate", "maxstratum", "maxtxbuffers", "maxupdateskew", "minsamples", "minsources",
            "minstratum", "nocerttimecheck", "noclientlog", "nosystemcert", "ntpsigndsocket", "ntsaeads",
            "ntscachedir", "ntsdumpdir", "ntsntpserver", "ntsport", "ntsprocesses", "ntsratelimit", "ntsrefresh",
            "ntsrotate", "ntsservercert", "ntsserverkey", "ntstrustedcerts", "opencommands", "peer", "pidfile",
            "pool", "port", "ptpdomain", "ptpport", "ratelimit", "refclock", "refresh", "reselectdist",
            "rtcautotrim", "rtcdevice", "rtcfile", "rtconutc", "rtcsync", "sched_priority", "server", "smoothtime",
            "sourcedir", "stratumweight", "tempcomp", "user");

    private static final String NTS = "remove it for now; jntp's NTS does not take this setting";
    private static final String FIXED = "remove it; jntp uses a fixed value for this";
    private static final String RTC = "remove it; jntp does not track the real-time clock (the kernel's 11-minute "
            + "mode copies the system time to it while jntp keeps the clock synchronised)";
    private static final String DEVICE = "remove it; choose addresses with 'bindaddress' instead of devices";
    private static final String OBSOLETE = "remove it; chrony itself no longer reads it";

    private static final Map<String, String> TABLE = Map.ofEntries(
            Map.entry("acquisitionport", "remove it; jntp sends each request from a fresh random port (RFC 9109)"),
            Map.entry("authselectmode", "remove it; jntp has no authentication selection modes"),
            Map.entry("bindacqaddress", "remove it; requests leave from the address the routing table picks"),
            Map.entry("bindacqdevice", DEVICE),
            Map.entry("bindcmddevice", "remove it; jntp's control socket is a Unix socket ('bindcmdaddress PATH')"),
            Map.entry("binddevice", DEVICE),
            Map.entry("broadcast", "remove it; jntp does not send broadcasts: give clients a 'server' line for it"),
            Map.entry("clockprecision", "remove it; jntp takes the kernel's time stamps"),
            Map.entry("cmdratelimit", "remove it; jntp rate-limits ntpq queries per address by itself"),
            Map.entry("combinelimit", FIXED),
            Map.entry("commandkey", OBSOLETE),
            Map.entry("corrtimeratio", FIXED),
            Map.entry("dscp", "remove it; mark NTP packets with an nftables rule if the network needs it"),
            Map.entry("dumpdir", "remove it; jntp keeps measurements in memory (the driftfile keeps the frequency)"),
            Map.entry("dumponexit", OBSOLETE),
            Map.entry("fallbackdrift", "remove it; without sources jntp keeps the last frequency"),
            Map.entry("generatecommandkey", OBSOLETE),
            Map.entry("hwclockfile", RTC),
            Map.entry("hwtimestamp", "remove it; jntp uses the kernel's software time stamps"),
            Map.entry("hwtstimeout", "remove it; jntp uses the kernel's software time stamps"),
            Map.entry("initstepslew", "use 'makestep 1 3' with 'iburst' sources"),
            Map.entry("leapsecmode", "remove it; the kernel inserts leap seconds (monitor mode: jntp in the served "
                    + "time); jntp does not smear them"),
            Map.entry("linux_freq_scale", OBSOLETE),
            Map.entry("linux_hz", OBSOLETE),
            Map.entry("lock_all", "remove it; the JVM's memory is not locked"),
            Map.entry("logchange", "remove it; run 'jntp check' from a timer (dist/systemd/jntp-check.timer) to "
                    + "alert on offsets"),
            Map.entry("mailonchange", "remove it; run 'jntp check' from a timer and alert from its exit status"),
            Map.entry("manual", "remove it; jntp has no manual time input"),
            Map.entry("maxchange", "remove it; 'jntp check -c SECONDS' alerts on large offsets"),
            Map.entry("maxclockerror", FIXED),
            Map.entry("maxdrift", FIXED),
            Map.entry("maxjitter", FIXED),
            Map.entry("maxntsconnections", NTS),
            Map.entry("maxsamples", FIXED),
            Map.entry("maxstratum", FIXED),
            Map.entry("maxtxbuffers", "remove it; jntp has no hardware time stamping"),
            Map.entry("minsamples", FIXED),
            Map.entry("minstratum", FIXED),
            Map.entry("nocerttimecheck", NTS),
            Map.entry("noclientlog", "write 'clientloglimit 0'"),
            Map.entry("nosystemcert", NTS),
            Map.entry("ntpsigndsocket", "remove it; jntp does not sign replies for Samba (MS-SNTP)"),
            Map.entry("ntsaeads", NTS),
            Map.entry("ntscachedir", NTS),
            Map.entry("ntsntpserver", NTS),
            Map.entry("ntsport", NTS),
            Map.entry("ntsprocesses", NTS),
            Map.entry("ntsratelimit", NTS),
            Map.entry("ntsrefresh", NTS),
            Map.entry("ntsrotate", NTS),
            Map.entry("ntstrustedcerts", NTS),
            Map.entry("opencommands", "remove it; changes over the control socket are open to root and the "
                    + "daemon's user only"),
            Map.entry("ptpdomain", "remove it; jntp does not carry NTP over PTP"),
            Map.entry("ptpport", "remove it; jntp does not carry NTP over PTP"),
            Map.entry("refclock", "remove it; jntp has no reference clocks: run the clock's driver in chronyd or "
                    + "ntpd and give jntp a 'server' line for it"),
            Map.entry("refresh", "remove it; jntp resolves a name again when a member of it is replaced"),
            Map.entry("reselectdist", FIXED),
            Map.entry("rtcautotrim", RTC),
            Map.entry("rtcdevice", RTC),
            Map.entry("rtcfile", RTC),
            Map.entry("rtconutc", RTC),
            Map.entry("sched_priority", "remove it; set CPUSchedulingPolicy= in the systemd unit if needed"),
            Map.entry("smoothtime", "remove it; jntp does not smear time"),
            Map.entry("stratumweight", FIXED),
            Map.entry("tempcomp", "remove it; jntp has no temperature compensation"),
            Map.entry("user", "remove it; the systemd unit runs jntp as its own user (dist/systemd/jntp.service)"));

    private UnsupportedDirectives() {}

    /** What to do instead of {@code directive} (any case), or null when it is not one of chrony's unsupported ones. */
    static String fix(String directive) {
        return TABLE.get(directive.toLowerCase(Locale.ROOT));
    }

    /** The advice for an unsupported chrony directive, for tools that read chrony.conf (config check, audit). */
    public static Optional<String> advice(String directive) {
        return Optional.ofNullable(fix(directive));
    }
}
