// Runs the load generator briefly on loopback: against a small responder every request is answered, against nothing none is.
package dev.jntp.daemon.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jntp.engine.server.AccessFilter;
import dev.jntp.engine.server.ReferenceProvider;
import dev.jntp.engine.server.ServerResponder;
import dev.jntp.engine.server.ServerStats;
import dev.jntp.proto.NtpTimestamp;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LoadGeneratorTest {

    private static final InetAddress LOOPBACK = InetAddress.ofLiteral("127.0.0.1");

    /** Answers NTP requests on a loopback port from a platform thread until closed. */
    private static final class Responder implements AutoCloseable {
        final DatagramChannel channel;
        final Thread thread;

        Responder() throws IOException {
            channel = DatagramChannel.open().bind(new InetSocketAddress(LOOPBACK, 0));
            ServerResponder responder = new ServerResponder(
                    AccessFilter.of(List.of(new AccessFilter.Rule(true, false, null))), new ServerStats());
            ReferenceProvider reference = ReferenceProvider.local(10, -20);
            thread = Thread.ofPlatform().daemon(true).start(() -> serve(responder, reference));
        }

        private void serve(ServerResponder responder, ReferenceProvider reference) {
            ByteBuffer in = ByteBuffer.allocate(2048);
            byte[] out = new byte[ServerResponder.MAX_REPLY_LENGTH];
            try {
                while (true) {
                    in.clear();
                    SocketAddress from = channel.receive(in);
                    NtpTimestamp now = NtpTimestamp.fromUnixNanos(System.currentTimeMillis() * 1_000_000L);
                    int n = responder.respond(in.array(), in.position(), LOOPBACK.getAddress(), now,
                            reference.at(now), out);
                    ServerResponder.stampTransmit(out, now);
                    channel.send(ByteBuffer.wrap(out, 0, n), from);
                }
            } catch (IOException e) {
                // closed: the test is over
            }
        }

        InetSocketAddress address() throws IOException {
            return (InetSocketAddress) channel.getLocalAddress();
        }

        @Override
        public void close() throws Exception {
            channel.close();
            thread.join(5_000);
        }
    }

    @Test
    void atALowRate_everyRequestIsAnsweredAndTimed() throws Exception {
        try (Responder r = new Responder()) {
            // 600 requests at 2000/s take 0.3 s; the 20 s duration is only the bound.
            LoadSpec spec = new LoadSpec(r.address(), Duration.ofSeconds(20), 2000, 2, 600, 1);

            LoadReport report = LoadGenerator.run(spec, new SplittableRandom(1));

            // UDP may drop a datagram even on loopback when the machine is loaded (a full socket
            // buffer while a thread waits for a CPU): allow 1%, and check the bookkeeping agrees.
            assertThat(report.sent()).isEqualTo(600);
            assertThat(report.received()).isBetween(594L, 600L);
            assertThat(report.lossPercent()).isLessThanOrEqualTo(1.0);
            assertThat(report.duplicates() + report.invalid() + report.sendErrors()).isZero();
            assertThat(report.latency().timed()).isEqualTo(report.received());
            assertThat(report.latency().p50()).isPositive();
            assertThat(report.sendSeconds()).isBetween(0.29, 19.0);
        }
    }

    @Test
    void maxMode_stopsAtTheCount() throws Exception {
        try (Responder r = new Responder()) {
            LoadSpec spec = new LoadSpec(r.address(), Duration.ofSeconds(20), 0, 2, 5000, 8);

            LoadReport report = LoadGenerator.run(spec, new SplittableRandom(2));

            assertThat(report.sent()).isEqualTo(5000);
            assertThat(report.received()).isBetween(4950L, 5000L);
            assertThat(report.sendSeconds()).isLessThan(20);
        }
    }

    @Test
    void noServer_nothingIsReceived() throws Exception {
        InetSocketAddress closed;
        try (DatagramChannel ch = DatagramChannel.open().bind(new InetSocketAddress(LOOPBACK, 0))) {
            closed = (InetSocketAddress) ch.getLocalAddress();
        }
        LoadSpec spec = LoadSpec.atRate(closed, Duration.ofMillis(200), 500, 1);

        LoadReport report = LoadGenerator.run(spec, new SplittableRandom(3));

        assertThat(report.received()).isZero();
        assertThat(report.lossPercent()).isEqualTo(100.0);
        assertThat(report.unreachable() + report.sendErrors()).isPositive();
    }
}
