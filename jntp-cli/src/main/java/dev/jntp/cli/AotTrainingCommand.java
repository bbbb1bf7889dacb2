// A short, self-contained workload that the launcher runs once to record the JVM's ahead-of-time cache.
package dev.jntp.cli;

import dev.jntp.config.ConfigParser;
import dev.jntp.config.ConfigResult;
import dev.jntp.config.JntpConfig;
import dev.jntp.daemon.NtpDaemon;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import picocli.CommandLine.Command;

/**
 * {@code jntp aot-training} (hidden): what a daemon does in its first seconds, on loopback only. A
 * server daemon (local stratum 5) on a free port of 127.0.0.1 and a monitor-mode client daemon
 * polling it every 1/16 s; once the client is synchronised (at most 10 s), {@code tracking} and
 * {@code query} run against them, then both stop. Run under {@code -XX:AOTCacheOutput}, it leaves
 * the classes loaded and linked and the methods profiled in a cache (JEP 483, 514, 515) that later
 * starts load from: a daemon then synchronises about a second sooner on a busy machine. Neither
 * daemon changes the clock; nothing leaves 127.0.0.1.
 */
@Command(name = "aot-training", hidden = true,
        description = "Run a short loopback workload (for the launcher's ahead-of-time cache).")
public final class AotTrainingCommand implements Callable<Integer> {

    private static final long WAIT_NANOS = TimeUnit.SECONDS.toNanos(10);

    @Override
    public Integer call() throws IOException {
        int port;
        try (DatagramSocket probe = new DatagramSocket(new InetSocketAddress(InetAddress.ofLiteral("127.0.0.1"), 0))) {
            port = probe.getLocalPort();
        }
        Path dir = Files.createTempDirectory("jntp-aot-training");
        Path socket = dir.resolve("client.sock");
        try (NtpDaemon server = NtpDaemon.start(config("port " + port + "\nbindaddress 127.0.0.1\nallow 127.0.0.1\n"
                        + "local stratum 5\nbindcmdaddress /\n"));
                NtpDaemon client = NtpDaemon.start(config("port 0\nbindcmdaddress " + socket + "\n"
                        + "server 127.0.0.1 port " + port + " iburst minpoll -4 maxpoll -4\n"))) {
            long deadline = System.nanoTime() + WAIT_NANOS;
            while (System.nanoTime() < deadline && !synchronised(client)) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
            }
            Main.execute("tracking", "--socket", socket.toString());
            Main.execute("tracking", "--json", "--socket", socket.toString());
            Main.execute("query", "127.0.0.1", "--port", Integer.toString(port), "--count", "2", "--interval", "0.1");
            return synchronised(client) ? 0 : 1;
        } finally {
            Files.deleteIfExists(socket);
            Files.deleteIfExists(dir);
        }
    }

    private static boolean synchronised(NtpDaemon d) {
        return d.systemState().map(dev.jntp.engine.sync.SystemState::synchronised).orElse(false);
    }

    private static JntpConfig config(String text) {
        return switch (ConfigParser.parse("(aot-training)", text)) {
            case ConfigResult.Valid v -> v.config();
            case ConfigResult.Invalid i -> throw new IllegalStateException("training configuration: " + i.errors());
        };
    }
}
