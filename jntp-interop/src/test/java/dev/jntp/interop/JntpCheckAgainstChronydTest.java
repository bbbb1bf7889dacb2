// 'jntp check --server' against a real chronyd (-x): OK with chronyd's stratum, thresholds, an unsynchronised chronyd.
package dev.jntp.interop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jntp.cli.Cli;
import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(90)
class JntpCheckAgainstChronydTest {

    private static final String SERVE = "bindaddress 127.0.0.1\nallow 127.0.0.0/8\n";

    @Test
    void checkServer_chronydLocalStratum3_okWithChronycsStratumAndNoSourceCount() throws IOException {
        int port = Tools.freeUdpPort();
        try (Chronyd chronyd = Chronyd.start("port " + port + "\n" + SERVE + "local stratum 3\n")) {
            int chronycStratum = Integer.parseInt(chronyd.chronyc("-c", "tracking").stdout().strip().split(",")[2]);
            String server = "127.0.0.1:" + port;

            Cli ok = Cli.run("check", "--server", server);
            Cli critical = Cli.run("check", "--server", server, "-C", "2");
            Cli warning = Cli.run("check", "--server", server, "-W", "2", "-C", "4");
            System.out.println(ok.out() + critical.out() + warning.out());

            assertThat(chronycStratum).isEqualTo(3);
            assertThat(ok.exit()).as(ok.out() + ok.err()).isZero();
            assertThat(ok.out()).matches("OK: NTP healthy - offset=-?0\\.000\\d{6}s \\(-?0ms\\), stratum=3 \\| "
                    + "offset=-?0\\.000\\d{6}s;0\\.1;1 stratum=3;;;0;16 last_update=\\d+s;3600;14400;0\\n");
            assertThat(critical.exit()).isEqualTo(2);
            assertThat(critical.out()).startsWith("CRITICAL: stratum 3 above 2 - ");
            assertThat(warning.exit()).isEqualTo(1);
            assertThat(warning.out()).startsWith("WARNING: stratum 3 above 2 - ");
        }
    }

    @Test
    void checkServer_chronydWithoutReference_criticalLeapAlarm() throws IOException {
        int port = Tools.freeUdpPort();
        try (Chronyd chronyd = Chronyd.start("port " + port + "\n" + SERVE)) {
            Cli r = Cli.run("check", "--server", "127.0.0.1:" + port, "--count", "1");
            Cli quiet = Cli.run("check", "--server", "127.0.0.1:" + port, "--count", "1", "-q");

            assertThat(r.exit()).as(r.out() + r.err()).isEqualTo(2);
            assertThat(r.out()).startsWith("CRITICAL: not synchronised (the server says so: leap 3, stratum ")
                    .contains("leap alarm - ");
            assertThat(quiet.exit()).isEqualTo(3);
        }
    }

    @Test
    void checkNtpd_chronydSpeaksNoMode6_criticalNoReplyWithinTheTimeout() throws IOException {
        int port = Tools.freeUdpPort();
        try (Chronyd chronyd = Chronyd.start("port " + port + "\n" + SERVE + "local stratum 3\n")) {
            long start = System.nanoTime();
            Cli r = Cli.run("check", "--ntpd", "127.0.0.1:" + port, "-t", "1");
            double seconds = (System.nanoTime() - start) / 1e9;

            assertThat(r.exit()).isEqualTo(2);
            assertThat(r.out()).startsWith("CRITICAL: ntpd at 127.0.0.1 port " + port).contains("no mode 6 reply");
            assertThat(seconds).isLessThan(5);
        }
    }
}
