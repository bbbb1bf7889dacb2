// sd_notify against a test-side Unix datagram socket: READY=1 with STATUS, WATCHDOG=1 pings, STOPPING=1, and refusals.
package dev.jntp.daemon.systemd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jntp.config.ConfigParser;
import dev.jntp.config.ConfigResult;
import dev.jntp.daemon.NtpDaemon;
import dev.jntp.daemon.control.Health;
import dev.jntp.daemon.net.UnixDatagramSocket;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(20)
class ServiceNotifierTest {

    private static final long PID = 4242;

    @TempDir
    Path tmp;

    @BeforeEach
    void linux() {
        assumeTrue(UnixDatagramSocket.unsupportedReason() == null, UnixDatagramSocket.unsupportedReason());
    }

    /** The datagrams received within {@code millis}, as text. */
    private static List<String> drain(UnixDatagramSocket rx, long millis) throws IOException {
        List<String> got = new ArrayList<>();
        long deadline = System.nanoTime() + millis * 1_000_000L;
        for (long left = millis; left > 0; left = (deadline - System.nanoTime()) / 1_000_000L) {
            byte[] d = rx.receive((int) left);
            if (d != null) {
                got.add(new String(d, StandardCharsets.UTF_8));
            }
        }
        return got;
    }

    @Test
    void notifier_withWatchdog_readyStatusThenPingsThenStopping() throws IOException {
        String address = tmp.resolve("notify").toString();
        try (UnixDatagramSocket rx = UnixDatagramSocket.bind(address)) {
            Optional<ServiceNotifier> n = ServiceNotifier.start(Map.of("NOTIFY_SOCKET", address,
                    "WATCHDOG_USEC", "200000", "WATCHDOG_PID", Long.toString(PID)), PID, () -> "serving", () -> true);
            assertThat(n).isPresent();

            assertThat(new String(rx.receive(2_000), StandardCharsets.UTF_8)).isEqualTo("READY=1\nSTATUS=serving");
            List<String> pings = drain(rx, 650);
            n.get().close();
            String last = new String(rx.receive(2_000), StandardCharsets.UTF_8);

            assertThat(pings).as("a ping every 100 ms for 650 ms").hasSizeBetween(4, 8).containsOnly("WATCHDOG=1");
            assertThat(last).isEqualTo("STOPPING=1\nSTATUS=stopping");
        }
    }

    @Test
    void notifier_statusChanges_sentOnceEach_noPingsWhenNotServing() throws IOException {
        String address = "@jntp-test-" + Long.toHexString(new Random().nextLong());
        AtomicBoolean serving = new AtomicBoolean(true);
        String[] status = {"starting"};
        try (UnixDatagramSocket rx = UnixDatagramSocket.bind(address)) {
            ServiceNotifier n = ServiceNotifier.start(Map.of("NOTIFY_SOCKET", address, "WATCHDOG_USEC", "100000"), PID,
                    () -> status[0], serving::get).orElseThrow();
            assertThat(rx.receive(2_000)).asString(StandardCharsets.UTF_8).isEqualTo("READY=1\nSTATUS=starting");
            status[0] = "synchronised";
            List<String> first = drain(rx, 300);
            serving.set(false);
            drain(rx, 60); // a tick may have been under way
            List<String> after = drain(rx, 300);
            n.close();

            assertThat(first).contains("WATCHDOG=1\nSTATUS=synchronised").filteredOn(m -> m.contains("STATUS="))
                    .hasSize(1);
            assertThat(after).as("no pings from a daemon that stopped serving").isEmpty();
        }
    }

    @Test
    void notifier_watchdogForAnotherPid_statusOnlyNoPings() throws IOException {
        String address = tmp.resolve("notify").toString();
        try (UnixDatagramSocket rx = UnixDatagramSocket.bind(address)) {
            ServiceNotifier n = ServiceNotifier.start(Map.of("NOTIFY_SOCKET", address, "WATCHDOG_USEC", "100000",
                    "WATCHDOG_PID", "1"), PID, () -> "x", () -> true).orElseThrow();
            rx.receive(2_000);
            List<String> got = drain(rx, 300);
            n.close();

            assertThat(got).isEmpty();
        }
        assertThat(ServiceNotifier.watchdogMicros(Map.of("WATCHDOG_USEC", "30000000"), PID)).isEqualTo(30_000_000);
        assertThat(ServiceNotifier.watchdogMicros(Map.of("WATCHDOG_USEC", "0"), PID)).isZero();
        assertThat(ServiceNotifier.watchdogMicros(Map.of("WATCHDOG_USEC", "x"), PID)).isZero();
        assertThat(ServiceNotifier.watchdogMicros(Map.of(), PID)).isZero();
    }

    @Test
    void notifier_noOrUnusableNotifySocket_empty() {
        assertThat(ServiceNotifier.start(Map.of(), PID, () -> "x", () -> true)).isEmpty();
        assertThat(ServiceNotifier.start(Map.of("NOTIFY_SOCKET", "vsock:2:1234"), PID, () -> "x", () -> true)).isEmpty();
    }

    @Test
    void forDaemon_runningDaemon_statusSaysLocalClockAndReadyBeforeAnyPing() throws IOException {
        String address = tmp.resolve("notify").toString();
        int port;
        try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        String conf = "port " + port + "\nbindaddress 127.0.0.1\nbindcmdaddress /\nlocal stratum 7\n";
        try (UnixDatagramSocket rx = UnixDatagramSocket.bind(address);
                NtpDaemon d = NtpDaemon.start(((ConfigResult.Valid) ConfigParser.parse("t.conf", conf)).config())) {
            ServiceNotifier n = ServiceNotifier.forDaemon(d, Map.of("NOTIFY_SOCKET", address, "WATCHDOG_USEC",
                    "200000")).orElseThrow();
            String ready = new String(rx.receive(2_000), StandardCharsets.UTF_8);
            String ping = new String(rx.receive(2_000), StandardCharsets.UTF_8);
            n.close();

            assertThat(d.serving()).isTrue();
            assertThat(ready).isEqualTo("READY=1\nSTATUS=serving the local clock at stratum 7");
            assertThat(ping).isEqualTo("WATCHDOG=1");
        }
    }

    @Test
    void describe_states_oneLineEach() {
        Health synced = new Health(true, false, 3, "C0000201", "", "Normal", -0.000012, 0, 5, 4, 3, 2, "");
        Health local = new Health(false, true, 10, "7F7F0101", "local clock", "Normal", 0, 0, 1, 0, 0, 0, "");
        Health none = new Health(false, false, 16, "00000000", "", "Not synchronised", 0, 0, -1, 2, 0, 0,
                "no selectable sources");

        assertThat(ServiceNotifier.describe(synced))
                .isEqualTo("synchronised to C0000201 at stratum 3, system clock slow by 0.000012 s; 3 of 4 sources reachable");
        assertThat(ServiceNotifier.describe(local)).isEqualTo("serving the local clock at stratum 10");
        assertThat(ServiceNotifier.describe(none))
                .isEqualTo("not synchronised: no selectable sources; 0 of 2 sources reachable");
    }
}
