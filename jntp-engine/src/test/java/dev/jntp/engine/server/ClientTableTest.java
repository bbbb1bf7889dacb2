// Tests the client table: size from the byte limit, addresses kept exactly, oldest record given up, limiter records.
package dev.jntp.engine.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ClientTableTest {

    private static final long SECOND = 1_000_000_000L;
    private static final long T0 = 1_767_225_600L * SECOND;

    private static byte[] v4(int a, int b, int c, int d) {
        return new byte[] {(byte) a, (byte) b, (byte) c, (byte) d};
    }

    @ParameterizedTest(name = "{0} bytes")
    @ValueSource(longs = {0, 100, 1023, 1024, 1025, 32_768, 50_000, 524_288, 1 << 20, 3_000_000})
    void capacity_anyLimit_recordsNeverTakeMoreThanIt(long limit) {
        ClientTable t = new ClientTable(limit);

        assertThat(t.recordBytes()).isLessThanOrEqualTo(limit).isEqualTo((long) t.capacity() * ClientTable.RECORD_BYTES);
        assertThat(t.capacity() % ClientTable.BUCKET).isZero();
        assertThat(Integer.bitCount(t.capacity() / ClientTable.BUCKET)).isLessThanOrEqualTo(1);
        if (limit >= 2L * ClientTable.BUCKET * ClientTable.RECORD_BYTES) {
            assertThat(t.recordBytes()).as("at least half the limit is used").isGreaterThan(limit / 2);
        }
        assertThat(t.retainedBytesEstimate() - t.recordBytes()).as("bookkeeping beside the records")
                .isLessThan(2600);
    }

    @Test
    void entries_ipv4AndIpv6_addressesAndCountsKept() {
        ClientTable t = new ClientTable(1 << 16);
        byte[] v6 = InetAddress.ofLiteral("2001:db8::7").getAddress();
        t.log(v4(192, 0, 2, 1), T0, true);
        t.log(v4(192, 0, 2, 1), T0 + SECOND, true);
        t.log(v4(192, 0, 2, 1), T0 + 2 * SECOND, false);
        t.log(v6, T0, true);

        List<ClientTable.Entry> e = t.entries();

        assertThat(e).hasSize(2);
        ClientTable.Entry a = e.stream().filter(x -> x.address().length == 4).findFirst().orElseThrow();
        assertThat(a.address()).containsExactly(v4(192, 0, 2, 1));
        assertThat(a.requests()).isEqualTo(2);
        assertThat(a.drops()).isEqualTo(1);
        assertThat(a.first()).isEqualTo(T0);
        assertThat(a.last()).isEqualTo(T0 + 2 * SECOND);
        assertThat(e.stream().filter(x -> x.address().length == 16).findFirst().orElseThrow().address())
                .containsExactly(v6);
    }

    @Test
    void log_bucketFull_recordSeenLongestAgoGoes() {
        ClientTable t = new ClientTable(ClientTable.BUCKET * ClientTable.RECORD_BYTES);
        for (int i = 0; i < ClientTable.BUCKET; i++) {
            t.log(v4(10, 0, 0, i), T0 + i * SECOND, true);
        }
        t.log(v4(10, 0, 0, 0), T0 + 100 * SECOND, true);

        t.log(v4(10, 0, 1, 0), T0 + 101 * SECOND, true);

        assertThat(t.evicted()).isEqualTo(1);
        assertThat(t.entries()).extracting(x -> x.address()[3] + "." + x.address()[2]).contains("0.0", "0.1")
                .doesNotContain("1.0");
    }

    @Test
    void apply_recordAddedByTheLog_limiterStartsWithAFullBucket() {
        ClientTable t = new ClientTable(1 << 16);
        RateLimiter l = new RateLimiter(new RateLimiter.Settings(3, 4, 4, 0), t, 1);
        t.log(v4(192, 0, 2, 1), T0, true);

        for (int i = 0; i < 4; i++) {
            assertThat(l.check(v4(192, 0, 2, 1), T0)).isEqualTo(RateLimiter.Verdict.ANSWER);
        }
        assertThat(t.entries()).hasSize(1);
        assertThat(t.entries().getFirst().requests()).as("the limiter does not count; the log does").isEqualTo(1);
    }

    @Test
    void apply_manyAddressesOneBucket_tableStaysBoundedAndCountsEvictions() {
        ClientTable t = new ClientTable(ClientTable.BUCKET * ClientTable.RECORD_BYTES);
        RateLimiter l = new RateLimiter(RateLimiter.Settings.DEFAULTS, t, 1);
        for (int i = 0; i < 1000; i++) {
            l.check(v4(10, 2, i >> 8, i), T0 + i);
        }

        assertThat(t.entries()).hasSize(ClientTable.BUCKET);
        assertThat(t.evicted()).isEqualTo(1000 - ClientTable.BUCKET);
    }

    @Test
    void hashKey_differentKeys_differentBuckets() {
        int same = 0;
        ClientTable a = new ClientTable(1 << 20, 1);
        ClientTable b = new ClientTable(1 << 20, 2);
        for (int i = 0; i < 200; i++) {
            byte[] addr = v4(10, 3, 0, i);
            same += bucketOf(a, addr) == bucketOf(b, addr) ? 1 : 0;
        }
        assertThat(same).as("1 in 1024 on average").isLessThan(5);
    }

    /** The bucket an address lands in, found by filling one table's record and reading where it went. */
    private static int bucketOf(ClientTable t, byte[] addr) {
        int[] at = new int[1];
        t.apply(addr, T0, (r, i, stripe, now) -> {
            at[0] = i / (ClientTable.BUCKET * ClientTable.STRIDE);
            return 0;
        }, 0);
        return at[0];
    }
}
