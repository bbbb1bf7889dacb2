// 'jntp check': a Nagios/Icinga plugin and systemd timer health check of the local daemon, any NTP server, or ntpd.
package dev.jntp.cli.check;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.jntp.cli.HostPort;
import dev.jntp.config.JntpConfig;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Prints one line, {@code STATE: SUMMARY - FIGURES | PERFDATA}, and exits with the plugin code (Monitoring Plugins
 * development guidelines): 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN (also for usage errors). The option letters are
 * check_ntp_peer's where it has the same threshold.
 */
@Command(name = "check", mixinStandardHelpOptions = true, exitCodeOnInvalidInput = 3, exitCodeOnExecutionException = 3,
        description = {"Health check in the Nagios plugin format: one line of state, figures and perfdata.",
            "Looks at the local daemon (control socket, the default), at any NTP server (--server) or at an ntpd "
                    + "through mode 6 (--ntpd). Thresholds are Nagios ranges: N alerts above N, N: below N, "
                    + "M:N outside M..N, @M:N inside.",
            "Exit status: 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN (and usage errors)."})
public final class CheckCommand implements Callable<Integer> {

    /** Which service to look at; the local daemon when none is given. */
    static final class Target {
        @Option(names = "--socket", paramLabel = "PATH",
                description = "the local daemon's control socket (default /run/jntp/jntp.sock)")
        Path socket;

        @Option(names = "--server", paramLabel = "HOST[:PORT]",
                description = "check any NTP server over the wire (offset of this host's clock to it)")
        String server;

        @Option(names = "--ntpd", paramLabel = "HOST[:PORT]",
                description = "check an ntpd (or NTPsec) through mode 6 (system variables and associations)")
        String ntpd;
    }

    @ArgGroup(exclusive = true)
    Target target = new Target();

    @Option(names = {"-w", "--warning"}, paramLabel = "RANGE", defaultValue = CheckPolicy.OFFSET_WARNING,
            converter = NagiosRange.Converter.class, description = "absolute offset, seconds (default ${DEFAULT-VALUE})")
    NagiosRange offsetWarning;

    @Option(names = {"-c", "--critical"}, paramLabel = "RANGE", defaultValue = CheckPolicy.OFFSET_CRITICAL,
            converter = NagiosRange.Converter.class, description = "absolute offset, seconds (default ${DEFAULT-VALUE})")
    NagiosRange offsetCritical;

    @Option(names = {"-W", "--stratum-warning"}, paramLabel = "RANGE", converter = NagiosRange.Converter.class,
            description = "stratum (e.g. 3 warns above 3)")
    NagiosRange stratumWarning;

    @Option(names = {"-C", "--stratum-critical"}, paramLabel = "RANGE", converter = NagiosRange.Converter.class,
            description = "stratum")
    NagiosRange stratumCritical;

    @Option(names = {"-m", "--sources-warning"}, paramLabel = "RANGE", converter = NagiosRange.Converter.class,
            description = "reachable sources (e.g. 3: warns below 3); not with --server")
    NagiosRange sourcesWarning;

    @Option(names = {"-n", "--sources-critical"}, paramLabel = "RANGE", converter = NagiosRange.Converter.class,
            description = "reachable sources (e.g. 1: is critical with none); not with --server")
    NagiosRange sourcesCritical;

    @Option(names = "--update-warning", paramLabel = "RANGE", defaultValue = CheckPolicy.UPDATE_WARNING,
            converter = NagiosRange.Converter.class,
            description = "seconds since the clock was last updated (default ${DEFAULT-VALUE})")
    NagiosRange updateWarning;

    @Option(names = "--update-critical", paramLabel = "RANGE", defaultValue = CheckPolicy.UPDATE_CRITICAL,
            converter = NagiosRange.Converter.class,
            description = "seconds since the clock was last updated (default ${DEFAULT-VALUE})")
    NagiosRange updateCritical;

    @Option(names = "--leap-alarm", paramLabel = "STATE", defaultValue = "CRITICAL",
            description = "state when not synchronised (leap alarm): CRITICAL or WARNING (default ${DEFAULT-VALUE})")
    CheckState leapAlarm;

    @Option(names = {"-q", "--quiet"},
            description = "UNKNOWN instead of CRITICAL or WARNING when the service is not synchronised or cannot be read")
    boolean quiet;

    @Option(names = {"-t", "--timeout"}, paramLabel = "SECONDS", defaultValue = "10",
            description = "give up after this long (default ${DEFAULT-VALUE})")
    double timeout;

    @Option(names = "--count", paramLabel = "N", defaultValue = "3",
            description = "requests to send with --server; the reply with the lowest delay counts (default ${DEFAULT-VALUE})")
    int count;

    @Option(names = "--json", description = "print JSON instead of the plugin line (same exit status)")
    boolean json;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        validate();
        CheckPolicy policy = new CheckPolicy(offsetWarning, offsetCritical, stratumWarning, stratumCritical,
                sourcesWarning, sourcesCritical, updateWarning, updateCritical, leapAlarm, quiet);
        Verdict v;
        try {
            v = policy.evaluate(Probe.observe(probe(), Duration.ofMillis(timeoutMillis())));
        } catch (Probe.ProbeException e) {
            v = policy.failure(e.getMessage());
        }
        if (json) {
            printJson(System.out, v);
        } else {
            System.out.println(v.line());
        }
        return v.state().exitCode();
    }

    private long timeoutMillis() {
        return (long) Math.ceil(timeout * 1000);
    }

    private void validate() {
        if (!(timeout > 0 && timeout <= 300)) {
            throw usage("--timeout must be more than 0 and at most 300 seconds");
        }
        if (count < 1 || count > 16) {
            throw usage("--count must be 1 to 16");
        }
        if (leapAlarm != CheckState.CRITICAL && leapAlarm != CheckState.WARNING) {
            throw usage("--leap-alarm must be CRITICAL or WARNING");
        }
        if (target.server != null && (sourcesWarning != null || sourcesCritical != null)) {
            throw usage("--sources-warning/--sources-critical need --socket or --ntpd: an NTP reply does not say "
                    + "how many sources the server has");
        }
    }

    private CommandLine.ParameterException usage(String message) {
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }

    private Probe probe() {
        try {
            if (target.server != null) {
                int perExchange = (int) Math.max(100, Math.min(2_000,
                        (timeoutMillis() - (count - 1) * ServerProbe.SPACING_MILLIS) / count));
                return new ServerProbe(HostPort.parse(target.server, null), count, perExchange);
            }
            if (target.ntpd != null) {
                // a little under the whole limit, so that the client's own timeout message is the one shown
                return new NtpdProbe(HostPort.parse(target.ntpd, null), (int) Math.max(100, timeoutMillis() * 9 / 10));
            }
        } catch (CommandLine.TypeConversionException e) {
            throw usage(e.getMessage());
        }
        return new DaemonProbe(target.socket != null ? target.socket : JntpConfig.DEFAULT_CONTROL_SOCKET);
    }

    static void printJson(PrintStream out, Verdict v) throws IOException {
        try (JsonGenerator g = new JsonFactory().createGenerator(out).useDefaultPrettyPrinter()) {
            g.configure(JsonGenerator.Feature.AUTO_CLOSE_TARGET, false);
            g.writeStartObject();
            g.writeStringField("state", v.state().name());
            g.writeNumberField("exit_code", v.state().exitCode());
            g.writeStringField("summary", v.summary());
            g.writeArrayFieldStart("problems");
            for (String p : v.problems()) {
                g.writeString(p);
            }
            g.writeEndArray();
            Observation o = v.observation();
            if (o != null) {
                g.writeBooleanField("synchronised", o.synchronised());
                g.writeBooleanField("local_reference", o.localReference());
                g.writeStringField("reference", o.reference());
                number(g, "offset", o.offset());
                number(g, "stratum", o.stratum() < 0 ? Double.NaN : o.stratum());
                g.writeStringField("leap", o.leap().name().toLowerCase(java.util.Locale.ROOT));
                number(g, "sources", o.sources() < 0 ? Double.NaN : o.sources());
                number(g, "reachable", o.reachable() < 0 ? Double.NaN : o.reachable());
                number(g, "since_update", Double.isInfinite(o.sinceUpdate()) ? Double.NaN : o.sinceUpdate());
                g.writeStringField("perfdata", v.perfdata());
            }
            g.writeEndObject();
        }
        out.println();
    }

    /** A number, or null when unknown. */
    private static void number(JsonGenerator g, String name, double value) throws IOException {
        if (Double.isNaN(value)) {
            g.writeNullField(name);
        } else if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            g.writeNumberField(name, (long) value);
        } else {
            g.writeNumberField(name, value);
        }
    }
}
