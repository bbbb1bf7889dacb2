// jntp (monitor mode) and chronyd -x as clients of the same chronyd servers through the same impaired relays: jntp within bounds of chronyd.
package dev.jntp.interop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jntp.daemon.control.ControlClient;
import dev.jntp.daemon.control.ControlProtocol;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The short form of {@code bench/sync-vs-chronyd}: namespace {@code srv} holds chronyd servers
 * (local stratum 1), namespace {@code cli} holds one {@code jntp bench relay} per server (2 ms
 * +- 0.5 ms and 1 % loss per direction, across a veth pair) and both clients, jntp in monitor mode
 * and chronyd -x, with the same sources and poll. Both namespaces share the machine's clock, so
 * the true offset is 0 and each client's estimate is its error. The bounds are loose enough for a
 * loaded 2-core CI machine; the figures are printed for the record.
 */
class SyncAccuracyTest {

    private static final int SERVERS = 3;
    private static final String SOURCE_OPTIONS = "iburst minpoll 0 maxpoll 2";
    private static final Duration SYNC_LIMIT = Duration.ofSeconds(40);
    private static final int SAMPLES = 50;
    private static final long SECOND = 1_000_000_000L;
    /**
     * A floor for the RMS bound: on a loaded 2-core machine the relays themselves sometimes hold a
     * datagram for tens of milliseconds, and one such sample in the first seconds can cost a few
     * hundred microseconds of RMS over 50 samples. The figures are printed; the target (ratio <= 1)
     * is tracked in the README, not enforced here.
     */
    private static final double RMS_FLOOR = 1.5e-3;

    @TempDir
    Path tmp;

    /** One reading of a client: whether it says it is synchronised, and its estimate error in seconds. */
    record Sample(boolean synced, double error) {}

    /** RMS, largest magnitude and mean of the errors of the samples taken while synchronised. */
    record Stats(int n, double rms, double max, double mean) {
        static Stats of(List<Sample> samples) {
            double sq = 0;
            double max = 0;
            double sum = 0;
            int n = 0;
            for (Sample s : samples) {
                if (s.synced() && Double.isFinite(s.error())) {
                    n++;
                    sq += s.error() * s.error();
                    sum += s.error();
                    max = Math.max(max, Math.abs(s.error()));
                }
            }
            return new Stats(n, n == 0 ? Double.NaN : Math.sqrt(sq / n), n == 0 ? Double.NaN : max,
                    n == 0 ? Double.NaN : sum / n);
        }
    }

    @Test
    void jntpAndChronydOverTheSameImpairedPath_jntpSyncsAboutAsSoonAndEstimatesAboutAsWell() throws Exception {
        Tools.requireRoot();
        Tools.require("chronyd");
        Tools.require("chronyc");
        long seed = Long.getLong("jntp.seed", ThreadLocalRandom.current().nextLong(1L << 40));
        System.out.println("SyncAccuracyTest: seed " + seed + " (repeat the relays' draws with -Djntp.seed=" + seed
                + ")");
        try (NetNs srv = NetNs.create();
                NetNs cli = NetNs.create();
                Closer closer = new Closer()) {
            joinByVeth(srv.name(), cli.name());
            List<JntpProcess> relays = new ArrayList<>();
            for (int i = 1; i <= SERVERS; i++) {
                Path dir = Files.createDirectory(tmp.resolve("srv" + i));
                closer.add(NsChronyd.start(srv.name(), dir, "port " + (12300 + i) + "\nbindaddress 10.200.0.1\n"
                        + "allow 10.200.0.0/24\nlocal stratum 1"));
                relays.add(closer.add(JntpProcess.startWith(cli.name(), "bench", "relay", "--listen",
                        relayAddress(i) + ":12400", "--upstream", "10.200.0.1:" + (12300 + i), "--delay", "2",
                        "--jitter", "0.5", "--loss", "1%", "--seed", String.valueOf(seed + i), "--duration", "300",
                        "--json")));
            }
            warmUp(cli.name());

            StringBuilder sources = new StringBuilder();
            for (int i = 1; i <= SERVERS; i++) {
                sources.append("server ").append(relayAddress(i)).append(" port 12400 ").append(SOURCE_OPTIONS)
                        .append('\n');
            }
            Path socket = tmp.resolve("jntp.sock");
            Path conf = tmp.resolve("jntp.conf");
            Files.writeString(conf, "port 0\nbindcmdaddress " + socket + "\n" + sources);
            // jntp first: startWith returns once its log says started, and chronyd's clock starts after that.
            long jntpStart = System.nanoTime();
            JntpProcess jntp = closer.add(JntpProcess.startWith(cli.name(), "daemon", "-x", "--config", conf.toString()));
            long chronydStart = System.nanoTime();
            NsChronyd chronyd = closer.add(NsChronyd.launch(cli.name(), Files.createDirectory(tmp.resolve("client")),
                    "port 0\n" + sources));

            long[] syncNanos = {-1, -1};
            Tools.await(SYNC_LIMIT.plusSeconds(5), () -> {
                if (syncNanos[0] < 0 && jntpSample(socket).synced()) {
                    syncNanos[0] = System.nanoTime() - jntpStart;
                }
                if (syncNanos[1] < 0 && chronydSample(chronyd).synced()) {
                    syncNanos[1] = System.nanoTime() - chronydStart;
                }
                return (syncNanos[0] >= 0 && syncNanos[1] >= 0)
                        || System.nanoTime() - Math.min(jntpStart, chronydStart) > SYNC_LIMIT.toNanos();
            });
            assertThat(syncNanos[1]).as("chronyd synchronises within %s:\n%s\n%s", SYNC_LIMIT,
                    chronyd.chronyc("sources").all(), Files.readString(chronyd.logFile())).isNotNegative();
            assertThat(syncNanos[0]).as("jntp synchronises within %s:\n%s", SYNC_LIMIT, jntp.log()).isNotNegative();

            List<Sample> jntpSamples = new ArrayList<>();
            List<Sample> chronydSamples = new ArrayList<>();
            long start = System.nanoTime();
            for (int k = 1; k <= SAMPLES; k++) {
                long wait = start + k * SECOND - System.nanoTime();
                if (wait < 0) {
                    continue; // a loaded machine fell behind: skip rather than bunch samples together
                }
                LockSupport.parkNanos(wait);
                jntpSamples.add(jntpSample(socket));
                chronydSamples.add(chronydSample(chronyd));
            }
            Stats j = Stats.of(jntpSamples);
            Stats c = Stats.of(chronydSamples);
            double jSync = syncNanos[0] / 1e9;
            double cSync = syncNanos[1] / 1e9;
            report(j, c, jSync, cSync, jntpSamples.size());
            String context = String.format(Locale.ROOT, "%njntp samples %s%nchronyd samples %s%njntp log:%n%s%n"
                    + "chronyd sources:%n%s", jntpSamples, chronydSamples, jntp.log(), chronyd.chronyc("sources").all());
            for (int i = 0; i < relays.size(); i++) {
                relays.get(i).stopAndCheck();
                System.out.println("SyncAccuracyTest: relay " + (i + 1) + ": " + relaySummary(relays.get(i).log()));
            }

            assertThat(j.n()).as("jntp stayed synchronised for most samples" + context)
                    .isGreaterThanOrEqualTo(jntpSamples.size() * 9 / 10).isPositive();
            assertThat(c.n()).as("chronyd stayed synchronised for most samples" + context)
                    .isGreaterThanOrEqualTo(chronydSamples.size() * 9 / 10).isPositive();
            assertThat(jSync).as("jntp's time to sync <= 3 x chronyd's + 5 s" + context).isLessThanOrEqualTo(3 * cSync + 5);
            assertThat(j.rms()).as("jntp's RMS error <= max(4 x chronyd's, 1.5 ms)" + context)
                    .isLessThanOrEqualTo(Math.max(4 * c.rms(), RMS_FLOOR));
        }
    }

    private static String relayAddress(int i) {
        return "127.0.0." + (10 + i);
    }

    private static void report(Stats j, Stats c, double jSync, double cSync, int samples) {
        System.out.printf(Locale.ROOT, "SyncAccuracyTest: %d chronyd servers, each behind a relay adding 2 ms +- 0.5 ms "
                + "(uniform) and 1%% loss per direction; both clients '%s'; %d samples, 1 s apart, after both "
                + "synchronised%n", SERVERS, SOURCE_OPTIONS, samples);
        System.out.printf(Locale.ROOT, "SyncAccuracyTest: %-8s %14s %10s %10s %10s %8s%n", "client", "time_to_sync_s",
                "rms_us", "max_us", "mean_us", "samples");
        for (var row : List.of(Map.entry("jntp", j), Map.entry("chronyd", c))) {
            Stats s = row.getValue();
            System.out.printf(Locale.ROOT, "SyncAccuracyTest: %-8s %14.2f %10.1f %10.1f %10.1f %8d%n", row.getKey(),
                    row.getKey().equals("jntp") ? jSync : cSync, s.rms() * 1e6, s.max() * 1e6, s.mean() * 1e6, s.n());
        }
        System.out.printf(Locale.ROOT, "SyncAccuracyTest: %-8s %14.2f %10.2f %10.2f   (jntp/chronyd)%n", "ratio",
                jSync / cSync, j.rms() / c.rms(), j.max() / c.max());
    }

    /** jntp's state from its control socket: synchronised, and system_time_offset (system clock minus jntp's time). */
    private static Sample jntpSample(Path socket) {
        try {
            Map<String, Object> d = ControlClient.call(socket, "tracking");
            return new Sample(Boolean.TRUE.equals(d.get("synchronised")),
                    d.get("system_time_offset") instanceof Number n ? n.doubleValue() : Double.NaN);
        } catch (IOException | ControlProtocol.ControlException e) {
            return new Sample(false, Double.NaN);
        }
    }

    /**
     * chronyd's state from {@code chronyc -c tracking}: synchronised when its leap status is Normal with
     * a real reference; the error is minus its System time field (the correction it would apply).
     */
    private static Sample chronydSample(NsChronyd chronyd) {
        Tools.Run r = chronyd.chronyc("-c", "tracking");
        String[] f = r.stdout().strip().split(",");
        if (r.exit() != 0 || f.length < 14) {
            return new Sample(false, Double.NaN);
        }
        boolean synced = f[13].equals("Normal") && !f[0].equals("00000000") && !f[0].equals("7F7F0101");
        try {
            return new Sample(synced, -Double.parseDouble(f[4]));
        } catch (NumberFormatException e) {
            return new Sample(false, Double.NaN);
        }
    }

    /** A veth pair between the two namespaces, made inside them: 10.200.0.1/24 in {@code a}, 10.200.0.2/24 in {@code b}. */
    private static void joinByVeth(String a, String b) {
        String ip = Tools.require("ip");
        List<List<String>> steps = List.of(
                List.of(ip, "-n", a, "link", "add", "veth0", "type", "veth", "peer", "name", "veth1", "netns", b),
                List.of(ip, "-n", a, "addr", "add", "10.200.0.1/24", "dev", "veth0"),
                List.of(ip, "-n", b, "addr", "add", "10.200.0.2/24", "dev", "veth1"),
                List.of(ip, "-n", a, "link", "set", "veth0", "up"),
                List.of(ip, "-n", b, "link", "set", "veth1", "up"));
        for (List<String> step : steps) {
            Tools.Run r = Tools.run(Duration.ofSeconds(10), step);
            assertThat(r.exit()).as("%s: %s", step, r.all()).isZero();
        }
    }

    /**
     * Sends 1.5 s of requests through every relay at once (as 'jntp bench server' in the client
     * namespace), so their JIT is warm before the clients start, and checks each path answers.
     */
    private static void warmUp(String netns) {
        String java = ProcessHandle.current().info().command().orElse("java");
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<CompletableFuture<Tools.Run>> runs = new ArrayList<>();
        for (int i = 1; i <= SERVERS; i++) {
            List<String> cmd = Tools.in(netns, java, "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp", cp,
                    "dev.jntp.cli.Main", "bench", "server", "--target", relayAddress(i) + ":12400", "--duration", "1.5",
                    "--rate", "200", "--clients", "1");
            runs.add(CompletableFuture.supplyAsync(() -> Tools.run(Duration.ofSeconds(60), cmd),
                    r -> Thread.ofPlatform().daemon(true).start(r)));
        }
        for (int i = 0; i < runs.size(); i++) {
            Tools.Run r = runs.get(i).join();
            assertThat(r.exit()).as("requests through relay %d to chronyd server %d answered:%n%s", i + 1, i + 1,
                    r.all()).isZero();
        }
    }

    private static String relaySummary(String log) {
        StringBuilder sb = new StringBuilder();
        for (String key : List.of("out_received", "out_lost", "back_received", "back_lost", "out_late_mean_us",
                "out_late_max_us", "back_late_mean_us", "back_late_max_us")) {
            Matcher m = Pattern.compile("\"" + key + "\" : ([0-9.E-]+)").matcher(log);
            String v = m.find() ? m.group(1) : "?";
            sb.append(key).append(' ').append(key.contains("late") && !v.equals("?")
                    ? String.format(Locale.ROOT, "%.0f", Double.parseDouble(v)) : v).append(", ");
        }
        return sb.substring(0, sb.length() - 2);
    }

    /** Closes what it was given in reverse order, each even when another fails. */
    private static final class Closer implements AutoCloseable {
        private final Deque<AutoCloseable> open = new ArrayDeque<>();

        <T extends AutoCloseable> T add(T resource) {
            open.push(resource);
            return resource;
        }

        @Override
        public void close() throws Exception {
            Exception first = null;
            while (!open.isEmpty()) {
                try {
                    open.pop().close();
                } catch (Exception e) {
                    if (first == null) {
                        first = e;
                    } else {
                        first.addSuppressed(e);
                    }
                }
            }
            if (first != null) {
                throw first;
            }
        }
    }
}
