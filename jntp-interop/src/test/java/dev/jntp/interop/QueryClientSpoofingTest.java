// jntp query's client side against a hostile server: forged and stale replies are discarded and counted.
package dev.jntp.interop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jntp.daemon.QueryClient;
import dev.jntp.engine.query.QueryOutcome;
import dev.jntp.proto.NtpCodec;
import dev.jntp.proto.NtpTimestamp;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class QueryClientSpoofingTest {

    /**
     * A server that answers each request first with two replies whose origin is wrong (a stale
     * transmit timestamp and a guessed one), then with the right reply. Runs for a bounded count.
     */
    private static Thread spoofingServer(DatagramSocket socket, int requests) {
        return Thread.ofPlatform().start(() -> {
            byte[] buf = new byte[512];
            try {
                for (int i = 0; i < requests; i++) {
                    DatagramPacket p = new DatagramPacket(buf, buf.length);
                    socket.receive(p);
                    long origin = NtpCodec.getLong(buf, NtpCodec.OFF_TRANSMIT);
                    for (long o : new long[] {origin - 1, 0x0123_4567_89AB_CDEFL, origin}) {
                        byte[] reply = new byte[48];
                        reply[0] = 0x24;
                        reply[1] = 2;
                        NtpCodec.putInt(reply, NtpCodec.OFF_REFERENCE_ID, 0x7F7F0101);
                        NtpCodec.putLong(reply, NtpCodec.OFF_ORIGIN, o);
                        long now = NtpTimestamp.fromUnixNanos(System.currentTimeMillis() * 1_000_000L).raw();
                        NtpCodec.putLong(reply, NtpCodec.OFF_REFERENCE_TIME, now);
                        NtpCodec.putLong(reply, NtpCodec.OFF_RECEIVE, now);
                        NtpCodec.putLong(reply, NtpCodec.OFF_TRANSMIT, now);
                        socket.send(new DatagramPacket(reply, 48, p.getSocketAddress()));
                    }
                }
            } catch (IOException e) {
                // socket closed by the test: stop
            }
        });
    }

    @Test
    void exchange_forgedAndStaleReplies_discardedAndCounted_realReplyAccepted_freshPortEachTime()
            throws Exception {
        int requests = 3;
        try (DatagramSocket server = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            server.setSoTimeout(10_000);
            Thread t = spoofingServer(server, requests);
            QueryClient client = new QueryClient(new SplittableRandom(42));
            Set<Integer> ports = new HashSet<>();
            for (int i = 0; i < requests; i++) {
                QueryClient.Result r = client.exchange((InetSocketAddress) server.getLocalSocketAddress(), 4, 3000);
                assertThat(r.outcome()).as("%s", r).isInstanceOf(QueryOutcome.Answered.class);
                assertThat(r.discarded()).as("replies with the wrong origin").isEqualTo(2);
                ports.add(r.localPort());
            }
            assertThat(ports).as("a fresh source port per request").hasSize(requests);
            t.join(10_000);
        }
    }
}
