// Starts in-process daemons on free loopback ports for the daemon tests, and waits for them with bounded waits.
package dev.jntp.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jntp.config.ConfigParser;
import dev.jntp.config.ConfigResult;
import dev.jntp.config.JntpConfig;
import dev.jntp.engine.server.ServerCounter;
import java.io.IOException;
import java.net.BindException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.function.BooleanSupplier;

/** Free ports, daemons on them, and deadline-bounded waits. */
final class TestDaemons {

    /** Both loopback addresses, allowed and bound, the way most tests serve. */
    static final String LOOPBACK = """
            bindaddress 127.0.0.1
            bindaddress ::1
            allow 127.0.0.1
            allow ::1
            """;

    private static final int ATTEMPTS = 10;

    private TestDaemons() {}

    /** A UDP port that was free on both loopback addresses a moment ago. */
    static int freePort() throws IOException {
        for (int attempt = 1; ; attempt++) {
            try (DatagramSocket s = new DatagramSocket(0, InetAddress.ofLiteral("::"))) {
                return s.getLocalPort();
            } catch (BindException e) {
                if (attempt == ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    /** The configuration of a text that must be valid. */
    static JntpConfig config(String text) {
        return switch (ConfigParser.parse("test.conf", text)) {
            case ConfigResult.Valid v -> v.config();
            case ConfigResult.Invalid i -> throw new AssertionError("invalid test config: " + i.errors());
        };
    }

    /**
     * A daemon serving {@code text} (without a {@code port} line) on a free port; when another
     * process takes the port between finding it and binding it, tries another.
     */
    static NtpDaemon start(String text) throws IOException {
        for (int attempt = 1; ; attempt++) {
            try {
                return NtpDaemon.start(config("port " + freePort() + "\nbindcmdaddress /\n"
                        + (text.contains("metricsport") ? "" : "metricsport 0\n") + text));
            } catch (IOException e) {
                if (!(e.getCause() instanceof BindException) || attempt == ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    /** The daemon's socket on {@code literal}. */
    static InetSocketAddress boundTo(NtpDaemon daemon, String literal) {
        InetAddress a = InetAddress.ofLiteral(literal);
        return daemon.localAddresses().stream().filter(s -> s.getAddress().equals(a)).findFirst()
                .orElseThrow(() -> new AssertionError(literal + " not among " + daemon.localAddresses()));
    }

    /** Waits until {@code condition} holds, for at most {@code millis}; never sleeps. */
    static boolean within(long millis, BooleanSupplier condition) {
        long deadline = System.nanoTime() + millis * 1_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                return false;
            }
            Thread.onSpinWait();
        }
        return true;
    }

    /** Checks that a counter of the daemon reaches {@code expected} within a second. */
    static void assertCounterReaches(NtpDaemon daemon, ServerCounter c, long expected) {
        within(1_000, () -> daemon.stats().get(c) >= expected);
        assertThat(daemon.stats().get(c)).as("%s", c).isEqualTo(expected);
    }
}
