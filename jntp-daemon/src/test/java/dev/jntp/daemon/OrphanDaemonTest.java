// Tests orphan mode between two in-process daemons on loopback: one serves its clock, the other follows it.
package dev.jntp.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jntp.daemon.control.Tracking;
import dev.jntp.engine.query.QueryOutcome;
import dev.jntp.engine.query.QuerySample;
import dev.jntp.proto.ReferenceId;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Random;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Two daemons, each {@code local stratum 8 orphan} polling the other, in monitor mode. */
@Timeout(60)
class OrphanDaemonTest {

    private static final long SEED = 0x0_2FA1L;
    private static final String LOW = "127.0.0.2";
    private static final String HIGH = "127.0.0.3";
    /** The follower needs a few polls (iburst spacing 2 s): well within this. */
    private static final long DEADLINE_MILLIS = 40_000;

    private static String config(int port, String self, String peer) {
        return """
                port %d
                bindcmdaddress /
                bindaddress %s
                allow 127.0.0.0/8
                local stratum 8 orphan
                server %s port %d minpoll -2 maxpoll 0 iburst
                """.formatted(port, self, peer, port);
    }

    /** Polls {@code condition} ten times a second until it holds or the deadline passes. */
    private static boolean awaitUntil(long millis, BooleanSupplier condition) {
        long deadline = System.nanoTime() + millis * 1_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                return false;
            }
            LockSupport.parkNanos(100_000_000L);
        }
        return true;
    }

    private static QuerySample query(QueryClient client, String address, int port) throws IOException {
        QueryClient.Result r = client.exchange(new InetSocketAddress(InetAddress.ofLiteral(address), port), 4, 2_000);
        assertThat(r.failure()).as("query of %s", address).isNull();
        assertThat(r.outcome()).as("reply of %s", address).isInstanceOf(QueryOutcome.Answered.class);
        return ((QueryOutcome.Answered) r.outcome()).sample();
    }

    @Test
    void orphanPair_noUpstream_smallerAddressServesStratum8OtherFollowsAtStratum9() throws IOException {
        int port = TestDaemons.freePort();
        try (NtpDaemon low = NtpDaemon.start(TestDaemons.config(config(port, LOW, HIGH)));
                NtpDaemon high = NtpDaemon.start(TestDaemons.config(config(port, HIGH, LOW)))) {
            ReferenceId lowId = ReferenceId.ofAddress(InetAddress.ofLiteral(LOW).getAddress());

            boolean settled = awaitUntil(DEADLINE_MILLIS, () -> {
                Tracking l = low.tracking();
                Tracking h = high.tracking();
                return l.stratum() == 8 && h.synchronised() && h.stratum() == 9
                        && h.referenceId().equals(lowId.toString());
            });

            Tracking l = low.tracking();
            Tracking h = high.tracking();
            assertThat(settled).as("settled within %d ms: %s / %s", DEADLINE_MILLIS, l, h).isTrue();
            assertThat(l.referenceId()).isEqualTo(ReferenceId.LOCAL.toString());
            assertThat(l.referenceName()).isEqualTo("local clock");
            assertThat(Math.abs(h.lastOffset())).as("the follower's offset to the leader").isLessThan(0.005);

            QueryClient client = new QueryClient(new Random(SEED));
            QuerySample leader = query(client, LOW, port);
            assertThat(leader.stratum()).isEqualTo(8);
            assertThat(leader.referenceId()).isEqualTo(ReferenceId.LOCAL);
            QuerySample follower = query(client, HIGH, port);
            assertThat(follower.stratum()).isEqualTo(9);
            assertThat(follower.referenceId()).isEqualTo(lowId);
            assertThat(Math.abs(follower.offset())).as("follower's offset seen by a client").isLessThan(0.005);

            // Stable: watched for eight more polls, the leader keeps serving its clock.
            boolean changed = awaitUntil(2_000, () -> low.tracking().stratum() != 8 || high.tracking().stratum() != 9);
            assertThat(changed).as("roles changed: %s / %s", low.tracking(), high.tracking()).isFalse();
            assertThat(low.tracking().referenceId()).isEqualTo(ReferenceId.LOCAL.toString());
            assertThat(high.tracking().stratum()).isEqualTo(9);
        }
    }
}
