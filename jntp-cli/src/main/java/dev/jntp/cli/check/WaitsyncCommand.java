// 'jntp waitsync': blocks until the local daemon follows a source (and its correction is small), as chronyc waitsync.
package dev.jntp.cli.check;

import dev.jntp.config.JntpConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.locks.LockSupport;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * chronyc's waitsync rule: asks the daemon every {@code --interval} seconds and succeeds once it is synchronised to a
 * real reference (the local clock does not count) and, with {@code --max-offset}, the remaining correction of the
 * system clock is within it. A daemon that cannot be reached yet (still starting at boot) is one more failed try,
 * not an error. Each try prints chronyc's line ({@code try: N, refid: ..., correction: ...}).
 */
@Command(name = "waitsync", mixinStandardHelpOptions = true,
        description = {"Wait until the daemon is synchronised to a source (as chronyc waitsync); for boot, before "
                + "time-sync.target.",
            "Exit status: 0 synchronised, 1 not within --timeout, 2 usage."})
public final class WaitsyncCommand implements Callable<Integer> {

    /** One try gives up after this long, so that a hung daemon is a failed try rather than a hung boot. */
    static final Duration PROBE_LIMIT = Duration.ofSeconds(10);

    @Option(names = "--socket", paramLabel = "PATH",
            description = "the daemon's control socket (default /run/jntp/jntp.sock)")
    Path socket = JntpConfig.DEFAULT_CONTROL_SOCKET;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "0",
            description = "give up after this long; 0 waits without limit (default ${DEFAULT-VALUE})")
    double timeout;

    @Option(names = "--max-offset", paramLabel = "SECONDS", defaultValue = "0",
            description = "also wait until the system clock's remaining correction is at most this; 0 does not "
                    + "check (default ${DEFAULT-VALUE})")
    double maxOffset;

    @Option(names = "--interval", paramLabel = "SECONDS", defaultValue = "10",
            description = "time between tries, at least 0.1 (default ${DEFAULT-VALUE})")
    double interval;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** chronyc's condition: synchronised to a source, and the remaining correction within {@code maxOffset} (0: any). */
    static boolean satisfied(Observation o, double maxOffset) {
        return o.synchronised() && (maxOffset == 0 || Math.abs(o.offset()) <= maxOffset);
    }

    @Override
    public Integer call() {
        if (!(timeout >= 0 && timeout <= 1e9) || !(maxOffset >= 0 && maxOffset <= 1e9)
                || !(interval >= 0.1 && interval <= 86_400)) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--timeout and --max-offset must be 0 or more, --interval 0.1 to 86400 seconds");
        }
        DaemonProbe probe = new DaemonProbe(socket);
        long start = System.nanoTime();
        long limit = (long) (timeout * 1e9);
        String last = "";
        for (int i = 1; ; i++) {
            try {
                Observation o = Probe.observe(probe, PROBE_LIMIT);
                double correction = Math.abs(o.offset());
                System.out.printf(Locale.ROOT, "try: %d, refid: %s, correction: %.9f%s%n", i,
                        o.reference().isEmpty() ? "-" : o.reference(), correction,
                        o.synchronised() ? "" : o.localReference() ? ", serving the local clock"
                                : ", not synchronised" + (o.alarm().isEmpty() ? "" : " (" + o.alarm() + ")"));
                if (satisfied(o, maxOffset)) {
                    return 0;
                }
                last = !o.synchronised() ? (o.localReference() ? "serving the local clock, no source selected"
                        : "not synchronised" + (o.alarm().isEmpty() ? "" : " (" + o.alarm() + ")"))
                        : String.format(Locale.ROOT, "correction %.9f s above --max-offset %s", correction, maxOffset);
            } catch (Probe.ProbeException e) {
                System.out.printf(Locale.ROOT, "try: %d, %s%n", i, e.getMessage());
                last = e.getMessage();
            }
            long elapsed = System.nanoTime() - start;
            if (timeout > 0 && elapsed >= limit) {
                System.err.printf(Locale.ROOT, "jntp waitsync: not synchronised after %.1f s (%d tries): %s%n",
                        elapsed / 1e9, i, last);
                return 1;
            }
            long pause = (long) (interval * 1e9);
            LockSupport.parkNanos(timeout > 0 ? Math.min(pause, limit - elapsed) : pause);
        }
    }
}
