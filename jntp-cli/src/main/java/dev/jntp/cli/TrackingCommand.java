// 'jntp tracking': the daemon's synchronisation state in chronyc's layout, or as JSON.
package dev.jntp.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.jntp.config.JntpConfig;
import dev.jntp.daemon.control.ControlClient;
import dev.jntp.daemon.control.ControlProtocol;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Reads the running daemon's state over its control socket. Exit 0; 2 when the daemon cannot be reached. */
@Command(name = "tracking", mixinStandardHelpOptions = true,
        description = {"Show the daemon's synchronisation state (as chronyc tracking).",
            "Exit status: 0 shown, 2 the daemon cannot be reached."})
final class TrackingCommand implements Callable<Integer> {

    private static final DateTimeFormatter REF_TIME =
            DateTimeFormatter.ofPattern("EEE MMM dd HH:mm:ss yyyy", Locale.ROOT).withZone(ZoneOffset.UTC);

    @Option(names = "--socket", paramLabel = "PATH",
            description = "the daemon's control socket (its bindcmdaddress; default /run/jntp/jntp.sock)")
    Path socket = JntpConfig.DEFAULT_CONTROL_SOCKET;

    @Option(names = "--json", description = "print JSON")
    boolean json;

    @Override
    public Integer call() throws IOException {
        Map<String, Object> d;
        try {
            d = ControlClient.call(socket, "tracking");
        } catch (IOException | ControlProtocol.ControlException e) {
            System.err.println("jntp tracking: " + e.getMessage());
            return 2;
        }
        if (json) {
            printJson(System.out, d);
        } else {
            printText(System.out, d);
        }
        return 0;
    }

    private static double num(Map<String, Object> d, String k) {
        return d.get(k) instanceof Number n ? n.doubleValue() : Double.NaN;
    }

    static void printText(PrintStream out, Map<String, Object> d) {
        long refNanos = (long) num(d, "reference_time_unix_ns");
        double sys = num(d, "system_time_offset");
        double freq = num(d, "frequency_ppm");
        out.printf(Locale.ROOT, "Reference ID    : %s (%s)%n", d.get("reference_id"), d.get("reference_name"));
        out.printf(Locale.ROOT, "Stratum         : %d%n", (long) num(d, "stratum"));
        out.printf(Locale.ROOT, "Ref time (UTC)  : %s%n",
                refNanos == 0 ? "Thu Jan 01 00:00:00 1970" : REF_TIME.format(Instant.ofEpochSecond(0, refNanos)));
        out.printf(Locale.ROOT, "System time     : %.9f seconds %s of NTP time%n", Math.abs(sys), sys < 0 ? "slow" : "fast");
        out.printf(Locale.ROOT, "Last offset     : %+.9f seconds%n", num(d, "last_offset"));
        out.printf(Locale.ROOT, "RMS offset      : %.9f seconds%n", num(d, "rms_offset"));
        out.printf(Locale.ROOT, "Frequency       : %.3f ppm %s%n", Math.abs(freq), freq >= 0 ? "slow" : "fast");
        double residual = num(d, "residual_frequency_ppm");
        out.printf(Locale.ROOT, "Residual freq   : %+.3f ppm%n", Double.isNaN(residual) ? 0 : residual);
        out.printf(Locale.ROOT, "Skew            : %.3f ppm%n", num(d, "skew_ppm"));
        out.printf(Locale.ROOT, "Root delay      : %.9f seconds%n", num(d, "root_delay"));
        out.printf(Locale.ROOT, "Root dispersion : %.9f seconds%n", num(d, "root_dispersion"));
        out.printf(Locale.ROOT, "Update interval : %.1f seconds%n", num(d, "update_interval"));
        out.printf(Locale.ROOT, "Leap status     : %s%n", d.get("leap_status"));
        if (!Boolean.TRUE.equals(d.get("synchronised"))) {
            out.printf(Locale.ROOT, "Alarm           : %s%n", d.get("alarm"));
        }
    }

    static void printJson(PrintStream out, Map<String, Object> d) throws IOException {
        try (JsonGenerator g = new JsonFactory().createGenerator(out).useDefaultPrettyPrinter()) {
            g.configure(JsonGenerator.Feature.AUTO_CLOSE_TARGET, false);
            g.writeStartObject();
            for (Map.Entry<String, Object> e : d.entrySet()) {
                g.writeFieldName(e.getKey());
                switch (e.getValue()) {
                    case Long l -> g.writeNumber(l);
                    case Double x -> g.writeNumber(x);
                    case Boolean b -> g.writeBoolean(b);
                    default -> g.writeString(String.valueOf(e.getValue()));
                }
            }
            g.writeEndObject();
        }
        out.println();
    }
}
