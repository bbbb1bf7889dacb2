// A corpus of malformed and odd requests against a running daemon: drops are counted, replies never grow.
package dev.jntp.interop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jntp.config.ConfigParser;
import dev.jntp.config.ConfigResult;
import dev.jntp.daemon.NtpDaemon;
import dev.jntp.engine.server.ServerCounter;
import dev.jntp.proto.NtpCodec;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MalformedRequestsTest {

    /** One datagram of the corpus and what the server must do with it. */
    record Case(String name, byte[] bytes, ServerCounter expected) {}

    private static long nextTransmit = 0x1234_5678_0000_0001L;

    private static byte[] request(int liVnMode, int length) {
        byte[] b = new byte[length];
        if (length > 0) {
            b[0] = (byte) liVnMode;
        }
        if (length >= 48) {
            NtpCodec.putLong(b, NtpCodec.OFF_TRANSMIT, nextTransmit++);
        }
        return b;
    }

    private static int vnMode(int version, int mode) {
        return (version << 3) | mode;
    }

    static List<Case> corpus() {
        List<Case> c = new ArrayList<>();
        c.add(new Case("empty", new byte[0], ServerCounter.MALFORMED));
        for (int len : new int[] {1, 12, 47}) {
            c.add(new Case("truncated to " + len, request(vnMode(4, 3), len), ServerCounter.MALFORMED));
        }
        c.add(new Case("1000 octets of zero-length extension", request(vnMode(4, 3), 1000), ServerCounter.MALFORMED));
        byte[] bigEf = request(vnMode(4, 3), 1000);
        NtpCodec.putShort(bigEf, 48, 0x7777);
        NtpCodec.putShort(bigEf, 50, 952);
        c.add(new Case("1000 octets with one unknown extension field", bigEf, ServerCounter.ANSWERED));
        c.add(new Case("odd trailer", request(vnMode(4, 3), 56), ServerCounter.MALFORMED));
        for (int v : new int[] {0, 5, 6, 7}) {
            c.add(new Case("version " + v, request(vnMode(v, 3), 48), ServerCounter.BAD_VERSION));
        }
        for (int mode : new int[] {0, 1, 2, 4, 5}) {
            c.add(new Case("mode " + mode, request(vnMode(4, mode), 48), ServerCounter.UNEXPECTED_MODE));
        }
        c.add(new Case("mode 6 READSTAT", new byte[] {0x16, 0x01, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0},
                ServerCounter.CONTROL_ANSWERED));
        c.add(new Case("mode 6 reply", new byte[] {0x16, (byte) 0x81, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0},
                ServerCounter.CONTROL_MODE));
        c.add(new Case("mode 6 truncated", new byte[] {0x16, 0x01, 0, 1}, ServerCounter.CONTROL_MODE));
        c.add(new Case("mode 7 monlist", request(vnMode(2, 7), 192), ServerCounter.PRIVATE_MODE));
        byte[] zeroTx = request(vnMode(4, 3), 48);
        NtpCodec.putLong(zeroTx, NtpCodec.OFF_TRANSMIT, 0);
        c.add(new Case("transmit = 0", zeroTx, ServerCounter.ANSWERED));
        for (int v : new int[] {2, 3, 4}) {
            c.add(new Case("version " + v + " client", request(vnMode(v, 3), 48), ServerCounter.ANSWERED));
        }
        c.add(new Case("version 1 without mode", request(vnMode(1, 0), 48), ServerCounter.ANSWERED));
        c.add(new Case("LI 3 client (ntpdig)", request(0xC0 | vnMode(4, 3), 48), ServerCounter.ANSWERED));
        c.add(new Case("MD5 MAC (unknown key)", request(vnMode(4, 3), 68), ServerCounter.ANSWERED));
        c.add(new Case("SHA1 MAC (unknown key)", request(vnMode(3, 3), 72), ServerCounter.ANSWERED));
        c.add(new Case("crypto-NAK trailer", request(vnMode(4, 3), 52), ServerCounter.ANSWERED));
        return c;
    }

    @Test
    void corpus_eachRequestHandledAsExpected_noReplyLargerThanRequest_daemonKeepsServing() throws IOException {
        int port = Tools.freeUdpPort();
        ConfigResult r = ConfigParser.parse("test.conf", "port " + port + "\nbindaddress 127.0.0.1\nbindcmdaddress /\n"
                + "allow 127.0.0.0/8\ndeny 127.0.0.2\nlocal stratum 3\n");
        try (NtpDaemon daemon = NtpDaemon.start(((ConfigResult.Valid) r).config());
                DatagramSocket client = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
                DatagramSocket denied = new DatagramSocket(new InetSocketAddress(InetAddress.ofLiteral("127.0.0.2"), 0))) {
            InetSocketAddress server = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
            List<Case> corpus = corpus();
            Map<ServerCounter, Long> expected = new EnumMap<>(ServerCounter.class);
            Map<Long, Case> byTransmit = new HashMap<>();
            for (Case c : corpus) {
                client.send(new DatagramPacket(c.bytes(), c.bytes().length, server));
                expected.merge(c.expected(), 1L, Long::sum);
                if (c.expected() == ServerCounter.ANSWERED) {
                    byTransmit.put(NtpCodec.getLong(c.bytes(), NtpCodec.OFF_TRANSMIT), c);
                }
            }
            byte[] fromDenied = request(vnMode(4, 3), 48);
            denied.send(new DatagramPacket(fromDenied, 48, server));
            expected.merge(ServerCounter.DENIED, 1L, Long::sum);

            // The socket is served in order: once the last probe is answered, every earlier reply has come.
            byte[] probe = request(vnMode(4, 3), 48);
            long probeTx = NtpCodec.getLong(probe, NtpCodec.OFF_TRANSMIT);
            client.send(new DatagramPacket(probe, 48, server));
            expected.merge(ServerCounter.ANSWERED, 1L, Long::sum);

            client.setSoTimeout(3000);
            int answered = 0;
            int controlAnswered = 0;
            boolean probeAnswered = false;
            byte[] buf = new byte[2048];
            while (!probeAnswered) {
                DatagramPacket p = new DatagramPacket(buf, buf.length);
                try {
                    client.receive(p);
                } catch (SocketTimeoutException e) {
                    break;
                }
                if ((buf[0] & 7) == 6) {
                    assertThat(p.getLength()).as("mode 6 reply without sources: a bare header").isEqualTo(12);
                    assertThat(buf[1] & 0x80).as("R bit").isNotZero();
                    controlAnswered++;
                    continue;
                }
                long origin = NtpCodec.getLong(buf, NtpCodec.OFF_ORIGIN);
                if (origin == probeTx) {
                    probeAnswered = true;
                    continue;
                }
                Case c = byTransmit.get(origin);
                assertThat(c).as("a reply to a request that must be dropped (origin %x)", origin).isNotNull();
                assertThat(p.getLength()).as("reply to '%s'", c.name()).isLessThanOrEqualTo(c.bytes().length);
                assertThat(buf[0] & 7).as("mode of the reply to '%s'", c.name()).isEqualTo(4);
                int version = (c.bytes()[0] >> 3) & 7;
                assertThat((buf[0] >> 3) & 7).as("version echoed to '%s'", c.name()).isEqualTo(version);
                answered++;
            }
            assertThat(probeAnswered).as("the daemon still answers after the corpus").isTrue();
            assertThat(answered).isEqualTo(byTransmit.size());
            assertThat((long) controlAnswered).isEqualTo(expected.getOrDefault(ServerCounter.CONTROL_ANSWERED, 0L));
            denied.setSoTimeout(200);
            assertThat(receivesNothing(denied)).as("no reply to a denied address").isTrue();

            Map<ServerCounter, Long> counted = daemon.stats().snapshot();
            for (ServerCounter k : List.of(ServerCounter.ANSWERED, ServerCounter.DENIED, ServerCounter.MALFORMED,
                    ServerCounter.BAD_VERSION, ServerCounter.UNEXPECTED_MODE, ServerCounter.CONTROL_MODE,
                    ServerCounter.PRIVATE_MODE, ServerCounter.CONTROL_ANSWERED, ServerCounter.CONTROL_DENIED)) {
                assertThat(counted.get(k)).as("counter %s", k).isEqualTo(expected.getOrDefault(k, 0L));
            }
            assertThat(counted.get(ServerCounter.RECEIVED)).isEqualTo(corpus.size() + 2L);
            System.out.println("server counters after the corpus: " + counted);
        }
    }

    private static boolean receivesNothing(DatagramSocket s) throws IOException {
        try {
            s.receive(new DatagramPacket(new byte[2048], 2048));
            return false;
        } catch (SocketTimeoutException e) {
            return true;
        }
    }
}
