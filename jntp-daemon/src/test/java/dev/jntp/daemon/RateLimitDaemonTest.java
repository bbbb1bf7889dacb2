// Tests ratelimit in the running daemon over loopback: a flooding socket is limited and kissed, a normal client answered.
package dev.jntp.daemon;

import static dev.jntp.daemon.TestDaemons.boundTo;
import static dev.jntp.daemon.TestDaemons.within;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jntp.config.RateLimit;
import dev.jntp.engine.server.ClientTable;
import dev.jntp.engine.server.ServerCounter;
import dev.jntp.proto.NtpCodec;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * One socket on 127.0.0.1 sends 5000 requests as fast as it can, draining replies as they come,
 * while a client on 127.0.0.2 (another address, so another bucket) polls four times (a request the
 * kernel drops from the server's full socket buffer is sent again, as at a client's next poll). With
 * {@code ratelimit interval 3 burst 8 leak 2 kod 1} the flooder gets its burst, then about 1 in 4
 * answered and about half of the rest as KoD RATE; the client is answered every time. Bounded in
 * count and time.
 */
@Timeout(60)
class RateLimitDaemonTest {

    private static final int FLOOD = 5000;
    private static final int RATE = 0x52415445;
    private static final String CONFIG = """
            bindaddress 127.0.0.1
            allow 127.0.0.0/8
            local stratum 5
            ratelimit interval 3 burst 8 leak 2 kod 1
            """;

    private static byte[] request(long transmit) {
        byte[] r = new byte[48];
        r[0] = 0x23; // version 4, client
        r[NtpCodec.OFF_POLL] = 0;
        NtpCodec.putLong(r, NtpCodec.OFF_TRANSMIT, transmit);
        return r;
    }

    @Test
    void flood_oneSocketAsFastAsItCan_limitedAndKissedWhileAnotherClientIsAnswered() throws Exception {
        try (NtpDaemon daemon = TestDaemons.start(CONFIG);
                DatagramChannel flooder = DatagramChannel.open();
                DatagramSocket normal = new DatagramSocket(new InetSocketAddress(InetAddress.ofLiteral("127.0.0.2"),
                        0))) {
            InetSocketAddress server = boundTo(daemon, "127.0.0.1");
            flooder.bind(new InetSocketAddress(InetAddress.ofLiteral("127.0.0.1"), 0));
            flooder.configureBlocking(false);
            normal.setSoTimeout(500);
            long start = System.nanoTime();
            int[] got = new int[2]; // answers, kisses
            int minPoll = Integer.MAX_VALUE;
            int normalAnswered = 0;
            ByteBuffer in = ByteBuffer.allocate(512);
            for (int i = 0; i < FLOOD; i++) {
                flooder.send(ByteBuffer.wrap(request(0x1000_0000L + i)), server);
                minPoll = Math.min(minPoll, drain(flooder, in, got));
                if (i % 1250 == 0) {
                    normalAnswered += poll(normal, server, 0x2000_0000L + i) ? 1 : 0;
                }
            }
            long quietSince = System.nanoTime();
            while (System.nanoTime() - quietSince < 300_000_000L) { // replies still on their way
                int before = got[0] + got[1];
                minPoll = Math.min(minPoll, drain(flooder, in, got));
                if (got[0] + got[1] != before) {
                    quietSince = System.nanoTime();
                }
                Thread.onSpinWait();
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            long normalRequests = daemon.clientLog().list(10).clients().stream()
                    .filter(c -> AddressText.of(c.address()).equals("127.0.0.2")).mapToLong(ClientLog.Client::requests)
                    .sum();
            long received = daemon.stats().get(ServerCounter.RECEIVED) - normalRequests;
            long limited = daemon.stats().get(ServerCounter.RATE_LIMITED);
            long kod = daemon.stats().get(ServerCounter.KOD_RATE);
            // Allowance: the burst, one per 8 s, and 1 in 4 of the rest within six standard deviations.
            long tokens = 8 + (long) (seconds / 8) + 1;
            double leakMean = (received - tokens) / 4.0;
            long allowance = tokens + (long) Math.ceil(leakMean + 6 * Math.sqrt((received - tokens) * 0.1875));
            System.out.printf("flood of %d over %.2f s: server read %d, answered the flooder %d (allowance %d),"
                    + " %d KoD RATE (%d counted), %d dropped; normal client %d/4 polls answered, %d requests"
                    + " reached the server%n", FLOOD, seconds, received, got[0], allowance, got[1], kod, limited,
                    normalAnswered, normalRequests);

            assertThat(normalAnswered).as("the other client is answered every time").isEqualTo(4);
            // The kernel drops what does not fit the server's socket buffer; enough gets through to be a flood.
            assertThat(received).as("flood requests read by the server").isGreaterThan(FLOOD / 10);
            assertThat((long) got[0]).as("flooder held to its allowance").isLessThanOrEqualTo(allowance);
            assertThat(got[1]).as("flooder kissed").isPositive();
            assertThat(kod).isGreaterThanOrEqualTo(got[1]);
            assertThat(limited).as("most of the rest dropped").isGreaterThan(received / 4);
            assertThat(minPoll).as("replies suggest the limiting interval as poll").isEqualTo(3);
            assertThat(within(1_000, () -> daemon.stats().get(ServerCounter.ANSWERED) + kod + limited
                    >= received + normalRequests)).isTrue();
            ClientLog.Listing l = daemon.clientLog().list(10);
            Map<String, ClientLog.Client> byAddress = new java.util.HashMap<>();
            l.clients().forEach(c -> byAddress.put(AddressText.of(c.address()), c));
            assertThat(byAddress.get("127.0.0.1").drops()).as("'jntp clients' shows the flooder's drops")
                    .isEqualTo(limited);
            assertThat(byAddress.get("127.0.0.2").drops()).isZero();
            assertThat(byAddress.get("127.0.0.2").requests()).as("every request that reached the server answered")
                    .isEqualTo(normalRequests).isGreaterThanOrEqualTo(4);
        }
    }

    /** Reads the replies waiting; counts answers and kisses; returns the smallest poll seen. */
    private static int drain(DatagramChannel ch, ByteBuffer in, int[] got) throws IOException {
        int minPoll = Integer.MAX_VALUE;
        while (true) {
            in.clear();
            if (ch.receive(in) == null) {
                return minPoll;
            }
            byte[] b = in.array();
            boolean kiss = b[NtpCodec.OFF_STRATUM] == 0 && NtpCodec.getInt(b, NtpCodec.OFF_REFERENCE_ID) == RATE
                    && (b[0] & 0xC0) == 0xC0;
            got[kiss ? 1 : 0]++;
            minPoll = Math.min(minPoll, b[NtpCodec.OFF_POLL]);
        }
    }

    /**
     * One poll of the normal client: a request, sent again (up to 3 times, as a client's next poll
     * would) when the flood has filled the server's socket buffer and the kernel dropped it.
     */
    private static boolean poll(DatagramSocket s, InetSocketAddress server, long transmit) throws IOException {
        for (int attempt = 0; attempt < 3; attempt++) {
            if (exchange(s, server, transmit + attempt)) {
                return true;
            }
        }
        return false;
    }

    /** One request from the normal client; whether a normal answer came back for it. */
    private static boolean exchange(DatagramSocket s, InetSocketAddress server, long transmit) throws IOException {
        s.send(new DatagramPacket(request(transmit), 48, server));
        byte[] b = new byte[512];
        DatagramPacket p = new DatagramPacket(b, b.length);
        while (true) {
            try {
                s.receive(p);
            } catch (SocketTimeoutException e) {
                return false;
            }
            if (NtpCodec.getLong(b, NtpCodec.OFF_ORIGIN) == transmit) { // not a late reply to an earlier attempt
                return p.getLength() == 48 && b[1] == 5;
            }
        }
    }

    @Test
    void minimumClientLogLimit_configAndEngine_agreeOnOneBucket() {
        assertThat(RateLimit.MIN_CLIENT_LOG_LIMIT).isEqualTo((long) ClientTable.BUCKET * ClientTable.RECORD_BYTES);
        assertThat(new ClientTable(RateLimit.MIN_CLIENT_LOG_LIMIT).capacity()).isEqualTo(ClientTable.BUCKET);
    }
}
