// Tests the load run's hard caps and how count and rate are shared between client sockets.
package dev.jntp.daemon.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LoadSpecTest {

    private static final InetSocketAddress TARGET = new InetSocketAddress(InetAddress.ofLiteral("127.0.0.1"), 11123);

    @ParameterizedTest
    @CsvSource({
        "0, 1000, 1, 1000, 64, duration",
        "61, 1000, 1, 1000, 64, duration",
        "10, 1000, 0, 1000, 64, clients",
        "10, 1000, 65, 1000, 64, clients",
        "10, 5000001, 1, 1000, 64, rate",
        "10, 3, 4, 1000, 64, rate",
        "10, 1000, 1, 10000001, 64, count",
        "10, 1000, 4, 3, 64, count",
        "10, 0, 1, 1000, 0, window",
        "10, 0, 1, 1000, 4097, window"})
    void beyondACap_isRejectedAndNamed(long seconds, long rate, int clients, long count, int window, String what) {
        assertThatThrownBy(() -> new LoadSpec(TARGET, Duration.ofSeconds(seconds), rate, clients, count, window))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(what);
    }

    @Test
    void atTheCaps_isAccepted() {
        LoadSpec s = new LoadSpec(TARGET, LoadSpec.MAX_DURATION, LoadSpec.MAX_RATE, LoadSpec.MAX_CLIENTS,
                LoadSpec.MAX_REQUESTS, LoadSpec.MAX_WINDOW);

        assertThat(s.isMax()).isFalse();
    }

    @ParameterizedTest
    @CsvSource({"1000, 3", "5000000, 7", "5, 5", "64, 64", "1001, 2"})
    void shares_addUpToTheTotalAndDifferByAtMostOne(long total, int clients) {
        LoadSpec s = new LoadSpec(TARGET, Duration.ofSeconds(1), total, clients, total, 1);

        long[] counts = IntStream.range(0, clients).mapToLong(s::requestsOf).toArray();
        long[] rates = IntStream.range(0, clients).mapToLong(s::rateOf).toArray();

        assertThat(java.util.Arrays.stream(counts).sum()).isEqualTo(total);
        assertThat(java.util.Arrays.stream(rates).sum()).isEqualTo(total);
        assertThat(java.util.Arrays.stream(counts).max().orElseThrow()
                - java.util.Arrays.stream(counts).min().orElseThrow()).isLessThanOrEqualTo(1);
    }

    @ParameterizedTest
    @CsvSource({"10, 50000, 500000", "60, 5000000, 10000000", "0.5, 3, 2", "10, 0, 10000000"})
    void defaultCount_isRateTimesDurationWithinTheCap(double seconds, long rate, long expected) {
        assertThat(LoadSpec.defaultCount(Duration.ofNanos((long) (seconds * 1e9)), rate)).isEqualTo(expected);
    }

    @Test
    void maxRate_sendsUpToTheRequestCap() {
        LoadSpec s = LoadSpec.maxRate(TARGET, Duration.ofSeconds(10), 2, 32);

        assertThat(s.isMax()).isTrue();
        assertThat(s.maxRequests()).isEqualTo(LoadSpec.MAX_REQUESTS);
        assertThat(s.rateOf(0)).isZero();
    }
}
