// The --live probe of the time daemon's own state: jntp's control socket, chronyc's CSV reports, or ntpd's mode 6.
package dev.jntp.cli.audit;

import dev.jntp.cli.HostPort;
import dev.jntp.cli.check.DaemonProbe;
import dev.jntp.cli.check.NtpdProbe;
import dev.jntp.cli.check.Observation;
import dev.jntp.cli.check.Probe;
import dev.jntp.config.ConfigLines;
import dev.jntp.config.JntpConfig;
import dev.jntp.config.audit.LiveFacts.DaemonState;
import dev.jntp.config.audit.LiveFacts.Observed;
import dev.jntp.config.convert.ConfigKind;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Reads only: jntp's {@code health} command over its control socket (as {@code jntp check}); {@code chronyc -n -c
 * tracking} and {@code sources} (chrony's command port on localhost answers them without privileges); ntpd's
 * READSTAT and READVAR over mode 6 to localhost (as {@code ntpq}). Under {@code --root} the host is not this one:
 * only jntp's socket given with {@code --socket} is read.
 */
final class DaemonStateProbe {

    static final Duration LIMIT = Duration.ofSeconds(5);

    private DaemonStateProbe() {}

    static Observed<DaemonState> probe(AuditTarget t, Path socket) {
        ConfigKind kind = t.kind();
        if (!t.root().isSystem() && !(kind == ConfigKind.JNTP && socket != null)) {
            return new Observed.Skipped<>("--root is not the running host"
                    + (kind == ConfigKind.JNTP ? " (give --socket to read a jntp daemon)" : ""));
        }
        try {
            return switch (kind) {
                case JNTP -> {
                    Path s = socket != null ? socket : controlSocket(t.text());
                    Observation o = Probe.observe(new DaemonProbe(s), LIMIT);
                    yield seen(o, "jntp daemon at " + s);
                }
                case NTP -> {
                    Observation o = Probe.observe(new NtpdProbe(new HostPort("127.0.0.1", t.model().port()),
                            (int) LIMIT.toMillis()), LIMIT);
                    yield seen(o, "ntpd at 127.0.0.1 (mode 6)");
                }
                case CHRONY -> chrony();
            };
        } catch (Probe.ProbeException e) {
            return new Observed.Skipped<>(e.getMessage());
        }
    }

    /** The socket of the configuration's bindcmdaddress, else jntp's default. */
    static Path controlSocket(String text) {
        return ConfigLines.of(text).stream().filter(l -> l.directive().equals("bindcmdaddress") && l.args().size() == 1
                && l.args().getFirst().startsWith("/")).map(l -> Path.of(l.args().getFirst())).reduce((a, b) -> b)
                .orElse(JntpConfig.DEFAULT_CONTROL_SOCKET);
    }

    private static Observed<DaemonState> seen(Observation o, String where) {
        DaemonState d = new DaemonState(o.synchronised(), Math.max(0, o.stratum()), o.offset(), Math.max(0, o.sources()),
                Math.max(0, o.reachable()));
        return new Observed.Seen<>(d, List.of(evidence(d, where)));
    }

    static String evidence(DaemonState d, String where) {
        return String.format(Locale.ROOT, "%s: %s, stratum %d, offset %.6f s, %d of %d sources reachable", where,
                d.synchronised() ? "synchronised" : "not synchronised", d.stratum(), d.offset(), d.reachable(),
                d.sources());
    }

    private static Observed<DaemonState> chrony() throws Probe.ProbeException {
        Optional<Path> chronyc = Commands.find("chronyc");
        if (chronyc.isEmpty()) {
            return new Observed.Skipped<>("chronyc is not installed");
        }
        try {
            String tracking = Commands.run(List.of(chronyc.get().toString(), "-n", "-c", "tracking"), LIMIT);
            String sources = Commands.run(List.of(chronyc.get().toString(), "-n", "-c", "sources"), LIMIT);
            return chrony(tracking, sources);
        } catch (IOException e) {
            throw new Probe.ProbeException(e.getMessage() + " (is chronyd running?)");
        }
    }

    /**
     * chronyc's CSV: tracking's fields 3 (stratum), 5 (system time offset, seconds, positive when the clock is
     * slow, as chronyc prints "slow of NTP time") and 14 (leap status); sources' field 6 (reach, octal).
     */
    static Observed<DaemonState> chrony(String tracking, String sources) throws Probe.ProbeException {
        String[] t = tracking.strip().split(",", -1);
        if (t.length < 14) {
            throw new Probe.ProbeException("chronyc -c tracking gave " + t.length + " fields: " + tracking.strip());
        }
        int stratum;
        double offset;
        try {
            stratum = Integer.parseInt(t[2]);
            offset = Double.parseDouble(t[4]);
        } catch (NumberFormatException e) {
            throw new Probe.ProbeException("chronyc -c tracking: " + tracking.strip());
        }
        boolean synced = !t[13].strip().equalsIgnoreCase("Not synchronised") && stratum >= 1 && stratum <= 15;
        int count = 0;
        int reachable = 0;
        for (String line : sources.lines().toList()) {
            String[] f = line.split(",", -1);
            if (f.length >= 6) {
                count++;
                if (!f[5].matches("0*")) {
                    reachable++;
                }
            }
        }
        DaemonState d = new DaemonState(synced, stratum, offset, count, reachable);
        return new Observed.Seen<>(d, List.of(evidence(d, "chronyc tracking and sources")));
    }
}
