// Measures (prints, does not judge) how far a user-space clock reading after receive lags the kernel receive time.
package dev.jntp.daemon.net;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jntp.daemon.clock.SystemTime;
import java.io.IOException;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The lag is what java.nio's receive-then-read-the-clock adds to every server receive timestamp: the system call, the
 * wake-up of a blocked thread and the scheduling delay. Two cases on loopback, 1000 samples each after a warm-up:
 * an echo where both ends block in receive (the server's case) and a receive of a datagram already queued.
 */
class ReceiveLagTest extends LoopbackSockets {

    private static final int WARM_UP = 300;
    private static final int SAMPLES = 1000;

    @Test
    void lag_echoWithBlockedReceivers_isPrinted() throws Exception {
        CompletableFuture<long[]> serverLags = new CompletableFuture<>();
        Thread echo = Thread.ofPlatform().name("echo").start(() -> {
            try {
                serverLags.complete(echoLoop());
            } catch (Throwable e) {
                serverLags.completeExceptionally(e);
            }
        });
        long[] clientLags = pingLoop(client);
        long[] echoLags = serverLags.get(WAIT_MILLIS, TimeUnit.MILLISECONDS);
        echo.join(WAIT_MILLIS);

        report("echo, server side (blocked in poll)", echoLags);
        report("echo, client side (blocked in poll)", clientLags);
    }

    @Test
    void lag_datagramAlreadyQueued_isPrinted() throws IOException {
        report("queued, same thread (no wake-up)", pingLoop(server));
    }

    /** Sends pings from the client to the server, after each reading one datagram from {@code receiver}. */
    private long[] pingLoop(TimestampedUdpSocket receiver) throws IOException {
        long[] lags = new long[WARM_UP + SAMPLES];
        byte[] ping = new byte[48];
        byte[] buf = new byte[64];
        for (int i = 0; i < lags.length; i++) {
            client.send(ping, ping.length, server.localAddress());
            lags[i] = lag(receiver, buf);
        }
        return lags;
    }

    /** Answers each ping the server receives, on the calling thread. */
    private long[] echoLoop() throws IOException {
        long[] lags = new long[WARM_UP + SAMPLES];
        byte[] buf = new byte[64];
        for (int i = 0; i < lags.length; i++) {
            lags[i] = lag(server, buf);
            server.send(buf, 48, client.localAddress());
        }
        return lags;
    }

    private static long lag(TimestampedUdpSocket socket, byte[] buf) throws IOException {
        Received got = socket.receive(buf, WAIT_MILLIS);
        long now = SystemTime.realtime();
        assertThat(got).isNotNull();
        assertThat(got.hasKernelTimestamp()).isTrue();
        return now - got.kernelRxNanos();
    }

    private static void report(String what, long[] all) {
        long[] lags = Arrays.copyOfRange(all, WARM_UP, all.length);
        Arrays.sort(lags);
        assertThat(lags[0]).as("no user-space reading precedes the kernel's").isNotNegative();
        System.out.printf("user-space receive time minus kernel receive time, %s, n=%d: min %.1f µs, median %.1f µs,"
                + " p99 %.1f µs, max %.1f µs%n", what, lags.length, lags[0] / 1e3, lags[lags.length / 2] / 1e3,
                lags[(int) (lags.length * 0.99)] / 1e3, lags[lags.length - 1] / 1e3);
    }
}
