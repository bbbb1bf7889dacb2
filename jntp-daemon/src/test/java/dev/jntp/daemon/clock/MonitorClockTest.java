// Tests monitor mode's arithmetic with a fake system clock: frequency, slew at its maximum rate, step and leap.
package dev.jntp.daemon.clock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.jntp.proto.LeapIndicator;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class MonitorClockTest {

    private static final long SECOND = 1_000_000_000L;
    private static final long START = 1_800_000_000L * SECOND;

    private final FakeTime time = new FakeTime(START);
    private final MonitorClock clock = new MonitorClock(time);

    private long correction() {
        return clock.readNanos() - time.realtimeNanos();
    }

    @Test
    void readNanos_fresh_isTheSystemTime() {
        assertThat(clock.readNanos()).isEqualTo(START);
        assertThat(clock.monitorMode()).isTrue();
        assertThat(clock.nanosToSegmentEnd()).isEmpty();
    }

    @Test
    void frequency_10ppmFor100Seconds_accumulatesOneMillisecond() {
        clock.setFrequencyPpm(10);

        time.advanceSeconds(100);

        assertThat(correction()).isEqualTo(1_000_000);
        assertThat(clock.correctionSeconds()).isCloseTo(0.001, within(1e-12));
        assertThat(clock.frequencyPpm()).isEqualTo(10);
    }

    @Test
    void fromSystemTime_withACorrection_addsExactlyTheCorrectionInForce() {
        clock.setFrequencyPpm(10);
        time.advanceSeconds(100);
        long kernelStamp = time.realtimeNanos() - 3_000_000;

        assertThat(clock.fromSystemTime(kernelStamp)).isEqualTo(kernelStamp + 1_000_000);
    }

    @Test
    void frequency_changed_integratesEachOverItsOwnInterval() {
        clock.setFrequencyPpm(10);
        time.advanceSeconds(100);
        clock.setFrequencyPpm(-5);
        time.advanceSeconds(300);

        assertThat(correction()).isEqualTo(1_000_000 - 1_500_000);
    }

    @Test
    void slew_halfSecondAt500ppm_completesIn1000SecondsAndRemainderFallsLinearly() {
        clock.slew(0.5, 500);

        for (int step = 0; step <= 10; step++) {
            assertThat(clock.remainingSlew()).as("after %d s", step * 100)
                    .isCloseTo(0.5 - step * 0.05, within(1e-12));
            assertThat(correction()).isEqualTo(step * 50_000_000L);
            time.advanceSeconds(100);
        }
        assertThat(clock.remainingSlew()).isZero();
        assertThat(correction()).isEqualTo(500_000_000L);
    }

    @Test
    void slew_negativeWithFrequency_bothAddUp() {
        clock.setFrequencyPpm(20);
        clock.slew(-0.001, 100);

        time.advanceSeconds(5);
        assertThat(clock.remainingSlew()).isCloseTo(-0.0005, within(1e-12));
        time.advanceSeconds(15);

        assertThat(clock.remainingSlew()).isZero();
        assertThat(correction()).isEqualTo(400_000 - 1_000_000);
    }

    @Test
    void slew_replacingOneInProgress_keepsWhatWasDoneDropsTheRest() {
        clock.slew(0.5, 500);
        time.advanceSeconds(500);

        clock.slew(-0.1, 500);
        time.advanceSeconds(1000);

        assertThat(correction()).isEqualTo(150_000_000L);
    }

    @Test
    void frequencyChange_duringSlew_slewContinues() {
        clock.slew(0.5, 500);
        time.advanceSeconds(400);

        clock.setFrequencyPpm(1);
        time.advanceSeconds(600);

        assertThat(clock.remainingSlew()).isZero();
        assertThat(correction()).isEqualTo(500_000_000L + 600_000);
    }

    @Test
    void step_duringSlew_isImmediateAndCancelsTheSlew() {
        clock.slew(0.5, 500);
        time.advanceSeconds(100);

        clock.step(-2.5);

        assertThat(correction()).isEqualTo(50_000_000L - 2_500_000_000L);
        assertThat(clock.remainingSlew()).isZero();
        time.advanceSeconds(1000);
        assertThat(correction()).isEqualTo(50_000_000L - 2_500_000_000L);
    }

    @Test
    void systemClock_steppedByOthers_servedTimeFollowsCorrectionUnchanged() {
        clock.setFrequencyPpm(10);
        time.advanceSeconds(100);

        time.stepRealtime(3 * SECOND);

        assertThat(correction()).isEqualTo(1_000_000);
        assertThat(clock.readNanos()).isEqualTo(START + 103 * SECOND + 1_000_000);
    }

    @Test
    void invalidArguments_rejectedLeavingTheCorrection() {
        clock.step(1);

        assertThatThrownBy(() -> clock.setFrequencyPpm(501)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> clock.slew(0.1, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> clock.slew(Double.NaN, 500)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> clock.step(Double.POSITIVE_INFINITY)).isInstanceOf(IllegalArgumentException.class);
        assertThat(correction()).isEqualTo(SECOND);
    }

    @Test
    void leapInsert_atMidnight_lastSecondServedTwiceThenFolded() {
        long midnight = Instant.parse("2026-12-31T23:59:59.5Z").getEpochSecond() * SECOND + SECOND;
        FakeTime t = new FakeTime(midnight - SECOND / 2);
        MonitorClock leapClock = new MonitorClock(t);
        leapClock.setLeap(LeapIndicator.INSERT_SECOND);

        t.advance(400_000_000);
        assertThat(leapClock.readNanos()).isEqualTo(midnight - 100_000_000);
        t.advance(200_000_000);
        assertThat(leapClock.readNanos()).isEqualTo(midnight + 100_000_000 - SECOND);
        assertThat(leapClock.leap()).isEqualTo(LeapIndicator.INSERT_SECOND);

        leapClock.setFrequencyPpm(0);
        assertThat(leapClock.leap()).isEqualTo(LeapIndicator.NO_WARNING);
        t.advanceSeconds(10);
        assertThat(leapClock.readNanos() - t.realtimeNanos()).isEqualTo(-SECOND);
    }

    @Test
    void leapDelete_at235959_skipsTheLastSecond() {
        long midnight = Instant.parse("2027-01-01T00:00:00Z").getEpochSecond() * SECOND;
        FakeTime t = new FakeTime(midnight - 3 * SECOND / 2);
        MonitorClock leapClock = new MonitorClock(t);
        leapClock.setLeap(LeapIndicator.DELETE_SECOND);

        t.advance(400_000_000);
        assertThat(leapClock.readNanos()).isEqualTo(midnight - 1_100_000_000);
        t.advance(200_000_000);
        assertThat(leapClock.readNanos()).isEqualTo(midnight + 100_000_000);
    }

    @Test
    void leap_disarmedBeforeMidnight_nothingHappens() {
        long midnight = Instant.parse("2027-01-01T00:00:00Z").getEpochSecond() * SECOND;
        FakeTime t = new FakeTime(midnight - 10 * SECOND);
        MonitorClock leapClock = new MonitorClock(t);
        leapClock.setLeap(LeapIndicator.INSERT_SECOND);
        leapClock.setLeap(LeapIndicator.UNSYNCHRONIZED);

        t.advanceSeconds(20);

        assertThat(leapClock.readNanos()).isEqualTo(t.realtimeNanos());
        assertThat(leapClock.leap()).isEqualTo(LeapIndicator.NO_WARNING);
    }

    @Test
    void setSynchronised_any_keptForDisplayOnly() {
        assertThat(clock.synchronised()).isFalse();

        clock.setSynchronised(true, 0.002, 0.0001);

        assertThat(clock.synchronised()).isTrue();
        assertThat(clock.maxErrorSeconds()).isEqualTo(0.002);
        assertThat(clock.estErrorSeconds()).isEqualTo(0.0001);
        assertThat(correction()).isZero();
        assertThatThrownBy(() -> clock.setSynchronised(true, -1, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
