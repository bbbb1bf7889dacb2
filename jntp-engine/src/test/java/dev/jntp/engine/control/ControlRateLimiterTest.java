// Tests the per-address token bucket of mode 6 queries in simulated time.
package dev.jntp.engine.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ControlRateLimiterTest {

    private static final byte[] A = {127, 0, 0, 1};
    private static final byte[] B = {127, 0, 0, 2};
    private static final long SECOND = 1_000_000_000L;

    private static int admitted(ControlRateLimiter l, byte[] address, int tries, long now) {
        int n = 0;
        for (int i = 0; i < tries; i++) {
            n += l.admit(address, now) ? 1 : 0;
        }
        return n;
    }

    @Test
    void burst_thenDropsUntilTokensRefill() {
        ControlRateLimiter l = new ControlRateLimiter(4, 2, 16);
        assertThat(admitted(l, A, 10, 0)).isEqualTo(4);
        assertThat(admitted(l, A, 10, SECOND / 4)).isZero();
        assertThat(admitted(l, A, 10, SECOND)).as("two tokens a second").isEqualTo(2);
        assertThat(admitted(l, A, 10, 100 * SECOND)).as("never more than the burst").isEqualTo(4);
    }

    @Test
    void addresses_haveBucketsOfTheirOwn_mappedIpv4CountsAsIpv4() {
        ControlRateLimiter l = new ControlRateLimiter(2, 1, 16);
        assertThat(admitted(l, A, 5, 0)).isEqualTo(2);
        assertThat(admitted(l, B, 5, 0)).isEqualTo(2);
        byte[] mapped = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xFF, (byte) 0xFF, 127, 0, 0, 1};
        assertThat(l.admit(mapped, 0)).isFalse();
    }

    @Test
    void defaults_ntpqPeersWith40Sources_answeredAtOnce() {
        ControlRateLimiter l = new ControlRateLimiter();
        assertThat(admitted(l, A, 41, 0)).isEqualTo(41);
        assertThat(admitted(l, A, 1000, 0)).isEqualTo(ControlRateLimiter.DEFAULT_BURST - 41);
        assertThat(admitted(l, A, 1000, 10 * SECOND)).isEqualTo(ControlRateLimiter.DEFAULT_BURST);
    }

    @Test
    void fullTable_leastRecentlyUsedForgotten() {
        ControlRateLimiter l = new ControlRateLimiter(1, 1e-9, 2);
        assertThat(l.admit(A, 0)).isTrue();
        assertThat(l.admit(B, 0)).isTrue();
        assertThat(l.admit(new byte[] {127, 0, 0, 3}, 0)).isTrue();
        assertThat(l.admit(B, 0)).as("still remembered").isFalse();
        assertThat(l.admit(A, 0)).as("forgotten, starts full").isTrue();
    }

    @Test
    void badLimits_rejected() {
        assertThatThrownBy(() -> new ControlRateLimiter(0, 1, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ControlRateLimiter(1, Double.NaN, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ControlRateLimiter(1, 1, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
