// Tests the client table behind 'jntp clients': counts per address, bounded size, oldest record given up when a bucket is full.
package dev.jntp.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClientLogTest {

    private static final long SECOND = 1_000_000_000L;
    private static final long T0 = 1_767_225_600L * SECOND;

    private static byte[] v4(int a, int b, int c, int d) {
        return new byte[] {(byte) a, (byte) b, (byte) c, (byte) d};
    }

    @Test
    void log_answeredRequests_countedPerAddressWithFirstAndLastContact() {
        ClientLog log = new ClientLog(1 << 20);
        for (int i = 0; i < 5; i++) {
            log.log(v4(192, 0, 2, 1), T0 + i * 64 * SECOND, true);
        }
        log.log(InetAddress.ofLiteral("2001:db8::1").getAddress(), T0, true);

        List<ClientLog.Client> clients = log.list(10).clients();

        assertThat(clients).hasSize(2);
        ClientLog.Client c = clients.getFirst();
        assertThat(AddressText.of(c.address())).isEqualTo("192.0.2.1");
        assertThat(c.requests()).isEqualTo(5);
        assertThat(c.drops()).isZero();
        assertThat(c.lastNanos() - c.firstNanos()).isEqualTo(4 * 64 * SECOND);
        assertThat(c.intervalLog2()).hasValue(6);
        assertThat(AddressText.of(clients.get(1).address())).isEqualTo("2001:db8::1");
        assertThat(clients.get(1).intervalLog2()).as("one request: no interval").isEmpty();
    }

    @Test
    void log_droppedRequests_countedForKnownClientsOnly() {
        ClientLog log = new ClientLog(1 << 20);
        log.log(v4(192, 0, 2, 1), T0, true);

        log.log(v4(192, 0, 2, 1), T0 + SECOND, false);
        log.log(v4(198, 51, 100, 7), T0 + SECOND, false);

        ClientLog.Listing l = log.list(10);
        assertThat(l.total()).as("an address never answered takes no record").isEqualTo(1);
        assertThat(l.clients().getFirst().drops()).isEqualTo(1);
        assertThat(l.clients().getFirst().lastNanos()).isEqualTo(T0 + SECOND);
    }

    @Test
    void capacity_fromTheMemoryLimit_powerOfTwoBucketsOrNone() {
        assertThat(new ClientLog(1 << 20).capacity()).isEqualTo(16_384);
        assertThat(new ClientLog(ClientLog.RECORD_BYTES * ClientLog.BUCKET).capacity()).isEqualTo(ClientLog.BUCKET);
        assertThat(new ClientLog(100).capacity()).isZero();
        ClientLog none = new ClientLog(0);
        none.log(v4(192, 0, 2, 1), T0, true);
        assertThat(none.list(10).total()).isZero();
    }

    @Test
    void log_moreClientsThanOneBucketHolds_oldestGivenUpAndCounted() {
        ClientLog log = new ClientLog(ClientLog.RECORD_BYTES * ClientLog.BUCKET);
        for (int i = 0; i < ClientLog.BUCKET; i++) {
            log.log(v4(10, 0, 0, i), T0 + i * SECOND, true);
        }
        log.log(v4(10, 0, 0, 0), T0 + 100 * SECOND, true); // 10.0.0.0 is now the most recent

        log.log(v4(10, 0, 1, 0), T0 + 101 * SECOND, true);

        ClientLog.Listing l = log.list(100);
        assertThat(l.total()).isEqualTo(ClientLog.BUCKET);
        assertThat(log.evicted()).isEqualTo(1);
        assertThat(l.clients()).extracting(c -> AddressText.of(c.address())).contains("10.0.0.0", "10.0.1.0")
                .doesNotContain("10.0.0.1");
    }

    @Test
    void list_max_busiestFirstAndTotalOfAll() {
        ClientLog log = new ClientLog(1 << 20);
        for (int i = 1; i <= 50; i++) {
            for (int k = 0; k < i; k++) {
                log.log(v4(172, 16, 0, i), T0 + k * SECOND, true);
            }
        }

        ClientLog.Listing l = log.list(3);

        assertThat(l.total()).isEqualTo(50);
        assertThat(l.clients()).extracting(ClientLog.Client::requests).containsExactly(50L, 49L, 48L);
    }

    @Test
    void log_oneMillionRequestsFromTenThousandAddresses_boundedAndExact() {
        ClientLog log = new ClientLog(1 << 20);
        for (int i = 0; i < 1_000_000; i++) {
            int a = i % 10_000;
            log.log(v4(10, 1, a >> 8, a & 0xFF), T0 + i, true);
        }

        ClientLog.Listing l = log.list(20_000);
        assertThat(l.total()).isLessThanOrEqualTo(log.capacity());
        assertThat(l.clients()).allSatisfy(c -> assertThat(c.requests()).isLessThanOrEqualTo(100));
        assertThat(l.total() + log.evicted()).isGreaterThanOrEqualTo(10_000);
    }
}
