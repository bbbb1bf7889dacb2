// Tests the scheduler and true time: event order, periodic and cancelled events, runaway loops, leap seconds, 2036.
package dev.jntp.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jntp.proto.LeapIndicator;
import dev.jntp.proto.NtpTimestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SimSchedulerTest {

    private static final Instant START = Instant.parse("2026-06-30T00:00:00Z");
    private static final long S = 1_000_000_000L;

    private final SimScheduler scheduler = SimScheduler.startingAt(START);
    private final List<String> log = new ArrayList<>();

    @Test
    void runUntil_eventsAtDifferentAndEqualTimes_runInTimeThenSchedulingOrderAtTheirTimes() {
        long t0 = scheduler.now();
        scheduler.at(t0 + 2 * S, () -> log.add("c@" + scheduler.time().elapsed()));
        scheduler.at(t0 + S, () -> log.add("a@" + scheduler.time().elapsed()));
        scheduler.at(t0 + S, () -> log.add("b@" + scheduler.time().elapsed()));
        int run = scheduler.runUntil(t0 + 5 * S);
        assertThat(run).isEqualTo(3);
        assertThat(log).containsExactly("a@" + S, "b@" + S, "c@" + 2 * S);
        assertThat(scheduler.now()).isEqualTo(t0 + 5 * S);
        assertThat(scheduler.time().start()).isEqualTo(SimTime.nanosOf(START));
        assertThat(scheduler.eventsRun()).isEqualTo(3);
    }

    @Test
    void runUntil_eventScheduledByAnEventWithinTheWindow_runsInTheSameAdvance() {
        scheduler.after(S, () -> scheduler.after(S, () -> log.add("nested")));
        scheduler.runFor(Duration.ofSeconds(2));
        assertThat(log).containsExactly("nested");
    }

    @Test
    void runUntil_eventDueAfterTheTarget_waits() {
        scheduler.after(10 * S, () -> log.add("late"));
        scheduler.runFor(Duration.ofSeconds(9));
        assertThat(log).isEmpty();
        assertThat(scheduler.pending()).isEqualTo(1);
        scheduler.runFor(Duration.ofSeconds(1));
        assertThat(log).containsExactly("late");
        assertThat(scheduler.pending()).isZero();
    }

    @Test
    void cancel_beforeItIsDue_keepsTheEventFromRunning() {
        SimScheduler.Event e = scheduler.after(S, () -> log.add("cancelled"));
        assertThat(e.pending()).isTrue();
        e.cancel();
        assertThat(e.pending()).isFalse();
        assertThat(scheduler.pending()).isZero();
        scheduler.runFor(Duration.ofSeconds(2));
        assertThat(log).isEmpty();
    }

    @Test
    void every_periodicSeries_runsEachPeriodUntilCancelled() {
        long t0 = scheduler.now();
        SimScheduler.Event series = scheduler.every(t0, 10 * S, () -> log.add("tick@" + scheduler.time().elapsed() / S));
        scheduler.runFor(Duration.ofSeconds(35));
        assertThat(log).containsExactly("tick@0", "tick@10", "tick@20", "tick@30");
        assertThat(series.due()).isEqualTo(t0 + 40 * S);
        series.cancel();
        scheduler.runFor(Duration.ofSeconds(100));
        assertThat(log).hasSize(4);
    }

    @Test
    void at_timeInThePast_isRefused() {
        scheduler.runFor(Duration.ofSeconds(1));
        assertThatThrownBy(() -> scheduler.at(scheduler.now() - 1, () -> {}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("before now");
        assertThatThrownBy(() -> scheduler.runUntil(scheduler.now() - 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> scheduler.after(-1, () -> {})).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void runUntil_timerRearmingItselfAtTheSameInstant_isStoppedAsARunaway() {
        SimScheduler bounded = SimScheduler.startingAt(START, 1000);
        Runnable[] loop = new Runnable[1];
        loop[0] = () -> bounded.after(0, loop[0]);
        bounded.after(S, loop[0]);
        assertThatThrownBy(() -> bounded.runFor(Duration.ofSeconds(2)))
                .isInstanceOf(SimScheduler.RunawayException.class)
                .hasMessageContaining("more than 1000 events")
                .hasMessageContaining("2026-06-30T00:00:01Z");
        assertThat(bounded.now()).isEqualTo(SimTime.nanosOf(START) + S);
    }

    @Test
    void runUntil_manyEventsSpreadOverSeveralAdvances_isNotARunaway() {
        SimScheduler bounded = SimScheduler.startingAt(START, 1000);
        bounded.every(bounded.now(), S, () -> {});
        for (int i = 0; i < 10; i++) {
            assertThat(bounded.runFor(Duration.ofSeconds(999))).isLessThanOrEqualTo(1000);
        }
        assertThat(bounded.eventsRun()).isEqualTo(9991);
    }

    @Test
    void utc_withoutLeaps_isUniformTime() {
        scheduler.runFor(Duration.ofDays(3));
        assertThat(scheduler.time().utc()).isEqualTo(scheduler.now());
        assertThat(scheduler.time().leapAnnouncedAt(scheduler.now())).isEqualTo(LeapIndicator.NO_WARNING);
    }

    @Test
    void insertLeapSecond_endOfDay_utcRepeatsTheLastSecondAndIsAnnouncedThatDayOnly() {
        SimTime time = scheduler.time();
        time.insertLeapSecond(LocalDate.of(2026, 6, 30));
        time.insertLeapSecond(LocalDate.of(2026, 12, 31));
        long midnight = SimTime.nanosOf(Instant.parse("2026-07-01T00:00:00Z"));
        assertThat(time.leapAnnouncedAt(midnight - 1)).isEqualTo(LeapIndicator.INSERT_SECOND);
        assertThat(time.leapAnnouncedAt(midnight - 86_400 * S - 1)).isEqualTo(LeapIndicator.NO_WARNING);
        assertThat(time.leapAnnouncedAt(midnight)).isEqualTo(LeapIndicator.NO_WARNING);
        assertThat(time.utcAt(midnight - 1)).isEqualTo(midnight - 1);
        assertThat(time.utcAt(midnight)).isEqualTo(midnight - S);
        assertThat(time.utcAt(midnight + S)).isEqualTo(midnight);
        long newYear = SimTime.nanosOf(Instant.parse("2027-01-01T00:00:00Z"));
        assertThat(time.utcAt(newYear + S - 1)).isEqualTo(newYear - 1);
        assertThat(time.utcAt(newYear + S)).isEqualTo(newYear - S);
        assertThat(time.leapShiftAt(newYear + 2 * S)).isEqualTo(2 * S);
        assertThatThrownBy(() -> time.insertLeapSecond(LocalDate.of(2026, 12, 30)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void startAt2036_pastTheEraRollover_timestampsConvertBackExactly() {
        SimScheduler s = SimScheduler.startingAt(Instant.parse("2036-02-07T06:00:00Z"));
        s.runFor(Duration.ofHours(1));
        assertThat(SimTime.instantOf(s.now())).isAfter(SimTime.ERA_ROLLOVER);
        NtpTimestamp ts = NtpTimestamp.fromUnixNanos(s.now());
        assertThat(ts.seconds()).isLessThan(3600);
        assertThat(ts.toUnixNanos(s.now() - 3600 * S)).isEqualTo(s.now());
        assertThat(s.time().toString()).startsWith("2036-02-07T07:00:00Z");
    }
}
