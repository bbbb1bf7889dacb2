// Tests TimestampedUdpSocket.receiveBatch (recvmmsg) on loopback: several senders, truncation, timeout, close.
package dev.jntp.daemon.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jntp.daemon.clock.SystemTime;
import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReceiveBatchTest extends LoopbackSockets {

    /** Calls receiveBatch (at most {@code expected} times) until {@code expected} datagrams came; each with its first byte. */
    private List<Received> collect(int expected, byte[][] bufs, List<Byte> firstBytes) throws IOException {
        Received[] out = new Received[bufs.length];
        List<Received> got = new ArrayList<>();
        for (int call = 0; call < expected && got.size() < expected; call++) {
            int n = server.receiveBatch(bufs, out, WAIT_MILLIS);
            for (int i = 0; i < n; i++) {
                got.add(out[i]);
                firstBytes.add(bufs[i].length > 0 ? bufs[i][0] : (byte) 0);
            }
        }
        return got;
    }

    @Test
    void receiveBatch_fiveQueued_allArriveInOrderWithSourcesAndTimestamps() throws IOException {
        try (var b = TimestampedUdpSocket.open(V4_ANY_PORT, false)) {
            var a = client;
            long before = SystemTime.realtime();
            for (int i = 0; i < 5; i++) {
                byte[] payload = new byte[10 + i];
                payload[0] = (byte) i;
                (i % 2 == 0 ? a : b).send(payload, payload.length, server.localAddress());
            }
            List<Byte> firstBytes = new ArrayList<>();
            List<Received> got = collect(5, new byte[8][2048], firstBytes);
            long after = SystemTime.realtime();

            assertThat(got).hasSize(5);
            assertThat(firstBytes).containsExactly((byte) 0, (byte) 1, (byte) 2, (byte) 3, (byte) 4);
            for (int i = 0; i < 5; i++) {
                Received r = got.get(i);
                assertThat(r.length()).isEqualTo(10 + i);
                assertThat(r.source()).isEqualTo((i % 2 == 0 ? a : b).localAddress());
                assertThat(r.kernelRxNanos()).isBetween(before, after);
                assertThat(r.truncated()).isFalse();
            }
        }
    }

    @Test
    void receiveBatch_smallBufferForOneSlot_onlyThatOneTruncated() throws IOException {
        client.send(new byte[100], 100, server.localAddress());
        client.send(new byte[100], 100, server.localAddress());
        List<Received> got = collect(2, new byte[][] {new byte[40], new byte[200]}, new ArrayList<>());

        assertThat(got).hasSize(2);
        assertThat(got.get(0).truncated()).isTrue();
        assertThat(got.get(0).length()).isEqualTo(40);
        assertThat(got.get(1).length()).isEqualTo(100);
        assertThat(got.get(1).truncated()).isFalse();
    }

    @Test
    void receiveBatch_nothingQueued_returnsZeroAfterTimeout() throws IOException {
        Received[] out = new Received[4];

        assertThat(server.receiveBatch(new byte[4][64], out, 20)).isZero();
        assertThat(out).containsOnlyNulls();
        assertThat(server.receiveBatch(new byte[0][], out, -1)).as("no slots").isZero();
    }

    @Test
    void receive_afterLargerBatch_stillReadsSingleDatagrams() throws IOException {
        assertThat(server.receiveBatch(new byte[16][9000], new Received[16], 0)).isZero();
        client.send(new byte[] {7, 8, 9}, 3, server.localAddress());
        byte[] buf = new byte[2];
        Received got = server.receive(buf, WAIT_MILLIS);

        assertThat(got).isNotNull();
        assertThat(got.truncated()).isTrue();
        assertThat(buf).containsExactly(7, 8);
    }

    @Test
    void receiveBatch_closed_throwsClosed() {
        server.close();

        assertThatThrownBy(() -> server.receiveBatch(new byte[2][64], new Received[2], 0))
                .isInstanceOf(ClosedChannelException.class);
    }
}
