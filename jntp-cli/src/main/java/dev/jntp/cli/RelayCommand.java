// 'jntp bench relay': a UDP relay that delays, drops and reorders datagrams, to impair a test path where netem is missing.
package dev.jntp.cli;

import dev.jntp.daemon.AddressText;
import dev.jntp.daemon.bench.relay.Impairment;
import dev.jntp.daemon.bench.relay.Relay;
import dev.jntp.daemon.bench.relay.RelayReport;
import dev.jntp.daemon.bench.relay.RelaySpec;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import sun.misc.Signal;

/** Exit 0: the relay ran its course, or SIGTERM/SIGINT ended it early (it reports either way); 1: cannot listen; 2: usage. */
@Command(name = "relay", mixinStandardHelpOptions = true,
        description = {"Relay UDP datagrams from clients to one upstream server and back, delaying each direction by "
                + "delay +- jitter and dropping or reordering datagrams at random (seeded): a user-space netem for "
                + "accuracy tests on a machine without it. Each client (source address) gets a socket of its own "
                + "towards the upstream.",
            "Bounded: at most " + RelaySpec.MAX_DURATION_SECONDS + " s and " + RelaySpec.MAX_PACKETS + " datagrams, "
                    + Relay.MAX_FLOWS + " clients at once. The start line goes to stderr; the report to stdout when the "
                    + "run ends, also on SIGTERM or SIGINT. Only towards servers you run: an upstream outside "
                    + "loopback, private and link-local networks needs --allow-public.",
            "Exit status: 0 ran, 1 cannot listen, 2 usage."})
final class RelayCommand implements Callable<Integer> {

    @Option(names = "--listen", required = true, paramLabel = "ADDR:PORT",
            description = "where clients send; [ADDR]:PORT for IPv6")
    String listen;

    @Option(names = "--upstream", required = true, paramLabel = "HOST:PORT",
            description = "the server to relay to (default port 123)")
    String upstream;

    @Option(names = "--delay", paramLabel = "MS", defaultValue = "0",
            description = "mean delay of each direction, milliseconds (default 0)")
    double delayMs;

    @Option(names = "--jitter", paramLabel = "MS", defaultValue = "0",
            description = "spread of the delay, milliseconds: half-width (uniform) or standard deviation (normal); "
                    + "default 0")
    double jitterMs;

    @Option(names = "--distribution", paramLabel = "D", defaultValue = "uniform",
            description = "uniform (delay +- jitter) or normal (sd jitter, cut at +- 3 sd); default uniform")
    Impairment.Distribution distribution;

    @Option(names = "--loss", paramLabel = "P", defaultValue = "0",
            description = "probability of dropping a datagram, each direction: 0 to 1, or a percentage such as 1%%")
    String loss;

    @Option(names = "--reorder", paramLabel = "P", defaultValue = "0",
            description = "probability of sending a datagram at once, ahead of those its client still has held "
                    + "(as netem's reorder): 0 to 1, or a percentage")
    String reorder;

    @Option(names = "--seed", paramLabel = "N", description = "seed of the random draws (default: random, printed)")
    Long seed;

    @Option(names = "--duration", paramLabel = "SECONDS", defaultValue = "60",
            description = "how long to relay (default 60, at most " + RelaySpec.MAX_DURATION_SECONDS + ")")
    double duration;

    @Option(names = "--max-packets", paramLabel = "N", defaultValue = "" + RelaySpec.DEFAULT_MAX_PACKETS,
            description = "stop after receiving N datagrams, both directions together (default "
                    + RelaySpec.DEFAULT_MAX_PACKETS + ", at most " + RelaySpec.MAX_PACKETS + ")")
    long maxPackets;

    @Option(names = "--allow-public", description = "allow an upstream outside loopback, private and link-local "
            + "networks")
    boolean allowPublic;

    @Option(names = "--json", description = "print the report as JSON")
    boolean json;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        RelaySpec relaySpec = relaySpec();
        Relay relay;
        try {
            relay = Relay.open(relaySpec);
        } catch (IOException e) {
            System.err.println("jntp bench relay: cannot listen on " + AddressText.of(relaySpec.listen()) + ": " + e);
            return 1;
        }
        // SIGTERM/SIGINT end the run early; it then reports and exits 0, as the daemon does.
        for (String sig : new String[] {"TERM", "INT"}) {
            Signal.handle(new Signal(sig), s -> Thread.ofPlatform().start(relay::close));
        }
        System.err.printf(Locale.ROOT, "jntp bench relay started on %s, relaying to %s; %s%n", address(relay),
                AddressText.of(relaySpec.upstream()), describe(relaySpec));
        RelayReport r = relay.run();
        if (json) {
            printJson(System.out, r);
        } else {
            printText(System.out, r);
        }
        System.out.flush();
        return 0;
    }

    private RelaySpec relaySpec() {
        List<String> problems = new ArrayList<>();
        double lossP = probability(loss, "--loss", problems);
        double reorderP = probability(reorder, "--reorder", problems);
        long delay = nanos(delayMs);
        long jitter = nanos(jitterMs);
        problems.addAll(Impairment.Spec.problems(delay, jitter, distribution, lossP, reorderP));
        Duration d = duration > 0 && duration <= RelaySpec.MAX_DURATION_SECONDS
                ? Duration.ofNanos(Math.round(duration * 1e9)) : null;
        problems.addAll(RelaySpec.problems(d, maxPackets));
        if (!problems.isEmpty()) {
            throw usage(String.join("; ", problems));
        }
        InetSocketAddress from = resolve(listen);
        InetSocketAddress to = resolve(upstream);
        if (!allowPublic && !BenchCommand.isLocal(to.getAddress())) {
            throw usage(AddressText.of(to.getAddress()) + " is not a loopback, private or link-local address; "
                    + "relay only to servers you run, and say so with --allow-public");
        }
        return new RelaySpec(from, to, new Impairment.Spec(delay, jitter, distribution, lossP, reorderP),
                seed != null ? seed : new SecureRandom().nextLong(), d, maxPackets);
    }

    private InetSocketAddress resolve(String text) {
        HostPort hp;
        try {
            hp = HostPort.parse(text, null);
        } catch (CommandLine.TypeConversionException e) {
            throw usage(e.getMessage());
        }
        try {
            return new InetSocketAddress(InetAddress.getByName(hp.host()), hp.port());
        } catch (UnknownHostException e) {
            throw usage("cannot resolve " + hp.host() + ": " + e.getMessage());
        }
    }

    /** A probability from "0.01" or "1%"; NaN (with a problem noted) when it is neither. */
    static double probability(String text, String option, List<String> problems) {
        String t = text.strip();
        boolean percent = t.endsWith("%");
        try {
            double v = Double.parseDouble(percent ? t.substring(0, t.length() - 1) : t);
            return percent ? v / 100 : v;
        } catch (NumberFormatException e) {
            problems.add(option + " must be a probability (0 to 1) or a percentage, not '" + text + "'");
            return Double.NaN;
        }
    }

    private static long nanos(double ms) {
        return Double.isFinite(ms) ? Math.round(ms * 1e6) : -1;
    }

    private CommandLine.ParameterException usage(String message) {
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }

    private static String address(Relay relay) {
        try {
            return AddressText.of(relay.localAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String describe(RelaySpec s) {
        Impairment.Spec i = s.impairment();
        return String.format(Locale.ROOT, "each direction: delay %.3f ms +- %.3f ms %s, loss %.3f %%, reorder %.3f %%; "
                        + "seed %d; for %.1f s or %d datagrams", i.delayNanos() / 1e6, i.jitterNanos() / 1e6,
                i.distribution().name().toLowerCase(Locale.ROOT), 100 * i.loss(), 100 * i.reorder(), s.seed(),
                s.duration().toNanos() / 1e9, s.maxPackets());
    }

    static void printText(PrintStream out, RelayReport r) {
        RelaySpec s = r.spec();
        out.printf(Locale.ROOT, "relay      %s -> %s, ran %.1f s, ended by %s%n", AddressText.of(s.listen()),
                AddressText.of(s.upstream()), r.runSeconds(), r.stopReason());
        out.printf(Locale.ROOT, "impairment %s%n", describe(s));
        direction(out, "out", r.out());
        direction(out, "back", r.back());
        out.printf(Locale.ROOT, "flows      %d opened, %d datagram(s) refused, %d port unreachable, %d unsent at the end%n",
                r.flowsOpened(), r.flowsRefused(), r.unreachable(), r.unsent());
    }

    private static void direction(PrintStream out, String name, RelayReport.Direction d) {
        out.printf(Locale.ROOT, "%-10s received %d, lost %d (%.2f %%), reordered %d, overflow %d, forwarded %d, "
                        + "send errors %d; delay mean %.3f ms [%.3f, %.3f], late mean %.0f us, max %.0f us%n", name,
                d.received(), d.lost(), d.lossPercent(), d.reordered(), d.overflow(), d.forwarded(), d.sendErrors(),
                d.meanDelayMs(), d.minDelayMs(), d.maxDelayMs(), d.meanLateUs(), d.maxLateUs());
    }

    static void printJson(PrintStream out, RelayReport r) {
        RelaySpec s = r.spec();
        Impairment.Spec i = s.impairment();
        BenchCommand.printJsonObject(out, g -> {
            g.writeStringField("listen", AddressText.of(s.listen()));
            g.writeStringField("upstream", AddressText.of(s.upstream()));
            g.writeNumberField("delay_ms", i.delayNanos() / 1e6);
            g.writeNumberField("jitter_ms", i.jitterNanos() / 1e6);
            g.writeStringField("distribution", i.distribution().name().toLowerCase(Locale.ROOT));
            g.writeNumberField("loss", i.loss());
            g.writeNumberField("reorder", i.reorder());
            g.writeNumberField("seed", s.seed());
            g.writeNumberField("run_s", r.runSeconds());
            g.writeStringField("ended_by", r.stopReason());
            for (var e : List.of(Map.entry("out", r.out()), Map.entry("back", r.back()))) {
                RelayReport.Direction d = e.getValue();
                String p = e.getKey() + "_";
                g.writeNumberField(p + "received", d.received());
                g.writeNumberField(p + "lost", d.lost());
                g.writeNumberField(p + "reordered", d.reordered());
                g.writeNumberField(p + "overflow", d.overflow());
                g.writeNumberField(p + "forwarded", d.forwarded());
                g.writeNumberField(p + "send_errors", d.sendErrors());
                g.writeNumberField(p + "delay_mean_ms", d.meanDelayMs());
                g.writeNumberField(p + "delay_min_ms", d.minDelayMs());
                g.writeNumberField(p + "delay_max_ms", d.maxDelayMs());
                g.writeNumberField(p + "late_mean_us", d.meanLateUs());
                g.writeNumberField(p + "late_max_us", d.maxLateUs());
            }
            g.writeNumberField("flows_opened", r.flowsOpened());
            g.writeNumberField("flows_refused", r.flowsRefused());
            g.writeNumberField("port_unreachable", r.unreachable());
            g.writeNumberField("unsent", r.unsent());
        });
    }
}
