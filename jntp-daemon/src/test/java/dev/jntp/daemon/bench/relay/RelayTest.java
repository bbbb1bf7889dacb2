// Runs the relay briefly on loopback against an echo server: replies reach the right client, delayed, lost or capped as asked.
package dev.jntp.daemon.bench.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class RelayTest {

    private static final InetAddress LOOPBACK = InetAddress.ofLiteral("127.0.0.1");
    private static final long MS = 1_000_000L;

    private static final byte[] ECHO = "echo:".getBytes(StandardCharsets.US_ASCII);

    /** A loopback socket that sends every datagram back, prefixed with "echo:", from a platform thread until closed. */
    private record Echo(DatagramChannel channel, Thread thread) implements AutoCloseable {
        static Echo start() throws IOException {
            DatagramChannel ch = DatagramChannel.open().bind(new InetSocketAddress(LOOPBACK, 0));
            return new Echo(ch, Thread.ofPlatform().daemon(true).start(() -> echo(ch)));
        }

        private static void echo(DatagramChannel ch) {
            ByteBuffer in = ByteBuffer.allocate(2048);
            try {
                for (SocketAddress from = ch.receive(in); ; from = ch.receive(in.clear())) {
                    ch.send(ByteBuffer.allocate(ECHO.length + in.flip().remaining()).put(ECHO).put(in).flip(), from);
                }
            } catch (IOException e) {
                // closed: the test is over
            }
        }

        @Override
        public void close() throws Exception {
            channel.close();
            thread.join(5_000);
        }
    }

    /** A relay running on its own thread, stopped (and its report awaited) on close. */
    private record Running(Relay relay, CompletableFuture<RelayReport> report) implements AutoCloseable {
        static Running start(RelaySpec spec) throws IOException {
            Relay relay = Relay.open(spec);
            CompletableFuture<RelayReport> f = new CompletableFuture<>();
            Thread.ofPlatform().daemon(true).start(() -> {
                try {
                    f.complete(relay.run());
                } catch (Throwable t) {
                    f.completeExceptionally(t);
                }
            });
            return new Running(relay, f);
        }

        InetSocketAddress address() throws IOException {
            return new InetSocketAddress(LOOPBACK, relay.localAddress().getPort());
        }

        RelayReport stop() throws Exception {
            relay.close();
            return report.get(10, TimeUnit.SECONDS);
        }

        @Override
        public void close() throws Exception {
            stop();
        }
    }

    private static InetSocketAddress upstream(Echo echo) throws IOException {
        return (InetSocketAddress) echo.channel().getLocalAddress();
    }

    private static RelaySpec spec(InetSocketAddress upstream, Impairment.Spec impairment, long maxPackets) {
        return new RelaySpec(new InetSocketAddress(LOOPBACK, 0), upstream, impairment, 1, Duration.ofSeconds(20),
                maxPackets);
    }

    /** Sends {@code text} and returns the reply and the round trip in ns, or null on a 2 s time-out. */
    private static String exchange(DatagramSocket s, InetSocketAddress to, String text, long[] rtt) throws IOException {
        byte[] b = text.getBytes(StandardCharsets.US_ASCII);
        long t0 = System.nanoTime();
        s.send(new DatagramPacket(b, b.length, to));
        DatagramPacket p = new DatagramPacket(new byte[2048], 2048);
        try {
            s.receive(p);
        } catch (SocketTimeoutException e) {
            return null;
        }
        rtt[0] = System.nanoTime() - t0;
        return new String(p.getData(), 0, p.getLength(), StandardCharsets.US_ASCII);
    }

    private static DatagramSocket client() throws IOException {
        DatagramSocket s = new DatagramSocket(0, LOOPBACK);
        s.setSoTimeout(2_000);
        return s;
    }

    @Test
    void twoClients_eachGetsItsOwnReplies_delayedBothWays() throws Exception {
        Impairment.Spec delay5 = new Impairment.Spec(5 * MS, 0, Impairment.Distribution.UNIFORM, 0, 0);
        try (Echo echo = Echo.start();
                Running r = Running.start(spec(upstream(echo), delay5, 1000));
                DatagramSocket a = client();
                DatagramSocket b = client()) {
            long[] rtt = new long[1];
            for (int i = 0; i < 3; i++) {
                assertThat(exchange(a, r.address(), "a" + i, rtt)).isEqualTo("echo:a" + i);
                assertThat(rtt[0]).as("5 ms out + 5 ms back").isGreaterThanOrEqualTo(10 * MS);
                assertThat(exchange(b, r.address(), "b" + i, rtt)).isEqualTo("echo:b" + i);
            }

            RelayReport report = r.stop();

            assertThat(report.stopReason()).isEqualTo("stopped");
            assertThat(report.flowsOpened()).isEqualTo(2);
            assertThat(report.out().received()).isEqualTo(6);
            assertThat(report.out().forwarded()).isEqualTo(6);
            assertThat(report.back().forwarded()).isEqualTo(6);
            assertThat(report.out().minDelayMs()).isEqualTo(5.0);
            assertThat(report.back().maxDelayMs()).isEqualTo(5.0);
            assertThat(report.out().lost() + report.back().lost()).isZero();
        }
    }

    @Test
    void lossOne_nothingComesBack_everyDatagramCountedAsLost() throws Exception {
        Impairment.Spec lossAll = new Impairment.Spec(0, 0, Impairment.Distribution.UNIFORM, 1, 0);
        try (Echo echo = Echo.start();
                Running r = Running.start(spec(upstream(echo), lossAll, 1000));
                DatagramSocket a = client()) {
            a.setSoTimeout(200);
            long[] rtt = new long[1];
            assertThat(exchange(a, r.address(), "x", rtt)).isNull();
            assertThat(exchange(a, r.address(), "y", rtt)).isNull();

            RelayReport report = r.stop();

            assertThat(report.out().received()).isEqualTo(2);
            assertThat(report.out().lost()).isEqualTo(2);
            assertThat(report.out().forwarded()).isZero();
            assertThat(report.back().received()).isZero();
        }
    }

    @Test
    void packetCount_endsTheRunByItself() throws Exception {
        try (Echo echo = Echo.start();
                DatagramSocket a = client()) {
            Running r = Running.start(spec(upstream(echo), Impairment.Spec.NONE, 2));
            long[] rtt = new long[1];
            assertThat(exchange(a, r.address(), "one", rtt)).isEqualTo("echo:one");

            RelayReport report = r.report().get(10, TimeUnit.SECONDS);

            assertThat(report.stopReason()).isEqualTo("packet count");
            assertThat(report.out().received() + report.back().received()).isEqualTo(2);
        }
    }

    @Test
    void aRelayRunsOnce() throws Exception {
        try (Echo echo = Echo.start()) {
            Relay relay = Relay.open(spec(upstream(echo), Impairment.Spec.NONE, 10));
            relay.close();

            assertThatThrownBy(relay::run).isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void specBeyondTheCaps_isRejectedAndNamed() {
        InetSocketAddress any = new InetSocketAddress(LOOPBACK, 1);
        assertThatThrownBy(() -> new RelaySpec(any, any, Impairment.Spec.NONE, 0, Duration.ofSeconds(3601), 10))
                .hasMessageContaining("duration");
        assertThatThrownBy(() -> new RelaySpec(any, any, Impairment.Spec.NONE, 0, Duration.ZERO, 10))
                .hasMessageContaining("duration");
        assertThatThrownBy(() -> new RelaySpec(any, any, Impairment.Spec.NONE, 0, Duration.ofSeconds(1), 0))
                .hasMessageContaining("packet count");
        assertThatThrownBy(() -> new RelaySpec(any, any, Impairment.Spec.NONE, 0, Duration.ofSeconds(1),
                RelaySpec.MAX_PACKETS + 1)).hasMessageContaining("packet count");
        assertThatThrownBy(() -> new RelaySpec(any, null, Impairment.Spec.NONE, 0, Duration.ofSeconds(1), 1))
                .hasMessageContaining("no upstream");
    }

    @Test
    void arrival_kernelStampOfADatagramReadLate_delayCountsFromTheStamp() {
        long now = System.nanoTime();
        long stamp = dev.jntp.daemon.clock.SystemTime.realtime() - 300_000;
        InetSocketAddress from = new InetSocketAddress(InetAddress.getLoopbackAddress(), 5);

        long arrival = Relay.arrival(new dev.jntp.daemon.net.Received(48, from, stamp, false), now);

        assertThat(now - arrival).as("read this long after it arrived, ns").isBetween(300_000L, 50_000_000L);
    }

    @Test
    void arrival_noStampOrAnImpossibleOne_now() {
        long now = System.nanoTime();
        InetSocketAddress from = new InetSocketAddress(InetAddress.getLoopbackAddress(), 5);
        long future = dev.jntp.daemon.clock.SystemTime.realtime() + 10_000_000_000L;
        long ancient = dev.jntp.daemon.clock.SystemTime.realtime() - 3_600_000_000_000L;

        assertThat(Relay.arrival(new dev.jntp.daemon.net.Received(48, from, 0, false), now)).isEqualTo(now);
        assertThat(Relay.arrival(new dev.jntp.daemon.net.Received(48, from, future, false), now)).isEqualTo(now);
        assertThat(now - Relay.arrival(new dev.jntp.daemon.net.Received(48, from, ancient, false), now))
                .as("at most a second back").isEqualTo(1_000_000_000L);
    }
}
