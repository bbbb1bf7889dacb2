// Tests 'jntp bench server' in process: a short load on a live loopback daemon, the caps, and the target guard.
package dev.jntp.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jntp.daemon.NtpDaemon;
import java.io.IOException;
import java.net.InetAddress;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Bounded: every load here is capped by count, and the command's own caps bound the rest. */
@Timeout(30)
class BenchCommandTest {

    private static NtpDaemon daemon;
    private static String target;

    @BeforeAll
    static void start() throws IOException {
        daemon = Cli.daemon("allow 127.0.0.1\nlocal stratum 5\n");
        target = "127.0.0.1:" + daemon.localAddresses().getFirst().getPort();
    }

    @AfterAll
    static void stop() {
        daemon.close();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> json(Cli r) throws IOException {
        return (Map<String, Object>) Cli.json(r.out());
    }

    @Test
    void rate_againstLiveDaemon_reportsEveryRequestAnswered() throws IOException {
        Cli r = Cli.run("bench", "server", "--target", target, "--rate", "2000", "--count", "400", "--duration", "20",
                "--json");

        assertThat(r.exit()).as(r.err()).isZero();
        Map<String, Object> doc = json(r);
        assertThat(doc).containsEntry("mode", "rate").containsEntry("sent", 400).containsEntry("received", 400)
                .containsEntry("loss_percent", 0.0).containsEntry("latency_timed", 400);
        assertThat((Double) doc.get("replies_per_s")).isPositive();
    }

    @Test
    void max_againstLiveDaemon_stopsAtCountAndPrintsText() {
        Cli r = Cli.run("bench", "server", "--target", target, "--max", "--count", "3000", "--clients", "3");

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("max (64 in flight per client), 3 client(s)")
                .contains("sent       3000 ").contains("received   3000 ").contains("loss       0.000 %");
    }

    @Test
    void noServer_exitsOneAndSaysSo() throws IOException {
        Cli r = Cli.run("bench", "server", "--target", "127.0.0.1:" + Cli.unusedPort(), "--rate", "100",
                "--count", "10");

        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains("no replies from 127.0.0.1:");
    }

    @ParameterizedTest
    @ValueSource(strings = {"--duration=61", "--duration=0", "--rate=0", "--clients=65", "--count=10000001",
        "--window=0", "--rate=3 --clients=4", "--rate=10 --max", "--target=192.0.2.1:123"})
    void beyondCapsOrPublicTarget_isAUsageError(String args) {
        String[] extra = args.split(" ");
        String[] argv = new String[3 + extra.length];
        argv[0] = "bench";
        argv[1] = "server";
        argv[2] = "--target=" + target;
        System.arraycopy(extra, 0, argv, 3, extra.length);

        Cli r = Cli.run(argv);

        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({"127.0.0.1, true", "::1, true", "10.1.2.3, true", "172.16.0.1, true", "192.168.1.1, true",
        "169.254.1.1, true", "fe80::1, true", "fd12:3456::1, true", "192.0.2.1, false", "8.8.8.8, false",
        "2001:db8::1, false", "::ffff:8.8.8.8, false"})
    void isLocal_acceptsLoopbackPrivateAndLinkLocalOnly(String address, boolean local) {
        assertThat(BenchCommand.isLocal(InetAddress.ofLiteral(address))).isEqualTo(local);
    }

    @Test
    void bench_withoutSubcommand_printsUsage() {
        Cli r = Cli.run("bench");

        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("server");
    }
}
