// jntp's statistics files as operators handle them: rotated under a running daemon, laid out as chronyd's.
package dev.jntp.interop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jntp.daemon.stats.LogLines;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A jntp client polling a jntp server (both processes, monitor mode, loopback) 16 times a
 * second with every statistics file on; and chronyd (-x) writing its own files beside it.
 */
@Timeout(180)
class StatisticsLogsTest {

    /** The repository root (surefire runs in the module directory). */
    private static final Path ROOT = Path.of("").toAbsolutePath().getParent();
    private static final Pattern SUMMARY = Pattern.compile("statistics logs: (\\d+) lines written, (\\d+) dropped");
    private static final List<String> FILES = List.of("measurements.log", "statistics.log", "tracking.log",
            "loopstats", "peerstats");

    /**
     * The layout of chrony 4.x's data lines (chrony.conf(5) and its format strings: fixed-width right-aligned
     * numbers after a 15-character address column), written for a source on 127.0.0.1; a number wider than its
     * column pushes the rest of the line right, in chrony as in jntp.
     */
    private static final Map<String, String> CHRONY_LAYOUT = Map.of(
            "measurements.log", "\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d 127\\.0\\.0\\.1 {7}[N+?-] [ 1]\\d"
                    + " [01]{3} [01]{3} [01]{4}  [ -]\\d [ -]\\d +-?\\d\\.\\d\\d( +-?\\d\\.\\d{3}e[-+]\\d\\d){5}"
                    + " [0-9A-F]{8} 4[BI] [DKH] [DKH]",
            "statistics.log", "\\S+ \\S+ 127\\.0\\.0\\.1 {6}( +-?\\d\\.\\d{3}e[-+]\\d\\d){5} +\\d\\.\\de[-+]\\d\\d"
                    + "( +\\d+){3} +-?\\d\\.\\d\\d",
            "tracking.log", "\\S+ \\S+ 127\\.0\\.0\\.1 {6} [ 1]\\d( +-?\\d+\\.\\d{3}){2} +-?\\d\\.\\d{3}e[-+]\\d\\d"
                    + " [N+?-] +\\d+( +-?\\d\\.\\d{3}e[-+]\\d\\d){5}");

    @TempDir
    Path tmp;

    private Path logs;

    /** Starts a jntp server at local stratum 5 and returns its port. */
    private JntpProcess server(int port) throws IOException {
        Path conf = tmp.resolve("server.conf");
        Files.writeString(conf, "port " + port + "\nbindaddress 127.0.0.1\nallow 127.0.0.1\nlocal stratum 5\n"
                + "bindcmdaddress /\n");
        return JntpProcess.start(conf, null);
    }

    /** A jntp client of {@code port} writing every statistics file into {@link #logs}. */
    private JntpProcess client(int serverPort, String... options) throws IOException {
        logs = Files.createDirectories(tmp.resolve("logs"));
        Path conf = tmp.resolve("client.conf");
        Files.writeString(conf, """
                port 0
                bindcmdaddress /
                server 127.0.0.1 port %d minpoll -4 maxpoll -4 iburst
                logdir %s
                log rawmeasurements statistics tracking
                statistics loopstats peerstats
                filegen loopstats type none
                filegen peerstats type none
                """.formatted(serverPort, logs));
        List<String> args = new ArrayList<>(List.of("daemon", "--config", conf.toString()));
        args.addAll(List.of(options));
        return JntpProcess.startWith(null, args.toArray(String[]::new));
    }

    /** The data lines of a file (banners left out); none when it does not exist. */
    private static List<String> data(Path p) {
        try {
            return Files.exists(p) ? Files.readAllLines(p).stream()
                    .filter(l -> !LogLines.isBanner(l)).toList() : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private long dataLines(String suffix) {
        return FILES.stream().mapToLong(f -> data(logs.resolve(f + suffix)).size()).sum();
    }

    /** Stops the client and checks that every line it wrote is in a file; {@code suffix} marks the rotated ones. */
    private void stopAndCountLines(JntpProcess client, String suffix) {
        client.stopAndCheck();
        Matcher m = SUMMARY.matcher(client.log());
        assertThat(m.find()).as("the daemon's summary line in its log:\n%s", client.log()).isTrue();
        long written = Long.parseLong(m.group(1));
        assertThat(Long.parseLong(m.group(2))).as("lines dropped").isZero();
        long rotated = dataLines(suffix);
        long current = dataLines("");
        System.out.printf("statistics lines: %d before the rotation, %d after, %d written%n", rotated, current,
                written);
        assertThat(rotated).as("lines in the rotated files").isPositive();
        assertThat(current).as("lines in the new files").isPositive();
        assertThat(rotated + current).as("every line written is in a file").isEqualTo(written);
    }

    @Test
    void sighup_filesRenamedUnderARunningDaemon_newFilesAndNoLineLost() throws IOException {
        int port = Tools.freeUdpPort();
        try (JntpProcess server = server(port); JntpProcess client = client(port)) {
            assertThat(Tools.await(Duration.ofSeconds(30), () -> data(logs.resolve("tracking.log")).size() >= 5))
                    .as("clock updates logged; daemon log:\n%s", client.log()).isTrue();
            for (String f : FILES) {
                Files.move(logs.resolve(f), logs.resolve(f + ".1"));
            }
            Tools.Run hup = Tools.run(Duration.ofSeconds(5), "kill", "-HUP", String.valueOf(client.pid()));
            assertThat(hup.exit()).as(hup.all()).isZero();
            assertThat(Tools.await(Duration.ofSeconds(30), () -> data(logs.resolve("tracking.log")).size() >= 5))
                    .as("new files after SIGHUP; daemon log:\n%s", client.log()).isTrue();
            assertThat(client.log()).contains("SIGHUP: reopening the statistics logs");
            stopAndCountLines(client, ".1");
        }
    }

    /** dist/logrotate.d/jntp as shipped, with the test's directory and process for /var/log/jntp and systemctl. */
    @Test
    void logrotate_shippedConfiguration_rotatesUnderARunningDaemonWithoutLosingALine() throws IOException {
        String logrotate = Tools.require("logrotate");
        String shipped = Files.readString(ROOT.resolve("dist/logrotate.d/jntp"));
        assertThat(shipped).doesNotContainPattern("(?m)^\\s*copytruncate").contains("postrotate");
        int port = Tools.freeUdpPort();
        try (JntpProcess server = server(port); JntpProcess client = client(port)) {
            String conf = shipped.replace("/var/log/jntp", logs.toString())
                    .replaceAll("systemctl kill [^\\n]*", "kill -HUP " + client.pid());
            Path confFile = tmp.resolve("logrotate.conf");
            Files.writeString(confFile, conf);
            Files.setPosixFilePermissions(confFile, PosixFilePermissions.fromString("rw-r--r--"));
            assertThat(Tools.await(Duration.ofSeconds(30), () -> data(logs.resolve("tracking.log")).size() >= 5))
                    .as("clock updates logged; daemon log:\n%s", client.log()).isTrue();

            Tools.Run run = Tools.run(Duration.ofSeconds(30), logrotate, "-f", "-v", "-s",
                    tmp.resolve("logrotate.state").toString(), confFile.toString());
            assertThat(run.exit()).as(run.all()).isZero();

            assertThat(Files.exists(logs.resolve("tracking.log.1"))).as("rotated, not compressed yet (delaycompress)")
                    .isTrue();
            assertThat(Tools.await(Duration.ofSeconds(30), () -> data(logs.resolve("tracking.log")).size() >= 5))
                    .as("new files after logrotate's SIGHUP; daemon log:\n%s", client.log()).isTrue();
            stopAndCountLines(client, ".1");
        }
    }

    /**
     * chronyd (-x) and jntp, both clients of the same jntp server with the same log lines: the
     * banners are identical and the data lines of both fit chrony's layout, column for column.
     */
    @Test
    void chronydBeside_sameLogDirectives_sameBannersAndLayout() throws IOException {
        Tools.require("chronyd");
        int port = Tools.freeUdpPort();
        Path chronyLogs = Files.createDirectories(tmp.resolve("chrony-logs"));
        try (JntpProcess server = server(port); JntpProcess client = client(port);
                Chronyd chronyd = Chronyd.start("server 127.0.0.1 port " + port + " iburst minpoll -4 maxpoll -4\n"
                        + "port 0\nlogdir " + chronyLogs + "\nlog measurements statistics tracking\n")) {
            boolean both = Tools.await(Duration.ofSeconds(60),
                    () -> data(chronyLogs.resolve("tracking.log")).size() >= 3
                            && data(logs.resolve("tracking.log")).size() >= 3);
            assertThat(both).as("both track; chronyd log:\n%s", chronyd.log()).isTrue();
            for (String f : List.of("measurements.log", "statistics.log", "tracking.log")) {
                List<String> theirs = read(chronyLogs.resolve(f));
                List<String> ours = read(logs.resolve(f));
                assertThat(ours.subList(0, 3)).as("banner of %s", f).isEqualTo(theirs.subList(0, 3));
                String layout = CHRONY_LAYOUT.get(f);
                System.out.printf("%s%n  chronyd: %s%n  jntp:    %s%n", f, theirs.get(3), ours.get(3));
                // chronyd also logs an unsynchronised state (0.0.0.0, stratum 0) when it starts: compared are the lines
                // of the source both follow.
                assertThat(data(chronyLogs.resolve(f)).stream().filter(l -> l.contains(" 127.0.0.1 ")))
                        .as("chronyd's %s", f).isNotEmpty().allSatisfy(l -> assertThat(l).matches(layout));
                assertThat(data(logs.resolve(f))).as("jntp's %s", f).isNotEmpty()
                        .allSatisfy(l -> assertThat(l).matches(layout));
                assertThat(ours.get(3).split(" +")).as("columns of %s", f).hasSameSizeAs(theirs.get(3).split(" +"));
            }
            client.stopAndCheck();
        }
    }

    private static List<String> read(Path p) throws IOException {
        return Files.readAllLines(p);
    }

    @Test
    void jsonLogFormat_realDaemon_everyStderrLineIsAJsonObject() throws IOException {
        int port = Tools.freeUdpPort();
        Path conf = tmp.resolve("json.conf");
        Files.writeString(conf, "port " + port + "\nbindaddress 127.0.0.1\nallow 127.0.0.1\nlocal stratum 5\n"
                + "bindcmdaddress /\n");
        try (JntpProcess d = JntpProcess.startWith(null, "daemon", "--config", conf.toString(), "--log-format",
                "json")) {
            d.stopAndCheck();
            List<String> lines = d.log().lines().toList();
            assertThat(lines).hasSizeGreaterThan(3).allSatisfy(l -> assertThat(l).startsWith("{\"").endsWith("}"));
            assertThat(lines).anySatisfy(l -> assertThat(l).contains("\"level\":\"INFO\"")
                    .contains("\"formattedMessage\":\"jntp ").contains(" started (pid "));
        }
    }

    /**
     * The seed's first finding: a log directory the daemon's user cannot write. Here the daemon
     * runs as root without the capabilities that let root write anywhere (CAP_DAC_OVERRIDE,
     * CAP_FOWNER), and the directory belongs to another user: it must refuse to start and say why.
     */
    @Test
    void unwritableLogDirectory_daemonStart_refusedNamingTheDirectoryOwnerAndFix() throws IOException {
        Tools.requireRoot();
        String setpriv = Tools.require("setpriv");
        Path dir = Files.createDirectories(tmp.resolve("var-log-jntp"));
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
        Tools.Run chown = Tools.run(Duration.ofSeconds(5), "chown", "nobody", dir.toString());
        assertThat(chown.exit()).as(chown.all()).isZero();
        Path conf = tmp.resolve("unwritable.conf");
        Files.writeString(conf, "port 0\nbindcmdaddress /\nlocal stratum 5\nlogdir " + dir + "\nlog tracking\n");
        String java = ProcessHandle.current().info().command().orElse("java");
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        String caps = "-sys_time,-dac_override,-dac_read_search,-fowner";

        Tools.Run r = Tools.run(Duration.ofSeconds(60), setpriv, "--inh-caps", caps, "--bounding-set", caps, "--",
                java, "--enable-native-access=ALL-UNNAMED", "-cp", cp, "dev.jntp.cli.Main", "daemon", "--config",
                conf.toString());

        assertThat(r.exit()).as(r.all()).isEqualTo(1);
        assertThat(r.stderr()).contains("jntp: not started: the statistics log directory " + dir
                + " is not writable by user root (uid 0) (owner nobody, mode rwxr-xr-x)").contains("fix: 'chown root "
                + dir + "'");
    }
}
