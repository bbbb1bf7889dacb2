// Tests ntpq's queries (mode 6) against an in-process daemon: answers, access by cmdallow/cmddeny, rate limit, sources.
package dev.jntp.daemon;

import static dev.jntp.daemon.TestDaemons.LOOPBACK;
import static dev.jntp.daemon.TestDaemons.assertCounterReaches;
import static dev.jntp.daemon.TestDaemons.boundTo;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jntp.engine.control.ControlRateLimiter;
import dev.jntp.engine.server.ServerCounter;
import dev.jntp.proto.ControlCodec;
import dev.jntp.proto.ControlDecodeResult;
import dev.jntp.proto.ControlHeader;
import dev.jntp.proto.ControlMessage;
import dev.jntp.proto.ControlOpcode;
import dev.jntp.proto.ControlVariables;
import dev.jntp.proto.NtpCodec;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@Timeout(60)
class ControlQueriesTest {

    private static final int NO_REPLY_MILLIS = 300;

    /** A mode 6 client on {@code from}: sends one request, collects the reply's fragments. */
    private record Client(DatagramSocket socket) implements AutoCloseable {

        static Client on(String from) throws IOException {
            return new Client(new DatagramSocket(new InetSocketAddress(InetAddress.ofLiteral(from), 0)));
        }

        void send(InetSocketAddress server, ControlOpcode op, int sequence, int assoc, String names)
                throws IOException {
            byte[] b = ControlCodec.encode(new ControlMessage(ControlHeader.request(2, op, sequence, assoc),
                    names.getBytes(StandardCharsets.US_ASCII)));
            socket.send(new DatagramPacket(b, b.length, server));
        }

        /** The reply's fragments once complete, or null when nothing (more) comes within the wait. */
        List<ControlMessage> reply(int waitMillis) throws IOException {
            socket.setSoTimeout(waitMillis);
            List<ControlMessage> parts = new ArrayList<>();
            for (int i = 0; i < ControlCodec.MAX_FRAGMENTS; i++) {
                DatagramPacket p = new DatagramPacket(new byte[2048], 2048);
                try {
                    socket.receive(p);
                } catch (SocketTimeoutException e) {
                    return null;
                }
                assertThat(p.getLength()).isLessThanOrEqualTo(480);
                parts.add(((ControlDecodeResult.Decoded) ControlCodec.decode(Arrays.copyOf(p.getData(),
                        p.getLength()))).message());
                if (ControlCodec.reassemble(parts) != null) {
                    return parts;
                }
            }
            return null;
        }

        Map<String, String> variables(InetSocketAddress server, int assoc, String names) throws IOException {
            send(server, ControlOpcode.READVAR, 1, assoc, names);
            List<ControlMessage> r = reply(2_000);
            assertThat(r).as("a reply").isNotNull();
            Map<String, String> m = new LinkedHashMap<>();
            for (ControlVariables.Variable v : ControlVariables.parse(ControlCodec.reassemble(r))) {
                m.put(v.name(), v.value());
            }
            return m;
        }

        @Override
        public void close() {
            socket.close();
        }
    }

    private static boolean awaitUntil(long millis, BooleanSupplier condition) {
        long deadline = System.nanoTime() + millis * 1_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                return false;
            }
            LockSupport.parkNanos(50_000_000L);
        }
        return true;
    }

    @ParameterizedTest(name = "over {0}")
    @ValueSource(strings = {"127.0.0.1", "::1"})
    void localStratum5_readvarFromLocalhost_answeredWithTheServedState(String address) throws IOException {
        try (NtpDaemon daemon = TestDaemons.start(LOOPBACK + "local stratum 5\n"); Client c = Client.on(address)) {
            Map<String, String> v = c.variables(boundTo(daemon, address), 0, "");
            assertThat(v).containsEntry("stratum", "5").containsEntry("refid", "127.127.1.1")
                    .containsEntry("leap", "0").containsEntry("peer", "0")
                    .containsEntry("precision", String.valueOf(daemon.precision()));
            assertThat(v.get("version")).startsWith("\"jntp");
            assertThat(v.get("system")).isEqualTo("\"" + System.getProperty("os.name") + "\"");
            assertThat(c.variables(boundTo(daemon, address), 0, "stratum,offset"))
                    .containsExactly(Map.entry("stratum", "5"), Map.entry("offset", "0.000000"));
            assertCounterReaches(daemon, ServerCounter.CONTROL_ANSWERED, 2);
            assertThat(daemon.stats().get(ServerCounter.CONTROL_MODE)).isZero();
        }
    }

    @Test
    void otherLoopbackAddress_notAllowedByDefault_dropped() throws IOException {
        try (NtpDaemon daemon = TestDaemons.start("bindaddress 127.0.0.1\nallow 127.0.0.0/8\nlocal stratum 5\n");
                Client c = Client.on("127.0.0.2")) {
            c.send(boundTo(daemon, "127.0.0.1"), ControlOpcode.READVAR, 1, 0, "");
            assertThat(c.reply(NO_REPLY_MILLIS)).isNull();
            assertCounterReaches(daemon, ServerCounter.CONTROL_DENIED, 1);
            assertThat(daemon.stats().get(ServerCounter.CONTROL_ANSWERED)).isZero();
        }
    }

    @Test
    void cmdallow_otherAddressAnswered_cmddenyAllShutsOutLocalhost() throws IOException {
        try (NtpDaemon daemon = TestDaemons.start("bindaddress 127.0.0.1\nlocal stratum 5\ncmdallow 127.0.0.2\n");
                Client c = Client.on("127.0.0.2")) {
            assertThat(c.variables(boundTo(daemon, "127.0.0.1"), 0, "stratum")).containsEntry("stratum", "5");
        }
        try (NtpDaemon daemon = TestDaemons.start("bindaddress 127.0.0.1\nlocal stratum 5\ncmddeny all\n");
                Client c = Client.on("127.0.0.1")) {
            c.send(boundTo(daemon, "127.0.0.1"), ControlOpcode.READSTAT, 1, 0, "");
            assertThat(c.reply(NO_REPLY_MILLIS)).isNull();
            assertCounterReaches(daemon, ServerCounter.CONTROL_DENIED, 1);
        }
    }

    @Test
    void manyQueriesAtOnce_theBurstAnsweredTheRestRateLimited() throws IOException {
        int sent = 3 * ControlRateLimiter.DEFAULT_BURST;
        try (NtpDaemon daemon = TestDaemons.start("bindaddress 127.0.0.1\nlocal stratum 5\n");
                Client c = Client.on("127.0.0.1")) {
            for (int i = 0; i < sent; i++) {
                c.send(boundTo(daemon, "127.0.0.1"), ControlOpcode.READSTAT, i, 0, "");
            }
            awaitUntil(2_000, () -> daemon.stats().get(ServerCounter.CONTROL_ANSWERED)
                    + daemon.stats().get(ServerCounter.CONTROL_RATE_LIMITED) >= sent);
            long answered = daemon.stats().get(ServerCounter.CONTROL_ANSWERED);
            long limited = daemon.stats().get(ServerCounter.CONTROL_RATE_LIMITED);
            System.out.printf("%d queries at once: %d answered, %d rate limited%n", sent, answered, limited);
            assertThat(answered + limited).isEqualTo(sent);
            assertThat(answered).as("the burst and what refilled meanwhile")
                    .isBetween((long) ControlRateLimiter.DEFAULT_BURST, ControlRateLimiter.DEFAULT_BURST + 16L);
        }
    }

    @Test
    void malformedOrReplyDatagram_countedAsControlModeNotAnswered() throws IOException {
        try (NtpDaemon daemon = TestDaemons.start("bindaddress 127.0.0.1\nlocal stratum 5\n");
                DatagramSocket s = new DatagramSocket(new InetSocketAddress(InetAddress.ofLiteral("127.0.0.1"), 0))) {
            byte[] reply = {0x16, (byte) 0x81, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0};
            byte[] short6 = {0x16, 0x01, 0, 1};
            for (byte[] b : List.of(reply, short6)) {
                s.send(new DatagramPacket(b, b.length, boundTo(daemon, "127.0.0.1")));
            }
            assertCounterReaches(daemon, ServerCounter.CONTROL_MODE, 2);
            assertThat(daemon.stats().get(ServerCounter.CONTROL_ANSWERED)).isZero();
        }
    }

    @Test
    void synchronisedToAnotherDaemon_readstatShowsTheSystemPeerAndItsVariables() throws IOException {
        try (NtpDaemon upstream = TestDaemons.start("bindaddress 127.0.0.1\nallow 127.0.0.1\nlocal stratum 1\n")) {
            int up = boundTo(upstream, "127.0.0.1").getPort();
            try (NtpDaemon daemon = TestDaemons.start("bindaddress 127.0.0.1\nallow 127.0.0.1\n"
                    + "server 127.0.0.1 port " + up + " iburst minpoll -2 maxpoll 0\n");
                    Client c = Client.on("127.0.0.1")) {
                boolean synced = awaitUntil(20_000, () -> daemon.systemState().map(s -> s.synchronised())
                        .orElse(false));
                assertThat(synced).as("synchronised: %s", daemon.systemState()).isTrue();
                InetSocketAddress server = boundTo(daemon, "127.0.0.1");
                c.send(server, ControlOpcode.READSTAT, 5, 0, "");
                List<ControlMessage> r = c.reply(2_000);
                assertThat(r).isNotNull();
                byte[] d = ControlCodec.reassemble(r);
                assertThat(d).hasSize(4);
                assertThat(NtpCodec.getShort(d, 0)).isEqualTo(1);
                assertThat((NtpCodec.getShort(d, 2) >>> 8) & 7).as("sys.peer").isEqualTo(6);
                assertThat(r.getFirst().header().status() >>> 8).as("leap 0, sync_ntp").isEqualTo(6);

                Map<String, String> peer = c.variables(server, 1, "");
                assertThat(peer).containsEntry("srcadr", "127.0.0.1").containsEntry("srcport", String.valueOf(up))
                        .containsEntry("stratum", "1").containsEntry("hmode", "3")
                        .containsEntry("refid", "....").containsKey("rec");
                Map<String, String> sys = c.variables(server, 0, "stratum,peer,refid");
                assertThat(sys).containsExactly(Map.entry("stratum", "2"), Map.entry("peer", "1"),
                        Map.entry("refid", "127.0.0.1"));
            }
        }
    }
}
