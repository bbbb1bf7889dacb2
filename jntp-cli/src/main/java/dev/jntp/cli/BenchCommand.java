// 'jntp bench server': loads an NTP server with client requests and reports replies/s, loss and round-trip times.
package dev.jntp.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.jntp.daemon.AddressText;
import dev.jntp.daemon.bench.LoadGenerator;
import dev.jntp.daemon.bench.LoadReport;
import dev.jntp.daemon.bench.LoadSpec;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code jntp bench}: load and accuracy benchmarks: the server load test and the impairing relay. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Load and accuracy benchmarks (see bench/README.md for the scripts around them).",
        subcommands = {BenchCommand.Server.class, RelayCommand.class})
final class BenchCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** Exit 0: replies came back; 1: none did (or the target cannot be used); 2: usage. */
    @Command(name = "server", mixinStandardHelpOptions = true,
            description = {"Send NTP client requests to a server from several sockets, at a rate or as fast as it "
                    + "answers, and report requests sent, replies/s, loss and round-trip percentiles.",
                "Bounded: at most " + LoadSpec.MAX_DURATION_SECONDS + " s and " + LoadSpec.MAX_REQUESTS + " requests. Only for servers you run: "
                        + "targets outside loopback, private and link-local networks need --allow-public.",
                "Exit status: 0 replies received, 1 none, 2 usage."})
    static final class Server implements Callable<Integer> {

        static final long DEFAULT_RATE = 10_000;

        @Option(names = "--target", required = true, paramLabel = "HOST:PORT",
                description = "the server; [ADDR]:PORT for IPv6 with a port (default port 123)")
        String target;

        @Option(names = "--duration", paramLabel = "SECONDS", defaultValue = "10",
                description = "how long to send (default 10, at most " + LoadSpec.MAX_DURATION_SECONDS + ")")
        double duration;

        @ArgGroup(exclusive = true)
        Load load;

        static final class Load {
            @Option(names = "--rate", paramLabel = "N", required = true,
                    description = "offer N requests/s over all clients, open loop (default " + DEFAULT_RATE + ")")
            Long rate;

            @Option(names = "--max", required = true,
                    description = "as fast as the server answers: each client keeps --window requests in flight")
            boolean max;
        }

        @Option(names = "--clients", paramLabel = "K", defaultValue = "2",
                description = "source sockets, each with a sending and a receiving thread (default 2)")
        int clients;

        @Option(names = "--count", paramLabel = "N",
                description = "requests to send at most (default rate x duration, or " + LoadSpec.MAX_REQUESTS
                        + " with --max)")
        Long count;

        @Option(names = "--window", paramLabel = "W", defaultValue = "" + LoadSpec.DEFAULT_WINDOW,
                description = "requests in flight per client with --max (default " + LoadSpec.DEFAULT_WINDOW + ")")
        int window;

        @Option(names = "--allow-public", description = "allow a target outside loopback, private and link-local "
                + "networks (never load a server that is not yours)")
        boolean allowPublic;

        @Option(names = "--json", description = "print JSON")
        boolean json;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws IOException, InterruptedException {
            LoadSpec loadSpec = loadSpec();
            LoadReport r = LoadGenerator.run(loadSpec);
            if (json) {
                printJson(System.out, r);
            } else {
                printText(System.out, r);
            }
            if (r.received() == 0) {
                System.err.println("jntp bench server: no replies from " + AddressText.of(loadSpec.target())
                        + (r.unreachable() > 0 ? " (port unreachable: no server there)" : ""));
                return 1;
            }
            return 0;
        }

        private LoadSpec loadSpec() {
            HostPort hp;
            try {
                hp = HostPort.parse(target, null);
            } catch (CommandLine.TypeConversionException e) {
                throw usage(e.getMessage());
            }
            long rate = load == null ? DEFAULT_RATE : load.max ? 0 : load.rate;
            if (load != null && !load.max && load.rate <= 0) {
                throw usage("--rate must be at least 1 (or use --max)");
            }
            if (!(duration > 0 && duration <= LoadSpec.MAX_DURATION_SECONDS)) {
                throw usage("--duration must be more than 0 and at most " + LoadSpec.MAX_DURATION_SECONDS + " s");
            }
            Duration d = Duration.ofNanos(Math.round(duration * 1e9));
            long n = count != null ? count : LoadSpec.defaultCount(d, rate);
            List<String> problems = LoadSpec.problems(d, rate, clients, n, window);
            if (!problems.isEmpty()) {
                throw usage(String.join("; ", problems));
            }
            InetAddress address;
            try {
                address = InetAddress.getByName(hp.host());
            } catch (UnknownHostException e) {
                throw usage("cannot resolve " + hp.host() + ": " + e.getMessage());
            }
            if (!allowPublic && !isLocal(address)) {
                throw usage(AddressText.of(address) + " is not a loopback, private or link-local address; "
                        + "load only servers you run, and say so with --allow-public");
            }
            return new LoadSpec(new InetSocketAddress(address, hp.port()), d, rate, clients, n, window);
        }

        private CommandLine.ParameterException usage(String message) {
            return new CommandLine.ParameterException(spec.commandLine(), message);
        }
    }

    /** Loopback, RFC 1918 / site-local, link-local, or an IPv6 unique local address (fc00::/7). */
    static boolean isLocal(InetAddress a) {
        return a.isLoopbackAddress() || a.isSiteLocalAddress() || a.isLinkLocalAddress()
                || (a instanceof Inet6Address && (a.getAddress()[0] & 0xFE) == 0xFC);
    }

    private static String loadText(LoadSpec s) {
        return s.isMax() ? "max (" + s.window() + " in flight per client)" : s.rate() + " requests/s offered";
    }

    private static void printText(PrintStream out, LoadReport r) {
        LoadSpec s = r.spec();
        LoadReport.Latency l = r.latency();
        out.printf(Locale.ROOT, "target     %s, %s, %d client(s), %.1f s%n", AddressText.of(s.target()), loadText(s),
                s.clients(), s.duration().toNanos() / 1e9);
        out.printf(Locale.ROOT, "sent       %d (%.0f/s over %.2f s)%n", r.sent(), r.sendRate(), r.sendSeconds());
        out.printf(Locale.ROOT, "received   %d (%.0f replies/s)%n", r.received(), r.repliesPerSecond());
        out.printf(Locale.ROOT, "loss       %.3f %% (%d lost)%n", r.lossPercent(), r.lost());
        if (l.timed() > 0) {
            out.printf(Locale.ROOT, "round trip p50 %.1f us, p90 %.1f us, p99 %.1f us, p99.9 %.1f us, max %.1f us%n",
                    l.p50(), l.p90(), l.p99(), l.p999(), l.max());
        }
        out.printf(Locale.ROOT, "other      %d duplicate(s), %d invalid, %d send error(s), %d port unreachable%n",
                r.duplicates(), r.invalid(), r.sendErrors(), r.unreachable());
    }

    /** The fields of one JSON object. */
    interface JsonFields {
        void write(JsonGenerator g) throws IOException;
    }

    /** Prints one pretty-printed JSON object with the given fields, and a line break. */
    static void printJsonObject(PrintStream out, JsonFields fields) {
        try (JsonGenerator g = new JsonFactory().createGenerator(out).useDefaultPrettyPrinter()) {
            g.configure(JsonGenerator.Feature.AUTO_CLOSE_TARGET, false);
            g.writeStartObject();
            fields.write(g);
            g.writeEndObject();
            g.flush();
            out.println();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void printJson(PrintStream out, LoadReport r) {
        LoadSpec s = r.spec();
        LoadReport.Latency l = r.latency();
        printJsonObject(out, g -> {
            g.writeStringField("target", AddressText.of(s.target()));
            g.writeStringField("mode", s.isMax() ? "max" : "rate");
            g.writeNumberField("offered_rate", s.rate());
            g.writeNumberField("clients", s.clients());
            g.writeNumberField("window", s.window());
            g.writeNumberField("duration_s", s.duration().toNanos() / 1e9);
            g.writeNumberField("max_requests", s.maxRequests());
            g.writeNumberField("send_s", r.sendSeconds());
            g.writeNumberField("sent", r.sent());
            g.writeNumberField("received", r.received());
            g.writeNumberField("send_rate", r.sendRate());
            g.writeNumberField("replies_per_s", r.repliesPerSecond());
            g.writeNumberField("loss_percent", r.lossPercent());
            g.writeNumberField("duplicates", r.duplicates());
            g.writeNumberField("invalid", r.invalid());
            g.writeNumberField("send_errors", r.sendErrors());
            g.writeNumberField("port_unreachable", r.unreachable());
            g.writeNumberField("latency_timed", l.timed());
            g.writeNumberField("latency_p50_us", l.p50());
            g.writeNumberField("latency_p90_us", l.p90());
            g.writeNumberField("latency_p99_us", l.p99());
            g.writeNumberField("latency_p999_us", l.p999());
            g.writeNumberField("latency_max_us", l.max());
        });
    }
}
