// 'jntp daemon' as systemd starts a Type=notify service: READY=1 and STATUS= on its notify socket, watchdog pings, STOPPING=1.
package dev.jntp.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jntp.cli.Cli;
import dev.jntp.daemon.net.UnixDatagramSocket;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The test plays systemd: it binds the notification socket, starts the daemon process with {@code NOTIFY_SOCKET}
 * and {@code WATCHDOG_USEC} (1 s: a ping every 0.5 s) in its environment, reads what arrives, then stops it with
 * SIGTERM as {@code systemctl stop} does. The daemon serves its local clock (no sources): READY=1 says so.
 */
@Timeout(90)
class SystemdNotifyDaemonTest {

    @TempDir
    Path tmp;

    private static String next(UnixDatagramSocket rx, int millis) throws IOException {
        byte[] d = rx.receive(millis);
        return d == null ? null : new String(d, StandardCharsets.UTF_8);
    }

    @Test
    void daemonProcess_notifySocket_readyStatusPingsThenStopping() throws IOException {
        assumeTrue(UnixDatagramSocket.unsupportedReason() == null, UnixDatagramSocket.unsupportedReason());
        Path notify = tmp.resolve("notify");
        Path control = tmp.resolve("jntp.sock");
        Path conf = tmp.resolve("jntp.conf");
        Files.writeString(conf, "port " + Tools.freeUdpPort() + "\nbindaddress 127.0.0.1\nallow 127.0.0.1\n"
                + "local stratum 9\nbindcmdaddress " + control + "\n");
        try (UnixDatagramSocket rx = UnixDatagramSocket.bind(notify.toString());
                JntpProcess daemon = JntpProcess.startWithEnvironment(Map.of("NOTIFY_SOCKET", notify.toString(),
                        "WATCHDOG_USEC", "1000000"), null, "daemon", "--config", conf.toString())) {
            String ready = next(rx, 30_000);
            List<String> later = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                later.add(next(rx, 5_000));
            }
            Cli check = Cli.run("check", "--socket", control.toString());
            daemon.stopAndCheck();
            String last = next(rx, 5_000);
            while (last != null && last.equals("WATCHDOG=1")) {
                last = next(rx, 5_000);
            }

            assertThat(ready).isEqualTo("READY=1\nSTATUS=serving the local clock at stratum 9");
            assertThat(later).containsOnly("WATCHDOG=1");
            assertThat(check.out()).startsWith("OK: NTP healthy (local clock) - ");
            assertThat(last).isEqualTo("STOPPING=1\nSTATUS=stopping");
            assertThat(daemon.log()).contains("told systemd the service is ready; watchdog pings every 0.500 s");
        }
    }
}
