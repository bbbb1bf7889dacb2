// Tests what the engine reports for statistics logs: each reply's measurement, the regression after a sample, each clock update.
package dev.jntp.engine.sync;

import static dev.jntp.engine.sync.SyncRig.MINUTE;
import static dev.jntp.engine.sync.SyncRig.SECOND;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.jntp.proto.KissCode;
import dev.jntp.proto.LeapIndicator;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SyncEngineObservationTest {

    private static final long SEED = 0x0B5E_4E01L;

    /** A rig whose clock is 0.1 s behind, with {@code n} good servers on 10 ms paths. */
    private static SyncRig rig(int n) {
        SyncRig rig = new SyncRig(SyncSettings.defaults(), -0.1, 0, SEED);
        for (int i = 0; i < n; i++) {
            rig.addServer(0);
        }
        return rig;
    }

    @Test
    void firstReply_clockBehind_measurementShowsOffsetDelayHeaderAndVerdicts() {
        SyncRig rig = rig(1);
        List<Measurement> seen = new ArrayList<>();
        rig.afterReply = id -> seen.add(rig.engine.lastMeasurement(id));
        long start = rig.local();

        rig.run(SECOND * 2 / 5); // before the second request of the burst, 0.5 s after the first

        assertThat(seen).hasSize(1);
        Measurement m = seen.getFirst();
        assertThat(m.offset()).as("reference minus local").isCloseTo(0.1, within(1e-6));
        assertThat(m.delay()).isCloseTo(0.020, within(1e-6));
        assertThat(m.dispersion()).isPositive().isLessThan(1e-5);
        assertThat(m.stratum()).isEqualTo(2);
        assertThat(m.leap()).isEqualTo(LeapIndicator.NO_WARNING);
        assertThat(m.referenceId()).isEqualTo(Replies.UPSTREAM);
        assertThat(m.remotePoll()).isEqualTo(6);
        assertThat(m.localPoll()).isEqualTo(6);
        assertThat(m.rootDelay()).isCloseTo(1.0 / 256, within(1e-4));
        assertThat(m.rootDispersion()).isCloseTo(1.0 / 512, within(1e-4));
        assertThat(m.verdicts().passed()).isTrue();
        assertThat(m.passedRfcTests()).isTrue();
        assertThat(m.used()).isTrue();
        // The first poll leaves within 0.1 s of the start; the sample is dated half way through the exchange.
        assertThat(m.localNanos() - start).as("sample time").isBetween(10_000_000L, 110_000_000L);
    }

    @Test
    void laterReplies_clockCorrected_measuredOffsetsFollowTheCorrectedClock() {
        SyncRig rig = rig(3);
        List<Measurement> seen = new ArrayList<>();
        rig.afterReply = id -> seen.add(rig.engine.lastMeasurement(id));

        rig.run(5 * MINUTE);

        // The engine measures against its free-running clock; the report is against the corrected one.
        assertThat(seen.getLast().offset()).as("seed %d", SEED).isCloseTo(-rig.error(), within(1e-4));
        assertThat(seen).allMatch(Measurement::used);
    }

    @Test
    void acceptedSample_regression_describesTheSourcesStatistics() {
        SyncRig rig = rig(3);
        List<Regression> seen = new ArrayList<>();
        rig.afterReply = id -> seen.add(rig.engine.lastRegression(id));

        rig.run(5 * MINUTE);

        assertThat(seen).doesNotContainNull();
        Regression r = seen.getLast();
        SourceSnapshot s = rig.engine.sources(rig.local()).get(2);
        assertThat(r.samples()).isEqualTo(s.samples());
        assertThat(r.offset()).as("seed %d", SEED).isCloseTo(-rig.error(), within(1e-4));
        assertThat(r.frequency()).as("relative to the correction in force").isCloseTo(0, within(1e-6));
        assertThat(r.stdDev()).isPositive();
        assertThat(r.offsetSd()).isPositive();
        assertThat(r.skew()).isPositive();
        assertThat(r.stress()).isNotNegative();
        assertThat(r.runs()).isBetween(1, r.samples());
        assertThat(r.dropped()).isNotNegative();
    }

    @Test
    void unsynchronisedServer_reply_measuredButFailsTheRfcTestsAndIsNotUsed() {
        SyncRig rig = rig(1);
        rig.servers.getFirst().header = Replies.GOOD.withLeap(LeapIndicator.UNSYNCHRONIZED);
        List<Measurement> seen = new ArrayList<>();
        List<Regression> regressions = new ArrayList<>();
        rig.afterReply = id -> {
            seen.add(rig.engine.lastMeasurement(id));
            regressions.add(rig.engine.lastRegression(id));
        };

        rig.run(SECOND * 2 / 5); // before the second request of the burst, 0.5 s after the first

        assertThat(seen).hasSize(1);
        assertThat(seen.getFirst().passedRfcTests()).isFalse();
        assertThat(seen.getFirst().used()).isFalse();
        assertThat(seen.getFirst().verdicts().bits()).isEqualTo("111 101 1111");
        assertThat(regressions).containsOnlyNulls();
    }

    @Test
    void kissOfDeath_reply_noMeasurement() {
        SyncRig rig = rig(1);
        rig.servers.getFirst().header = Replies.kiss(KissCode.RATE);
        List<Measurement> seen = new ArrayList<>();
        rig.afterReply = id -> seen.add(rig.engine.lastMeasurement(id));

        rig.run(SECOND * 2 / 5); // before the second request of the burst, 0.5 s after the first

        assertThat(seen).hasSize(1).containsOnlyNulls();
    }

    @Test
    void clockUpdates_threeAgreeingServers_reportCombinedSourcesAndTheUpdateTime() {
        SyncRig rig = rig(3);
        assertThat(rig.engine.lastClockUpdate()).isNull();

        rig.run(MINUTE);

        ClockUpdate u = rig.engine.lastClockUpdate();
        assertThat(u).isNotNull();
        assertThat(u.localNanos()).isEqualTo(rig.engine.state().referenceTimeNanos());
        assertThat(u.combined()).isBetween(1, 3);
        assertThat(u.offsetSd()).isPositive().isLessThan(0.01);
        assertThat(u.stepped()).isFalse();
        assertThat(Math.abs(u.remainingCorrection())).isLessThan(0.1);
    }
}
