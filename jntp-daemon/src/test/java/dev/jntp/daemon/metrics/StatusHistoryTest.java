// Tests the status page's history: a point per new source sample, rates from counters, bounded and monotonic.
package dev.jntp.daemon.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jntp.daemon.sync.SyncService;
import dev.jntp.engine.server.ServerCounter;
import dev.jntp.engine.sync.SourceState;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StatusHistoryTest {

    private static final SyncService.SourceView A1 = Snapshots.view(0, "a", "192.0.2.1", SourceState.SELECTED, 1,
            1e-3, 2e-3, 3e-4, 1);
    private static final SyncService.SourceView A2 = Snapshots.view(0, "a", "192.0.2.1", SourceState.SELECTED, 3,
            2e-3, 4e-3, 5e-4, 2);
    private static final SyncService.SourceView B0 = Snapshots.view(1, "b", "192.0.2.2", SourceState.UNUSABLE, 0,
            0, 0, 0, 0);

    private static Map<ServerCounter, Long> counters(long received, long answered) {
        Map<ServerCounter, Long> m = new EnumMap<>(ServerCounter.class);
        for (ServerCounter c : ServerCounter.values()) {
            m.put(c, 0L);
        }
        m.put(ServerCounter.RECEIVED, received);
        m.put(ServerCounter.ANSWERED, answered);
        return m;
    }

    @Test
    void sample_newSourceSamples_onePointEach() {
        StatusHistory h = new StatusHistory();
        h.sample(1_000, List.of(A1, B0), counters(0, 0));
        h.sample(3_000, List.of(A1, B0), counters(0, 0));
        h.sample(5_000, List.of(A2, B0), counters(0, 0));

        Map<String, List<double[]>> points = h.since(0).sources();
        assertThat(points.get("a 192.0.2.1:123")).satisfiesExactly(
                p -> assertThat(p).containsExactly(1_000, 1e-3, 2e-3, 3e-4),
                p -> assertThat(p).containsExactly(5_000, 2e-3, 4e-3, 5e-4));
        assertThat(points.get("b 192.0.2.2:123")).as("no sample yet: no point").isEmpty();
    }

    @Test
    void since_lastPointSeen_givesOnlyNewerPoints() {
        StatusHistory h = new StatusHistory();
        h.sample(1_000, List.of(A1), counters(0, 0));
        h.sample(2_000, List.of(A2), counters(0, 0));

        assertThat(h.since(1_000).sources().get("a 192.0.2.1:123")).hasSize(1);
        assertThat(h.since(2_000).sources().get("a 192.0.2.1:123")).isEmpty();
        assertThat(h.since(1_000).requestRates()).extracting(r -> r[0]).containsExactly(2_000.0);
    }

    @Test
    void sample_sourceNoLongerPublished_losesItsSeries() {
        StatusHistory h = new StatusHistory();
        h.sample(1_000, List.of(A1, B0), counters(0, 0));
        h.sample(2_000, List.of(B0), counters(0, 0));

        assertThat(h.since(0).sources()).containsOnlyKeys("b 192.0.2.2:123");
    }

    @Test
    void since_counterReadings_givesPerSecondRatesBetweenReadings() {
        StatusHistory h = new StatusHistory();
        h.sample(10_000, List.of(), counters(0, 0));
        h.sample(11_000, List.of(), counters(10, 9));
        h.sample(13_000, List.of(), counters(30, 9));

        List<double[]> rates = h.since(0).requestRates();
        int received = 1 + ServerCounter.RECEIVED.ordinal();
        int answered = 1 + ServerCounter.ANSWERED.ordinal();
        assertThat(rates).hasSize(2);
        assertThat(rates.get(0)[0]).isEqualTo(11_000);
        assertThat(rates.get(0)[received]).isEqualTo(10.0);
        assertThat(rates.get(0)[answered]).isEqualTo(9.0);
        assertThat(rates.get(1)[received]).isEqualTo(10.0);
        assertThat(rates.get(1)[answered]).isZero();
    }

    @Test
    void sample_moreTicksThanKept_keepsTheLastHourOnly() {
        StatusHistory h = new StatusHistory();
        for (int i = 0; i < StatusHistory.REQUEST_POINTS + 100; i++) {
            h.sample(i * 2_000L, List.of(), counters(i, i));
        }

        List<double[]> rates = h.since(Long.MIN_VALUE).requestRates();
        assertThat(rates).hasSize(StatusHistory.REQUEST_POINTS - 1);
        assertThat(rates.getLast()[0]).isEqualTo((StatusHistory.REQUEST_POINTS + 99) * 2_000.0);
    }

    @Test
    void sample_wallClockStepsBack_timesStillIncrease() {
        StatusHistory h = new StatusHistory();
        h.sample(100_000, List.of(A1), counters(0, 0));
        h.sample(40_000, List.of(A2), counters(1, 1));

        assertThat(h.since(100_000).sources().get("a 192.0.2.1:123")).singleElement()
                .satisfies(p -> assertThat(p[0]).isEqualTo(100_001));
    }
}
