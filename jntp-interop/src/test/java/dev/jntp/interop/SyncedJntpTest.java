// jntp (monitor mode) synchronised to two chronyd servers, and chronyd (-x) as its client: strata and refids chain.
package dev.jntp.interop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jntp.cli.Cli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SyncedJntpTest {

    @TempDir
    Path tmp;

    private static String upstream(int port) {
        return "port " + port + "\nbindaddress 127.0.0.1\nallow 127.0.0.0/8\nlocal stratum 1\n";
    }

    @Test
    void jntpSyncedToChronydServers_servesStratum2WithUpstreamRefid_chronydClientAgrees() throws Exception {
        int p1 = Tools.freeUdpPort();
        int p2 = Tools.freeUdpPort();
        int jntpPort = Tools.freeUdpPort();
        Path socket = tmp.resolve("jntp.sock");
        Path conf = tmp.resolve("jntp.conf");
        Files.writeString(conf, "port " + jntpPort + "\nbindaddress 127.0.0.1\nallow 127.0.0.1\n"
                + "bindcmdaddress " + socket + "\ndriftfile " + tmp.resolve("jntp.drift") + "\n"
                + "server 127.0.0.1 port " + p1 + " iburst minpoll 0 maxpoll 1\n"
                + "server 127.0.0.1 port " + p2 + " iburst minpoll 0 maxpoll 1\n");
        try (Chronyd s1 = Chronyd.start(upstream(p1));
                Chronyd s2 = Chronyd.start(upstream(p2));
                JntpProcess jntp = JntpProcess.startWith(null, "daemon", "-x", "--config", conf.toString())) {
            boolean synced = Tools.await(Duration.ofSeconds(30),
                    () -> Cli.run("tracking", "--socket", socket.toString()).out().contains("Leap status     : Normal"));
            Cli tracking = Cli.run("tracking", "--socket", socket.toString());
            assertThat(synced).as("jntp synchronises within 30 s:\n%s\n%s", tracking.out(), jntp.log()).isTrue();
            assertThat(tracking.out()).containsPattern("Reference ID\\s*: 7F000001").containsPattern("Stratum\\s*: 2");
            assertThat(jntp.log()).contains("monitor mode");

            try (Chronyd client = Chronyd.start("server 127.0.0.1 port " + jntpPort + " iburst minpoll 0 maxpoll 0\n"
                    + "port 0\n")) {
                boolean selected = Tools.await(Duration.ofSeconds(40),
                        () -> client.chronyc("-c", "sources").stdout().startsWith("^,*,127.0.0.1,"));
                Tools.Run ntpdata = client.chronyc("ntpdata", "127.0.0.1");
                assertThat(selected).as("chronyd selects jntp:\n%s\n%s", client.chronyc("sources").stdout(),
                        ntpdata.stdout()).isTrue();
                System.out.println(ntpdata.stdout());
                assertThat(ntpdata.stdout()).containsPattern("Stratum\\s*: 2")
                        .containsPattern("Reference ID\\s*: 7F000001").containsPattern("NTP tests\\s*: 111 111 1111")
                        .containsPattern("Leap status\\s*: Normal");
                double rootDelay = field(ntpdata.stdout(), "Root delay\\s*:\\s*([0-9.]+) seconds");
                double rootDisp = field(ntpdata.stdout(), "Root dispersion\\s*:\\s*([0-9.]+) seconds");
                // One loopback hop takes about as long as the 15 us step of NTP's short format, so either
                // figure may arrive as 0.
                assertThat(rootDelay).as("root delay: one loopback hop").isGreaterThanOrEqualTo(0).isLessThan(0.01);
                assertThat(rootDisp).as("root dispersion").isGreaterThanOrEqualTo(0).isLessThan(0.01);
            }
            jntp.stopAndCheck();
            assertThat(tmp.resolve("jntp.drift")).as("drift file written at stop").exists();
        }
    }

    private static double field(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        assertThat(m.find()).as("%s in:\n%s", regex, text).isTrue();
        return Double.parseDouble(m.group(1));
    }
}
