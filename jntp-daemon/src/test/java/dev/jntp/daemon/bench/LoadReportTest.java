// Tests the load report's derived figures: loss, rates, and round-trip percentiles in microseconds.
package dev.jntp.daemon.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LoadReportTest {

    private static final LoadSpec SPEC = LoadSpec.atRate(
            new InetSocketAddress(InetAddress.ofLiteral("127.0.0.1"), 11123), Duration.ofSeconds(2), 1000, 1);

    private static LoadReport report(long sent, long received, long sendNanos) {
        return new LoadReport(SPEC, sent, received, 0, 0, 0, 0, sendNanos,
                LoadReport.Latency.of(new LatencyHistogram()));
    }

    @ParameterizedTest
    @CsvSource({"1000, 1000, 0.0", "1000, 990, 1.0", "3, 0, 100.0", "0, 0, 0.0", "8, 7, 12.5"})
    void lossPercent_isUnansweredShareOfSent(long sent, long received, double percent) {
        assertThat(report(sent, received, 1_000_000_000L).lossPercent()).isCloseTo(percent, within(1e-9));
    }

    @Test
    void rates_arePerSecondOfTheSendingPhase() {
        LoadReport r = report(2000, 1500, 2_000_000_000L);

        assertThat(r.sendRate()).isCloseTo(1000, within(1e-9));
        assertThat(r.repliesPerSecond()).isCloseTo(750, within(1e-9));
        assertThat(r.lost()).isEqualTo(500);
    }

    @Test
    void noSendingTime_givesZeroRates() {
        assertThat(report(0, 0, 0).repliesPerSecond()).isZero();
    }

    @Test
    void latency_isInMicrosecondsAndMinusOneWhenNothingWasTimed() {
        LatencyHistogram h = new LatencyHistogram();
        h.record(40_000);
        h.record(50_000);

        LoadReport.Latency l = LoadReport.Latency.of(h);

        assertThat(l.timed()).isEqualTo(2);
        assertThat(l.max()).isEqualTo(50.0);
        assertThat(l.p50()).isCloseTo(40.0, within(40.0 / 32));
        assertThat(LoadReport.Latency.of(new LatencyHistogram()).p99()).isEqualTo(-1);
    }
}
