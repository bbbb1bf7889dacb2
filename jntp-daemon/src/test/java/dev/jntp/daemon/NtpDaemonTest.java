// Tests the daemon in process over real loopback sockets: answers, unsynchronised replies, denial, shutdown and bind errors.
package dev.jntp.daemon;

import static dev.jntp.daemon.TestDaemons.LOOPBACK;
import static dev.jntp.daemon.TestDaemons.assertCounterReaches;
import static dev.jntp.daemon.TestDaemons.boundTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jntp.engine.query.QueryOutcome;
import dev.jntp.engine.query.QuerySample;
import dev.jntp.engine.server.ServerCounter;
import dev.jntp.proto.LeapIndicator;
import dev.jntp.proto.ReferenceId;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every test is bounded, whatever the sockets do. */
@Timeout(30)
class NtpDaemonTest {

    private static final long SEED = 0xDAE_0005L;
    private static final int TIMEOUT_MILLIS = 2_000;
    /** Long enough for any loopback reply; short enough that waiting for none is quick. */
    private static final int NO_REPLY_MILLIS = 300;

    private static QueryClient client;

    @BeforeAll
    static void client() {
        client = new QueryClient(new Random(SEED));
    }

    /** Names of the live server threads on {@code port}. */
    private static List<String> threadsServing(int port) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().startsWith("ntp-") && t.getName().endsWith(":" + port))
                .map(Thread::getName)
                .toList();
    }

    @ParameterizedTest(name = "over {0}")
    @ValueSource(strings = {"127.0.0.1", "::1"})
    void localStratum5_queried_answeredStratum5LocalRefidSmallOffset(String address) throws IOException {
        try (NtpDaemon daemon = TestDaemons.start(LOOPBACK + "local stratum 5\n")) {
            for (int i = 0; i < 3; i++) {
                QueryClient.Result r = client.exchange(boundTo(daemon, address), 4, TIMEOUT_MILLIS);

                assertThat(r.failure()).isNull();
                assertThat(r.outcome()).isInstanceOf(QueryOutcome.Answered.class);
                QuerySample s = ((QueryOutcome.Answered) r.outcome()).sample();
                assertThat(s.stratum()).isEqualTo(5);
                assertThat(s.referenceId()).isEqualTo(ReferenceId.LOCAL);
                assertThat(s.referenceName()).isEqualTo("127.127.1.1");
                assertThat(s.leap()).isEqualTo(LeapIndicator.NO_WARNING);
                assertThat(s.version()).isEqualTo(4);
                assertThat(s.precision()).isEqualTo(daemon.precision());
                assertThat(Math.abs(s.offset())).as("offset").isLessThan(0.005);
                assertThat(s.delay()).as("delay").isBetween(0.0, 1.0);
            }
            assertCounterReaches(daemon, ServerCounter.ANSWERED, 3);
            assertThat(daemon.stats().get(ServerCounter.RECEIVED)).isEqualTo(3);
        }
    }

    @ParameterizedTest(name = "NTP version {0}")
    @ValueSource(ints = {1, 2, 3})
    void localStratum5_olderVersionQueried_answeredWithThatVersion(int version) throws IOException {
        try (NtpDaemon daemon = TestDaemons.start(LOOPBACK + "local stratum 5\n")) {
            QueryClient.Result r = client.exchange(boundTo(daemon, "127.0.0.1"), version, TIMEOUT_MILLIS);

            assertThat(r.outcome()).isInstanceOf(QueryOutcome.Answered.class);
            assertThat(((QueryOutcome.Answered) r.outcome()).sample().version()).isEqualTo(version);
        }
    }

    @Test
    void noLocal_queried_unsynchronised() throws IOException {
        try (NtpDaemon daemon = TestDaemons.start(LOOPBACK)) {
            QueryClient.Result r = client.exchange(boundTo(daemon, "::1"), 4, TIMEOUT_MILLIS);

            assertThat(r.outcome()).isInstanceOf(QueryOutcome.Unsynchronised.class);
            QuerySample s = ((QueryOutcome.Unsynchronised) r.outcome()).sample();
            assertThat(s.leap()).isEqualTo(LeapIndicator.UNSYNCHRONIZED);
            assertThat(s.stratum()).isZero();
            assertThat(s.referenceId()).isEqualTo(ReferenceId.NONE);
        }
    }

    @Test
    void deniedClient_queried_noReplyAndDeniedCounted() throws IOException {
        try (NtpDaemon daemon = TestDaemons.start("""
                bindaddress 127.0.0.1
                bindaddress ::1
                allow ::1
                local stratum 5
                """)) {
            QueryClient.Result r = client.exchange(boundTo(daemon, "127.0.0.1"), 4, NO_REPLY_MILLIS);

            assertThat(r.outcome()).isNull();
            assertThat(r.failure()).isEqualTo("timeout");
            assertCounterReaches(daemon, ServerCounter.DENIED, 1);
            assertThat(daemon.stats().get(ServerCounter.ANSWERED)).isZero();
            assertThat(client.exchange(boundTo(daemon, "::1"), 4, TIMEOUT_MILLIS).outcome())
                    .as("the allowed address is answered")
                    .isInstanceOf(QueryOutcome.Answered.class);
        }
    }

    @Test
    void close_running_stopsThreadsAndFreesPort() throws Exception {
        NtpDaemon daemon = TestDaemons.start(LOOPBACK + "local stratum 5\n");
        int port = boundTo(daemon, "127.0.0.1").getPort();
        assertThat(daemon.localAddresses()).hasSize(2).allSatisfy(a -> assertThat(a.getPort()).isEqualTo(port));
        assertThat(threadsServing(port)).hasSize(2);

        daemon.close();
        daemon.awaitStop();

        assertThat(threadsServing(port)).isEmpty();
        for (String literal : List.of("127.0.0.1", "::1")) {
            try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(InetAddress.ofLiteral(literal), port))) {
                assertThat(s.getLocalPort()).isEqualTo(port);
            }
        }
        daemon.close();
    }

    @ParameterizedTest(name = "{0} already bound")
    @ValueSource(strings = {"127.0.0.1", "::1"})
    void start_addressAlreadyBound_ioExceptionNamingAddressAndOtherSocketsFreed(String taken) throws IOException {
        InetAddress address = InetAddress.ofLiteral(taken);
        try (DatagramSocket holder = new DatagramSocket(new InetSocketAddress(address, 0))) {
            int port = holder.getLocalPort();
            String text = AddressText.of(new InetSocketAddress(address, port));

            assertThatThrownBy(() -> NtpDaemon.start(TestDaemons.config("port " + port + "\n" + LOOPBACK)))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("cannot bind " + text);
            String other = taken.equals("::1") ? "127.0.0.1" : "::1";
            try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(InetAddress.ofLiteral(other), port))) {
                assertThat(s.getLocalPort()).as("the daemon's socket on %s was closed", other).isEqualTo(port);
            }
            assertThat(threadsServing(port)).isEmpty();
        }
    }

    @Test
    void start_sameAddressTwice_ioExceptionNamingAddress() throws IOException {
        int port = TestDaemons.freePort();

        assertThatThrownBy(() -> NtpDaemon.start(TestDaemons.config(
                "port " + port + "\nbindaddress 127.0.0.1\nbindaddress 127.0.0.1\nallow\n")))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("127.0.0.1:" + port);
    }

    @Test
    void start_portZero_servesNothing() throws IOException {
        try (NtpDaemon daemon = NtpDaemon.start(TestDaemons.config("port 0\n" + LOOPBACK))) {
            assertThat(daemon.localAddresses()).isEmpty();
        }
    }

    @Test
    void bindAddresses_noneConfigured_ipv6WildcardOnPort() {
        assertThat(NtpDaemon.bindAddresses(TestDaemons.config("port 1123\n")))
                .containsExactly(new InetSocketAddress(InetAddress.ofLiteral("::"), 1123));
    }

    @Test
    void accessFilter_configRules_appliedInFileOrder() {
        var filter = NtpDaemon.accessFilter(TestDaemons.config("allow 10.0.0.0/8\ndeny 10.1.2.3\nallow ::1\n"));

        assertThat(filter.allows(InetAddress.ofLiteral("10.9.9.9").getAddress())).isTrue();
        assertThat(filter.allows(InetAddress.ofLiteral("10.1.2.3").getAddress())).isFalse();
        assertThat(filter.allows(InetAddress.ofLiteral("::1").getAddress())).isTrue();
        assertThat(filter.allows(InetAddress.ofLiteral("::2").getAddress())).isFalse();
    }
}
