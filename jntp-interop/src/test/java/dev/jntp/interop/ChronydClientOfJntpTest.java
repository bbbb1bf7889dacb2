// chronyd (-x) as a running client of jntp: it must select jntp, pass every packet test, and agree on time.
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

class ChronydClientOfJntpTest {

    @TempDir
    Path tmp;

    @Test
    void chronydPollingJntp_reachesSelectedState_passesAllPacketTests_offsetUnder100us() throws Exception {
        Tools.require("chronyd");
        int port = Tools.freeUdpPort();
        Path conf = tmp.resolve("jntp.conf");
        Path socket = tmp.resolve("jntp.sock");
        Files.writeString(conf, "port " + port + "\nbindaddress 127.0.0.1\nallow 127.0.0.1\nlocal stratum 2\n"
                + "bindcmdaddress " + socket + "\n");
        try (JntpProcess jntp = JntpProcess.start(conf, null);
                Chronyd chronyd = Chronyd.start("server 127.0.0.1 port " + port + " iburst minpoll 0 maxpoll 0\n"
                        + "port 0\n")) {
            boolean selected = Tools.await(Duration.ofSeconds(60),
                    () -> chronyd.chronyc("-c", "sources").stdout().startsWith("^,*,127.0.0.1,"));
            Tools.Run sources = chronyd.chronyc("sources");
            assertThat(selected).as("chronyd selects jntp (^*):\n%s\nchronyd log:\n%s", sources.all(), chronyd.log())
                    .isTrue();
            assertThat(sources.stdout()).contains("^* 127.0.0.1");
            // Let a few more samples in so that the estimate is not from the iburst alone.
            Tools.await(Duration.ofSeconds(20), () -> sampleCount(chronyd) >= 8);

            Tools.Run ntpdata = chronyd.chronyc("ntpdata", "127.0.0.1");
            assertThat(ntpdata.stdout()).as(ntpdata.all()).containsPattern("NTP tests\\s*:\\s*111 111 1111");
            assertThat(ntpdata.stdout()).containsPattern("Stratum\\s*:\\s*2");
            assertThat(ntpdata.stdout()).containsPattern("Reference ID\\s*:\\s*7F7F0101");
            assertThat(ntpdata.stdout()).containsPattern("Mode\\s*:\\s*Server");

            Tools.Run stats = chronyd.chronyc("-c", "sourcestats");
            double estimated = Double.parseDouble(stats.stdout().strip().split(",")[6]);
            double lastSample = field(ntpdata.stdout(), "Offset\\s*:\\s*([-+0-9.eE]+) seconds");
            System.out.printf("chronyd's view of jntp: estimated offset %.9f s, last sample %.9f s%n%s%n",
                    estimated, lastSample, ntpdata.stdout());
            assertThat(Math.abs(estimated)).as("chronyd's estimated offset of jntp, s; sourcestats: %s; ntpdata:\n%s",
                    stats.stdout(), ntpdata.stdout()).isLessThan(100e-6);
            // chronyd's estimate above is what it measures for jntp; one sample alone can carry a
            // scheduling delay of a loaded 2-core machine, so it only has to be sane.
            assertThat(Math.abs(lastSample)).as("chronyd's last measured offset of jntp, s").isLessThan(1e-3);
            Cli tracking = Cli.run("tracking", "--socket", socket.toString());
            assertThat(tracking.exit()).as(tracking.err()).isZero();
            assertThat(tracking.out()).containsPattern("Reference ID\\s*: 7F7F0101").containsPattern("Stratum\\s*: 2")
                    .containsPattern("Leap status\\s*: Normal");
            jntp.stopAndCheck();
        }
        Cli gone = Cli.run("tracking", "--socket", socket.toString());
        assertThat(gone.exit()).as("daemon stopped").isEqualTo(2);
        assertThat(gone.err()).contains(socket.toString());
    }

    private static int sampleCount(Chronyd chronyd) {
        String[] f = chronyd.chronyc("-c", "sourcestats").stdout().strip().split(",");
        return f.length > 2 ? Integer.parseInt(f[1]) : 0;
    }

    private static double field(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        assertThat(m.find()).as("%s in:\n%s", regex, text).isTrue();
        return Double.parseDouble(m.group(1));
    }
}
