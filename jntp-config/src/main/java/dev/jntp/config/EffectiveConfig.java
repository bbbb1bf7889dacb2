// Prints the configuration a jntp.conf takes effect as, like 'chronyd -p': its directives, then the defaults in force.
package dev.jntp.config;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The text {@code jntp config check} prints for a valid file. Like {@code chronyd -p} it gives every
 * directive of the file, one a line, comments and extra blanks removed; unlike it, it then gives the
 * directives the file leaves out with the value jntp uses for them (each marked {@code # default}), and
 * says in comments what having none of some directives means (no {@code allow}: nobody is served). The
 * whole text is itself a jntp.conf that configures the same daemon.
 */
public final class EffectiveConfig {

    private EffectiveConfig() {}

    /** The effective configuration of {@code text}, which must have parsed to {@code config}. */
    public static String print(String text, JntpConfig config) {
        List<ConfigLines.Line> lines = ConfigLines.of(text);
        Set<String> given = lines.stream().map(ConfigLines.Line::directive).collect(Collectors.toSet());
        StringBuilder out = new StringBuilder();
        out.append("# effective configuration of ").append(config.source()).append('\n');
        for (ConfigLines.Line l : lines) {
            out.append(l.text()).append('\n');
        }
        List<String> defaults = new ArrayList<>();
        defaultLine(defaults, given, "port", Integer.toString(JntpConfig.DEFAULT_PORT));
        SyncSettings sync = config.sync();
        defaultLine(defaults, given, "minsources", Integer.toString(sync.minSources()));
        defaultLine(defaults, given, "maxdistance", number(sync.maxDistance()));
        defaultLine(defaults, given, "maxslewrate", number(sync.maxSlewRate()));
        defaultLine(defaults, given, "clientloglimit", Long.toString(config.clientLogLimit()));
        defaultLine(defaults, given, "bindcmdaddress", config.controlSocketPath().map(Object::toString).orElse("/"));
        defaultLine(defaults, given, "metricsport", Integer.toString(config.metrics().port()));
        defaultLine(defaults, given, "bindmetricsaddress", config.metrics().address().getHostAddress());
        StatsLogs logs = config.statsLogs();
        if (logs.enabled() && !given.contains("logdir") && !given.contains("statsdir")) {
            defaults.add("logdir " + logs.directory() + "  # default");
        }
        if (!logs.chronyLogs().isEmpty()) {
            defaultLine(defaults, given, "logbanner", Integer.toString(logs.banner()));
        }
        if (!defaults.isEmpty()) {
            out.append("# not in the file, in force by default:\n");
            defaults.forEach(d -> out.append(d).append('\n'));
        }
        for (String note : notes(given, config)) {
            out.append("# ").append(note).append('\n');
        }
        return out.toString();
    }

    private static void defaultLine(List<String> out, Set<String> given, String directive, String value) {
        if (!given.contains(directive)) {
            out.add(directive + " " + value + "  # default");
        }
    }

    /** What the absence of some directives means. */
    private static List<String> notes(Set<String> given, JntpConfig config) {
        List<String> notes = new ArrayList<>();
        if (config.port() == 0) {
            notes.add("port 0: no NTP server, client only");
        } else if (config.bindAddresses().isEmpty()) {
            notes.add("no bindaddress: serving on every address of IPv4 and IPv6");
        }
        if (config.port() != 0 && config.accessRules().stream().noneMatch(AccessRule::allow)) {
            notes.add("no allow: no client is served" + (config.localReference().isPresent() ? "" : " but this host"));
        }
        if (config.sources().isEmpty() && config.sourceDirs().isEmpty()) {
            notes.add("no server, pool or sourcedir: the clock is not synchronised"
                    + (config.localReference().isPresent() ? "; the local clock is served" : ""));
        }
        if (!given.contains("makestep")) {
            notes.add("no makestep: the clock is only slewed, never stepped");
        }
        if (!given.contains("driftfile")) {
            notes.add("no driftfile: the frequency is learnt again at every start");
        }
        if (!given.contains("leapsectz") && !given.contains("leapseclist")) {
            notes.add("no leapsectz or leapseclist: leap seconds come from the sources only");
        }
        return notes;
    }

    /** A number as jntp.conf takes it back exactly: plain decimal, no exponent. */
    static String number(double d) {
        return BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
    }
}
