// 'jntp query HOST[:PORT]': asks an NTP server for the time, as ntpdig and sntp do, and prints each sample.
package dev.jntp.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.jntp.daemon.AddressText;
import dev.jntp.daemon.QueryClient;
import dev.jntp.engine.query.QueryOutcome;
import dev.jntp.engine.query.QuerySample;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.locks.LockSupport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** One-shot query of any NTP server. Exit 0: answered; 1: no usable answer; 2: usage. */
@Command(name = "query", mixinStandardHelpOptions = true,
        description = {"Query an NTP server and print offset, delay, root distance, stratum, refid and leap "
                + "for each sample and for the best one (lowest delay).",
            "Exit status: 0 answered, 1 no usable answer (timeout, unsynchronised server, kiss-o'-death), 2 usage."})
final class QueryCommand implements Callable<Integer> {

    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS", Locale.ROOT).withZone(ZoneOffset.UTC);

    @Parameters(paramLabel = "HOST[:PORT]", description = "server name or address; [ADDR]:PORT for IPv6 with a port")
    String target;

    @Option(names = {"-c", "--count"}, paramLabel = "N", defaultValue = "4", description = "requests to send (default 4)")
    int count;

    @Option(names = {"-p", "--port"}, paramLabel = "PORT", description = "server port (default 123)")
    Integer port;

    @Option(names = {"-t", "--timeout"}, paramLabel = "SECONDS", defaultValue = "2",
            description = "how long to wait for each reply (default 2)")
    double timeout;

    @Option(names = {"-i", "--interval"}, paramLabel = "SECONDS", defaultValue = "0.5",
            description = "pause between requests (default 0.5)")
    double interval;

    @Option(names = {"-4"}, description = "use IPv4 addresses only")
    boolean ipv4;

    @Option(names = {"-6"}, description = "use IPv6 addresses only")
    boolean ipv6;

    @Option(names = {"-o", "--ntp-version"}, paramLabel = "N", defaultValue = "4", description = "NTP version to send (1-4)")
    int ntpVersion;

    @Option(names = "--json", description = "print JSON")
    boolean json;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        validate();
        HostPort hp;
        try {
            hp = HostPort.parse(target, port);
        } catch (picocli.CommandLine.TypeConversionException e) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        InetAddress address;
        try {
            address = resolve(hp.host());
        } catch (UnknownHostException e) {
            System.err.println("jntp query: cannot resolve " + hp.host()
                    + (ipv4 ? " to an IPv4 address" : ipv6 ? " to an IPv6 address" : "") + ": " + e.getMessage());
            return 1;
        }
        InetSocketAddress server = new InetSocketAddress(address, hp.port());
        QueryClient client = new QueryClient(new SecureRandom());
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            if (i > 0) {
                LockSupport.parkNanos((long) (interval * 1e9));
            }
            rows.add(new Row(i + 1, client.exchange(server, ntpVersion, (int) Math.ceil(timeout * 1000))));
        }
        QuerySample best = rows.stream().map(Row::answered).filter(s -> s != null)
                .min(Comparator.comparingDouble(QuerySample::delay)).orElse(null);
        if (json) {
            printJson(System.out, hp, server, rows, best);
        } else {
            printText(System.out, server, rows, best);
        }
        if (best == null) {
            System.err.println("jntp query: no usable answer from " + hp.host() + " (" + addressText(server) + "): "
                    + rows.getLast().summary());
            return 1;
        }
        return 0;
    }

    private void validate() {
        List<String> problems = new ArrayList<>();
        if (count < 1 || count > 100) {
            problems.add("--count must be 1 to 100");
        }
        if (!(timeout > 0 && timeout <= 60)) {
            problems.add("--timeout must be more than 0 and at most 60 seconds");
        }
        if (!(interval >= 0 && interval <= 60)) {
            problems.add("--interval must be 0 to 60 seconds");
        }
        if (ntpVersion < 1 || ntpVersion > 4) {
            problems.add("--ntp-version must be 1 to 4");
        }
        if (ipv4 && ipv6) {
            problems.add("-4 and -6 exclude each other");
        }
        if (port != null && (port < 1 || port > 65535)) {
            problems.add("--port must be 1 to 65535");
        }
        if (!problems.isEmpty()) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), String.join("; ", problems));
        }
    }

    private InetAddress resolve(String host) throws UnknownHostException {
        InetAddress[] all = InetAddress.getAllByName(host);
        return Arrays.stream(all)
                .filter(a -> !ipv4 || a instanceof Inet4Address)
                .filter(a -> !ipv6 || a instanceof Inet6Address)
                .findFirst()
                .orElseThrow(() -> new UnknownHostException("no address of the requested family"));
    }

    /** One exchange and how it ended. */
    record Row(int index, QueryClient.Result result) {
        QuerySample answered() {
            return result.outcome() instanceof QueryOutcome.Answered a ? a.sample() : null;
        }

        QuerySample sample() {
            return switch (result.outcome()) {
                case QueryOutcome.Answered a -> a.sample();
                case QueryOutcome.Unsynchronised u -> u.sample();
                case null, default -> null;
            };
        }

        String status() {
            return switch (result.outcome()) {
                case null -> "no-reply";
                case QueryOutcome.Answered a -> "ok";
                case QueryOutcome.Unsynchronised u -> "unsynchronised";
                case QueryOutcome.Kiss k -> "kiss";
                case QueryOutcome.Discarded d -> "discarded";
            };
        }

        String summary() {
            return switch (result.outcome()) {
                case null -> result.failure();
                case QueryOutcome.Answered a -> "answered";
                case QueryOutcome.Unsynchronised u -> "the server is not synchronised (leap 3 or stratum 16)";
                case QueryOutcome.Kiss k -> "kiss-o'-death " + k.text()
                        + (k.code() != null ? " (" + k.code().meaning() + ")" : "");
                case QueryOutcome.Discarded d -> d.reason() + ": " + d.detail();
            };
        }
    }

    private static String addressText(InetSocketAddress a) {
        return AddressText.of(a);
    }

    private static String leapText(QuerySample s) {
        return switch (s.leap()) {
            case NO_WARNING -> "no-leap";
            case INSERT_SECOND -> "add-leap";
            case DELETE_SECOND -> "del-leap";
            case UNSYNCHRONIZED -> "unsync";
        };
    }

    private static void printText(PrintStream out, InetSocketAddress server, List<Row> rows, QuerySample best) {
        out.printf("server %s%n", addressText(server));
        out.printf("%3s  %-26s  %13s  %10s  %10s  %3s  %-15s  %s%n",
                "#", "time (UTC)", "offset", "delay", "rootdist", "st", "refid", "leap");
        for (Row r : rows) {
            QuerySample s = r.sample();
            if (s == null) {
                out.printf("%3d  %s%s%n", r.index(), r.summary(),
                        r.result().discarded() > 0 ? " (" + r.result().discarded() + " datagram(s) discarded)" : "");
                continue;
            }
            out.printf(Locale.ROOT, "%3d  %-26s  %+13.6f  %10.6f  %10.6f  %3d  %-15s  %s%s%n", r.index(),
                    TIME.format(Instant.ofEpochSecond(0, s.localReceiveUnixNanos())), s.offset(), s.delay(),
                    s.rootDistance(), s.stratum(), s.referenceName(), leapText(s),
                    r.answered() == null ? " (" + r.summary() + ")" : "");
        }
        if (best != null) {
            out.printf(Locale.ROOT, "best: %s %+.6f +/- %.6f %s s%d refid %s %s%n",
                    TIME.format(Instant.ofEpochSecond(0, best.localReceiveUnixNanos())), best.offset(),
                    best.rootDistance(), AddressText.of(server.getAddress()), best.stratum(), best.referenceName(),
                    leapText(best));
        }
    }

    private static void printJson(PrintStream out, HostPort hp, InetSocketAddress server, List<Row> rows,
            QuerySample best) {
        try (JsonGenerator g = new JsonFactory().createGenerator(out).useDefaultPrettyPrinter()) {
            g.configure(JsonGenerator.Feature.AUTO_CLOSE_TARGET, false);
            g.writeStartObject();
            g.writeStringField("host", hp.host());
            g.writeStringField("address", AddressText.of(server.getAddress()));
            g.writeNumberField("port", server.getPort());
            g.writeArrayFieldStart("samples");
            for (Row r : rows) {
                g.writeStartObject();
                g.writeNumberField("index", r.index());
                g.writeStringField("status", r.status());
                g.writeNumberField("discarded", r.result().discarded());
                if (r.result().outcome() instanceof QueryOutcome.Kiss k) {
                    g.writeStringField("kiss", k.text());
                }
                if (r.result().failure() != null) {
                    g.writeStringField("error", r.result().failure());
                }
                if (r.sample() != null) {
                    writeSample(g, r.sample());
                }
                g.writeEndObject();
            }
            g.writeEndArray();
            if (best != null) {
                g.writeObjectFieldStart("best");
                writeSample(g, best);
                g.writeEndObject();
            } else {
                g.writeNullField("best");
            }
            g.writeEndObject();
            g.flush();
            out.println();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void writeSample(JsonGenerator g, QuerySample s) throws IOException {
        g.writeStringField("time", Instant.ofEpochSecond(0, s.localReceiveUnixNanos()).toString());
        g.writeNumberField("offset", s.offset());
        g.writeNumberField("delay", s.delay());
        g.writeNumberField("rootdist", s.rootDistance());
        g.writeNumberField("rootdelay", s.rootDelay());
        g.writeNumberField("rootdisp", s.rootDispersion());
        g.writeNumberField("stratum", s.stratum());
        g.writeStringField("refid", s.referenceName());
        g.writeStringField("refid_hex", s.referenceId().toString());
        g.writeStringField("leap", leapText(s));
        g.writeNumberField("precision", s.precision());
        g.writeNumberField("version", s.version());
    }
}
