// chronyd (-x) polling too fast: a jntp with 'ratelimit ... kod 1' makes it back off; one without KoD does not.
package dev.jntp.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One chronyd polls two jntp daemons every 0.25 s ({@code minpoll -2 maxpoll -2}); both limit
 * each address to one response per 4 s ({@code ratelimit interval 2 burst 1 leak 4}), the one on
 * 127.0.0.2 with {@code kod 1} (about half the requests beyond the rate get a KoD RATE), the one on
 * 127.0.0.1 without. chronyd must log "Received KoD RATE" from the first only and, since each KoD
 * delays its next poll by four poll intervals, send it clearly fewer requests in the same 20 s.
 */
class ChronydRateKodTest {

    private static final Duration RUN = Duration.ofSeconds(20);

    @TempDir
    Path tmp;

    @Test
    void chronydPollingFasterThanTheRate_kodRate_chronydBacksOff() throws Exception {
        Tools.require("chronyd");
        int plainPort = Tools.freeUdpPort();
        int kodPort = Tools.freeUdpPort();
        Path plain = config("plain", "127.0.0.1", plainPort, "ratelimit interval 2 burst 1 leak 4\n");
        Path kod = config("kod", "127.0.0.2", kodPort, "ratelimit interval 2 burst 1 leak 4 kod 1\n");
        try (JntpProcess a = JntpProcess.start(plain, null);
                JntpProcess b = JntpProcess.start(kod, null);
                Chronyd chronyd = Chronyd.start("server 127.0.0.1 port " + plainPort + " minpoll -2 maxpoll -2\n"
                        + "server 127.0.0.2 port " + kodPort + " minpoll -2 maxpoll -2\nport 0\n")) {
            Tools.await(Duration.ofSeconds(3), () -> false); // past chronyd's start
            long start = System.nanoTime();
            long plainBefore = totalTx(chronyd, "127.0.0.1");
            long kodBefore = totalTx(chronyd, "127.0.0.2");
            Tools.await(RUN, () -> false); // let chronyd poll for the whole run
            double seconds = (System.nanoTime() - start) / 1e9;
            long plainTx = totalTx(chronyd, "127.0.0.1") - plainBefore;
            long kodTx = totalTx(chronyd, "127.0.0.2") - kodBefore;
            String log = chronyd.log();
            System.out.printf("in %.1f s chronyd sent %d requests to the jntp without KoD, %d to the one with kod 1%n",
                    seconds, plainTx, kodTx);

            assertThat(log).as("chronyd's log").contains("Received KoD RATE from 127.0.0.2")
                    .doesNotContain("Received KoD RATE from 127.0.0.1");
            // chronyd polls every 0.25 s plus its own delays (about 2.7 requests/s on the 2-core test machine);
            // each KoD adds 4 polls (1 s), and about half the requests beyond the rate get one.
            assertThat(plainTx).as("without KoD chronyd keeps polling fast").isGreaterThan((long) (seconds * 2));
            assertThat((double) kodTx).as("with KoD RATE chronyd backs off").isLessThan(0.7 * plainTx);
            a.stopAndCheck();
            b.stopAndCheck();
        }
    }

    private Path config(String name, String address, int port, String rateLimit) throws Exception {
        Path conf = tmp.resolve(name + ".conf");
        Files.writeString(conf, "port " + port + "\nbindaddress " + address + "\nallow 127.0.0.0/8\nlocal stratum 2\n"
                + "bindcmdaddress /\nmetricsport 0\n" + rateLimit);
        return conf;
    }

    /** chronyd's count of requests sent to a source ('Total TX' of chronyc ntpdata). */
    private static long totalTx(Chronyd chronyd, String address) {
        String out = chronyd.chronyc("ntpdata", address).stdout();
        Matcher m = Pattern.compile("Total TX\\s*:\\s*(\\d+)").matcher(out);
        assertThat(m.find()).as("Total TX in:\n%s", out).isTrue();
        return Long.parseLong(m.group(1));
    }
}
