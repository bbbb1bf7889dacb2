// Tests TimestampedUdpSocket on loopback: round trips, kernel receive times, timeouts, close, truncation and errors.
package dev.jntp.daemon.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jntp.daemon.clock.SystemTime;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ClosedChannelException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Sockets are bound to 127.0.0.1 or ::1; the dual-stack tests bind :: but send only to 127.0.0.1. */
class TimestampedUdpSocketTest extends LoopbackSockets {

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    private static InetSocketAddress at(String address, int port) throws IOException {
        return new InetSocketAddress(InetAddress.getByName(address), port);
    }

    /** Sends a ping from {@code from} to {@code to}, where {@code at} receives it, and a pong back; checks both. */
    private static void roundTrip(TimestampedUdpSocket from, TimestampedUdpSocket at, InetSocketAddress to)
            throws IOException {
        byte[] ping = bytes("ping " + to);
        assertThat(from.send(ping, ping.length, to)).isEqualTo(ping.length);
        byte[] buf = new byte[2048];
        Received got = at.receive(buf, WAIT_MILLIS);
        assertThat(got).isNotNull();
        assertThat(Arrays.copyOf(buf, got.length())).isEqualTo(ping);
        assertThat(got.source()).isEqualTo(from.localAddress());
        assertThat(got.truncated()).isFalse();

        byte[] pong = bytes("pong");
        at.send(pong, pong.length, got.source());
        Received back = from.receive(buf, WAIT_MILLIS);

        assertThat(back).isNotNull();
        assertThat(Arrays.copyOf(buf, back.length())).isEqualTo(pong);
        assertThat(back.source()).isEqualTo(to);
    }

    @Test
    void isSupported_thisLinux_trueWithNoReason() {
        assertThat(TimestampedUdpSocket.isSupported()).isTrue();
        assertThat(Native.unsupportedReason()).isNull();
    }

    @Test
    void sendReceive_ipv4_payloadAndSourcesRight() throws IOException {
        assertThat(server.localAddress().getPort()).isPositive();
        roundTrip(client, server, server.localAddress());
    }

    @Test
    void sendReceive_ipv6_payloadAndSourcesRight() throws IOException {
        try (var v6server = TimestampedUdpSocket.open(at("::1", 0), true);
                var v6client = TimestampedUdpSocket.open(at("::1", 0), true)) {
            assertThat(v6server.localAddress().getAddress()).isEqualTo(InetAddress.getByName("::1"));
            roundTrip(v6client, v6server, v6server.localAddress());
        }
    }

    @Test
    void sendReceive_dualStackSocket_ipv4PeerSeenAsIpv4() throws IOException {
        try (var dual = TimestampedUdpSocket.open(at("::", 0), false)) {
            roundTrip(client, dual, at("127.0.0.1", dual.localAddress().getPort()));
        }
    }

    @Test
    void open_v6onlyOffOrOn_claimsOrLeavesTheIpv4Port() throws IOException {
        try (var dual = TimestampedUdpSocket.open(at("::", 0), false)) {
            InetSocketAddress samePort = at("127.0.0.1", dual.localAddress().getPort());
            assertThatThrownBy(() -> TimestampedUdpSocket.open(samePort, false))
                    .isInstanceOfSatisfying(NativeSocketException.class,
                            e -> assertThat(e.errnoName()).isEqualTo("EADDRINUSE"));
        }
        try (var v6only = TimestampedUdpSocket.open(at("::", 0), true);
                var v4 = TimestampedUdpSocket.open(at("127.0.0.1", v6only.localAddress().getPort()), false)) {
            assertThat(v4.localAddress().getPort()).isEqualTo(v6only.localAddress().getPort());
        }
    }

    @Test
    void receive_kernelTimestamp_liesBetweenSendAndReturn() throws IOException {
        byte[] ping = bytes("when");
        byte[] buf = new byte[64];
        long before = SystemTime.realtime();
        client.send(ping, ping.length, server.localAddress());
        Received got = server.receive(buf, WAIT_MILLIS);
        long after = SystemTime.realtime();

        assertThat(got).isNotNull();
        assertThat(got.hasKernelTimestamp()).isTrue();
        assertThat(got.kernelRxNanos()).isBetween(before, after);
        assertThat(after - got.kernelRxNanos()).as("lag behind the kernel, ns").isLessThan(50_000_000L);
    }

    @Test
    void takeTxTimestamp_enabled_kernelSendTimeLiesAroundTheCallAndTheQueueIsDrained() throws IOException {
        byte[] ping = bytes("sent when");
        client.enableTxTimestamps();
        long before = SystemTime.realtime();
        client.send(ping, ping.length, server.localAddress());
        long after = SystemTime.realtime();

        long sent = client.takeTxTimestamp();

        assertThat(sent).as("loopback stamps during the send call").isBetween(before, after);
        assertThat(client.takeTxTimestamp()).as("drained").isZero();
        byte[] buf = new byte[64];
        Received got = server.receive(buf, WAIT_MILLIS);
        assertThat(got).isNotNull();
        assertThat(got.kernelRxNanos()).isGreaterThanOrEqualTo(sent);
        assertThat(client.receive(buf, 0)).as("the report is not a datagram").isNull();
    }

    @Test
    void takeTxTimestamp_notEnabled_zero() throws IOException {
        byte[] ping = bytes("unstamped");
        client.send(ping, ping.length, server.localAddress());

        assertThat(client.takeTxTimestamp()).isZero();
    }

    @Test
    void receive_nothingQueued_returnsNullAfterTimeout() throws IOException {
        byte[] buf = new byte[64];
        assertThat(server.receive(buf, 0)).as("no wait").isNull();

        long start = System.nanoTime();
        Received got = server.receive(buf, 50);
        long waitedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

        assertThat(got).isNull();
        assertThat(waitedMillis).isBetween(49L, 1_000L);
    }

    @Test
    void close_fromAnotherThread_endsBlockedReceiveWithinOneSecond() throws Exception {
        CompletableFuture<Received> result = new CompletableFuture<>();
        Thread receiver = Thread.ofPlatform().name("blocked-receiver").start(() -> {
            try {
                result.complete(server.receive(new byte[64], -1));
            } catch (Throwable e) {
                result.completeExceptionally(e);
            }
        });
        awaitInPoll(receiver);

        long start = System.nanoTime();
        server.close();
        Throwable thrown = null;
        try {
            result.get(1, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            thrown = e.getCause();
        }
        long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

        assertThat(thrown).isInstanceOf(AsynchronousCloseException.class);
        assertThat(tookMillis).isLessThan(1_000L);
        receiver.join(1_000);
        assertThat(receiver.isAlive()).isFalse();
    }

    /** Waits (at most 2 s) until the thread is inside the poll downcall, so close really meets a blocked receive. */
    private static void awaitInPoll(Thread thread) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        while (System.nanoTime() < deadline) {
            for (StackTraceElement frame : thread.getStackTrace()) {
                if (frame.getClassName().equals(Native.class.getName()) && frame.getMethodName().equals("poll")) {
                    return;
                }
            }
            Thread.yield();
        }
        throw new AssertionError("the receiver never reached poll");
    }

    @Test
    void receive_afterClose_throwsClosedAndCloseIsIdempotent() {
        server.close();
        server.close();

        assertThat(server.isOpen()).isFalse();
        assertThatThrownBy(() -> server.receive(new byte[8], 0)).isInstanceOf(ClosedChannelException.class);
        assertThatThrownBy(() -> server.send(new byte[8], 8, V4_ANY_PORT)).isInstanceOf(ClosedChannelException.class);
    }

    @Test
    void receive_oversizeDatagram_reportsTruncatedAndKeepsThePrefix() throws IOException {
        byte[] big = new byte[3000];
        for (int i = 0; i < big.length; i++) {
            big[i] = (byte) i;
        }
        client.send(big, big.length, server.localAddress());
        byte[] buf = new byte[48];
        Received got = server.receive(buf, WAIT_MILLIS);

        assertThat(got).isNotNull();
        assertThat(got.truncated()).isTrue();
        assertThat(got.length()).isEqualTo(48);
        assertThat(buf).isEqualTo(Arrays.copyOf(big, 48));
        assertThat(got.hasKernelTimestamp()).isTrue();
    }

    @Test
    void receive_emptyDatagram_isNotATimeout() throws IOException {
        client.send(new byte[0], 0, server.localAddress());
        Received got = server.receive(new byte[16], WAIT_MILLIS);

        assertThat(got).isNotNull();
        assertThat(got.length()).isZero();
        assertThat(got.truncated()).isFalse();
    }

    @Test
    void open_portAlreadyBound_failsWithEaddrinuse() {
        assertThatThrownBy(() -> TimestampedUdpSocket.open(server.localAddress(), false))
                .isInstanceOfSatisfying(NativeSocketException.class, e -> {
                    assertThat(e.errnoName()).isEqualTo("EADDRINUSE");
                    assertThat(e.errno()).isEqualTo(98);
                    assertThat(e).hasMessage("bind 127.0.0.1:" + server.localAddress().getPort() + ": EADDRINUSE");
                });
    }

    @Test
    void send_unconnectedWithoutAddress_failsWithEdestaddrreq() {
        assertThatThrownBy(() -> client.send(new byte[4], 4, null))
                .isInstanceOfSatisfying(NativeSocketException.class,
                        e -> assertThat(e.errnoName()).isEqualTo("EDESTADDRREQ"));
    }

    @Test
    void send_ipv6AddressFromIpv4Socket_failsWithEafnosupport() throws IOException {
        InetSocketAddress v6 = at("::1", 9);
        assertThatThrownBy(() -> client.send(new byte[4], 4, v6))
                .isInstanceOfSatisfying(NativeSocketException.class,
                        e -> assertThat(e.errnoName()).isEqualTo("EAFNOSUPPORT"));
    }

    @Test
    void connect_sendWithoutAddress_reachesPeerAndOnlyPeerIsHeard() throws IOException {
        try (var stranger = TimestampedUdpSocket.open(V4_ANY_PORT, false)) {
            client.connect(server.localAddress());
            assertThat(client.remoteAddress()).isEqualTo(server.localAddress());
            byte[] buf = new byte[64];
            client.send(bytes("hello"), 5, null);
            Received got = server.receive(buf, WAIT_MILLIS);
            assertThat(got).isNotNull();
            assertThat(got.source()).isEqualTo(client.localAddress());

            stranger.send(bytes("noise"), 5, client.localAddress());
            server.send(bytes("reply"), 5, got.source());
            Received reply = client.receive(buf, WAIT_MILLIS);

            assertThat(reply).isNotNull();
            assertThat(new String(buf, 0, reply.length(), StandardCharsets.US_ASCII)).isEqualTo("reply");
            assertThat(client.receive(buf, 0)).as("the stranger's datagram was dropped").isNull();
        }
    }

    @Test
    void receive_connectedPeerPortClosed_failsWithEconnrefused() throws IOException {
        InetSocketAddress closedPort = server.localAddress();
        server.close();
        client.connect(closedPort);
        client.send(bytes("anyone?"), 7, null);

        assertThatThrownBy(() -> client.receive(new byte[64], WAIT_MILLIS))
                .isInstanceOfSatisfying(NativeSocketException.class,
                        e -> assertThat(e.errnoName()).isEqualTo("ECONNREFUSED"));
    }
}
