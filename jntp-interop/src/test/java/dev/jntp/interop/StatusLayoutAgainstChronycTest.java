// Compares jntp's status layouts with real chronyc's, column by column, both following the same chronyd server.
package dev.jntp.interop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jntp.cli.Cli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A chronyd (-x) serves its clock at stratum 3 on loopback; a chronyd client and a jntp daemon
 * (monitor mode) both follow it. Once both have selected it, the row each prints for it must put
 * every field in the same columns ({@code chronyc -n sources} / {@code sourcestats} against
 * {@code jntp sources} / {@code sourcestats}), the headers must be equal, and jntp's
 * {@code tracking} and {@code ntpdata} must carry chronyc's field names in chronyc's order.
 */
class StatusLayoutAgainstChronycTest {

    /** The fields of a sources row: mode and state, name, stratum, poll, reach, LastRx, sample. */
    private static final Pattern SOURCES_ROW = Pattern.compile(
            "^(\\^\\*) (127\\.0\\.0\\.1) +(\\d+) +(-?\\d+) +(\\d+) +(\\S+) +([+-]\\d+\\S+)\\[ *([+-]\\d+\\S+)\\] \\+/- +(\\d+\\S+)$");
    private static final Pattern STATS_ROW = Pattern.compile(
            "^(127\\.0\\.0\\.1) +(\\d+) +(\\d+) +(\\S+) +([+-][\\d.]+) +([\\d.]+) +([+-]\\d+\\S+) +(\\d+\\S+)$");

    @TempDir
    Path tmp;

    /** The row of the server in a report, and where each field ends. */
    private static int[] fieldEnds(String report, Pattern row) {
        for (String line : report.lines().toList()) {
            Matcher m = row.matcher(line);
            if (m.matches()) {
                int[] ends = new int[m.groupCount() + 1];
                for (int g = 1; g <= m.groupCount(); g++) {
                    ends[g] = m.end(g);
                }
                ends[0] = line.length();
                return ends;
            }
        }
        throw new AssertionError("no row matching " + row + " in:\n" + report);
    }

    private static List<String> labels(String report) {
        return report.lines().filter(l -> l.matches("[A-Z][A-Za-z ().]+ *:.*"))
                .map(l -> l.substring(0, l.indexOf(':')).strip()).toList();
    }

    @Test
    void sourcesSourcestatsTrackingNtpdata_sameServer_chronycsColumnsAndFields() throws Exception {
        int serverPort = Tools.freeUdpPort();
        Path socket = tmp.resolve("jntp.sock");
        Path conf = tmp.resolve("jntp.conf");
        Files.writeString(conf, "port 0\nbindcmdaddress " + socket + "\n"
                + "server 127.0.0.1 port " + serverPort + " iburst minpoll 0 maxpoll 1\n");
        try (Chronyd server = Chronyd.start("port " + serverPort + "\nbindaddress 127.0.0.1\nallow 127.0.0.0/8\n"
                + "local stratum 3\n");
                Chronyd client = Chronyd.start("server 127.0.0.1 port " + serverPort + " iburst minpoll 0 maxpoll 1\n"
                        + "port 0\n");
                JntpProcess jntp = JntpProcess.startWith(null, "daemon", "--config", conf.toString())) {
            boolean selected = Tools.await(Duration.ofSeconds(40),
                    () -> client.chronyc("sources").stdout().contains("^* 127.0.0.1")
                            && Cli.run("sources", "--socket", socket.toString()).out().contains("^* 127.0.0.1")
                            && client.chronyc("sourcestats").stdout().lines().anyMatch(l -> STATS_ROW.matcher(l).matches())
                            && Cli.run("sourcestats", "--socket", socket.toString()).out().lines()
                                    .anyMatch(l -> STATS_ROW.matcher(l).matches()));
            String chronySources = client.chronyc("sources").stdout();
            String jntpSources = Cli.run("sources", "--socket", socket.toString()).out();
            assertThat(selected).as("both select the server:\n%s\n%s\n%s\n%s", chronySources, jntpSources, jntp.log(),
                    server.log())
                    .isTrue();

            System.out.println(chronySources + jntpSources);
            assertThat(jntpSources.lines().limit(2).toList()).isEqualTo(chronySources.lines().limit(2).toList());
            assertThat(fieldEnds(jntpSources, SOURCES_ROW)).isEqualTo(fieldEnds(chronySources, SOURCES_ROW));

            String chronyStats = client.chronyc("sourcestats").stdout();
            String jntpStats = Cli.run("sourcestats", "--socket", socket.toString()).out();
            System.out.println(chronyStats + jntpStats);
            assertThat(jntpStats.lines().limit(2).toList()).isEqualTo(chronyStats.lines().limit(2).toList());
            assertThat(fieldEnds(jntpStats, STATS_ROW)).isEqualTo(fieldEnds(chronyStats, STATS_ROW));

            String chronyTracking = client.chronyc("tracking").stdout();
            String jntpTracking = Cli.run("tracking", "--socket", socket.toString()).out();
            assertThat(labels(jntpTracking)).isEqualTo(labels(chronyTracking));

            String chronyNtpdata = client.chronyc("ntpdata", "127.0.0.1").stdout();
            String jntpNtpdata = Cli.run("ntpdata", "--socket", socket.toString(), "127.0.0.1").out();
            System.out.println(chronyNtpdata + jntpNtpdata);
            List<String> chronyLabels = labels(chronyNtpdata);
            assertThat(chronyLabels).containsSubsequence(labels(jntpNtpdata));
            assertThat(jntpNtpdata).containsPattern("NTP tests       : 111 111 1111")
                    .containsPattern("Stratum         : 3").containsPattern("Reference ID    : 7F7F0101 \\(\\)");
            jntp.stopAndCheck();
        }
    }
}
