// In-process jntp daemons on loopback for the tests of 'jntp check' and 'jntp waitsync', with bounded waits.
package dev.jntp.cli.check;

import dev.jntp.cli.Cli;
import dev.jntp.daemon.NtpDaemon;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/** Daemons in monitor mode (they never touch the clock) on free loopback ports. */
public final class CheckDaemons {

    private CheckDaemons() {}

    /** A UDP port free on loopback a moment ago. */
    public static int freePort() throws IOException {
        return Cli.unusedPort();
    }

    /** A daemon on the loopback addresses serving {@code lines}, with its control socket at {@code socket} (null: none). */
    public static NtpDaemon start(Path socket, String lines) throws IOException {
        return Cli.daemon("allow 127.0.0.1\nallow ::1\nbindcmdaddress " + (socket == null ? "/" : socket) + "\n" + lines);
    }

    /** A source line polling {@code leader} fast: a follower synchronises within seconds. */
    public static String follow(NtpDaemon leader) {
        return "server 127.0.0.1 port " + leader.localAddresses().getFirst().getPort()
                + " minpoll -2 maxpoll 0 iburst\n";
    }

    /** Waits up to {@code millis} for {@code condition}, looking ten times a second. */
    public static boolean await(long millis, BooleanSupplier condition) {
        long deadline = System.nanoTime() + millis * 1_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                return false;
            }
            LockSupport.parkNanos(100_000_000L);
        }
        return true;
    }
}
