// Tests the kernel clock driver against a simulated kernel: the exact requests each operation makes, and the slew.
package dev.jntp.daemon.clock;

import static dev.jntp.daemon.clock.Timex.ADJ_ESTERROR;
import static dev.jntp.daemon.clock.Timex.ADJ_FREQUENCY;
import static dev.jntp.daemon.clock.Timex.ADJ_MAXERROR;
import static dev.jntp.daemon.clock.Timex.ADJ_NANO;
import static dev.jntp.daemon.clock.Timex.ADJ_SETOFFSET;
import static dev.jntp.daemon.clock.Timex.ADJ_STATUS;
import static dev.jntp.daemon.clock.Timex.STA_DEL;
import static dev.jntp.daemon.clock.Timex.STA_INS;
import static dev.jntp.daemon.clock.Timex.STA_NANO;
import static dev.jntp.daemon.clock.Timex.STA_PLL;
import static dev.jntp.daemon.clock.Timex.STA_UNSYNC;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.jntp.proto.LeapIndicator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LinuxClockTest {

    private static final long START = 1_800_000_000_000_000_000L;
    private static final long SECOND = 1_000_000_000L;

    private final SimulatedKernel kernel = new SimulatedKernel(START);

    private static Timex frequency(double ppm) {
        return Timex.frequency(Timex.scaledPpm(ppm));
    }

    @Test
    void open_kernelFrequencyLeftBefore_isTheBaseAndNothingWritten() {
        kernel.preset(Timex.scaledPpm(-12.25), STA_UNSYNC);

        LinuxClock clock = new LinuxClock(kernel);

        assertThat(clock.frequencyPpm()).isEqualTo(-12.25);
        assertThat(kernel.writes()).isEmpty();
    }

    @Test
    void readNanos_always_isTheKernelRealtime() {
        LinuxClock clock = new LinuxClock(kernel);
        kernel.advance(123_456_789);

        assertThat(clock.readNanos()).isEqualTo(START + 123_456_789);
    }

    @Test
    void setFrequencyPpm_12point5_writesAdjFrequencyScaledBy2to16() {
        LinuxClock clock = new LinuxClock(kernel);

        clock.setFrequencyPpm(12.5);

        assertThat(kernel.writes()).containsExactly(new Timex(ADJ_FREQUENCY, 0, 819_200, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0));
        assertThat(kernel.frequencyScaled()).isEqualTo(819_200);
        assertThat(clock.frequencyPpm()).isEqualTo(12.5);
        kernel.advanceSeconds(1000);
        assertThat(clock.readNanos() - START).isEqualTo(1000 * SECOND + 12_500_000);
    }

    @ParameterizedTest(name = "{0} ppm")
    @ValueSource(doubles = {500.0001, -500.0001, 1e6, Double.NaN, Double.POSITIVE_INFINITY})
    void setFrequencyPpm_beyondKernelLimit_rejectedWithoutWrite(double ppm) {
        LinuxClock clock = new LinuxClock(kernel);

        assertThatThrownBy(() -> clock.setFrequencyPpm(ppm))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("500");
        assertThat(kernel.writes()).isEmpty();
    }

    @Test
    void setFrequencyPpm_exactly500_accepted() {
        LinuxClock clock = new LinuxClock(kernel);

        clock.setFrequencyPpm(-500);

        assertThat(kernel.writes()).containsExactly(frequency(-500));
    }

    @Test
    void slew_halfSecondAt400ppm_runsBasePlus400For1250Seconds() {
        LinuxClock clock = new LinuxClock(kernel);
        clock.setFrequencyPpm(10);

        clock.slew(0.5, 400);

        assertThat(kernel.writes()).containsExactly(frequency(10), frequency(410));
        assertThat(clock.nanosToSegmentEnd()).hasValue(1250 * SECOND);
        kernel.advanceSeconds(1250);
        clock.tick();
        assertThat(kernel.writes()).endsWith(frequency(410), frequency(10));
        assertThat(clock.remainingSlew()).isZero();
        assertThat(clock.nanosToSegmentEnd()).isEmpty();
        // 1250 s at +10 ppm is 12.5 ms, plus the slew's 0.5 s.
        assertThat(clock.readNanos() - START - 1250 * SECOND).isCloseTo(512_500_000L, within(2L));
    }

    @Test
    void remainingSlew_duringSlew_decreasesLinearly() {
        LinuxClock clock = new LinuxClock(kernel);
        clock.slew(-0.5, 500);

        for (int step = 0; step <= 10; step++) {
            assertThat(clock.remainingSlew()).as("after %d s", step * 100)
                    .isCloseTo(-0.5 + step * 0.05, within(1e-9));
            kernel.advanceSeconds(100);
        }
        assertThat(clock.remainingSlew()).isZero();
        assertThat(kernel.frequencyScaled()).isZero();
    }

    @Test
    void slew_settledLate_surplusSlewedBackToTheExactOffset() {
        LinuxClock clock = new LinuxClock(kernel);
        clock.slew(0.5, 500);

        kernel.advanceSeconds(1010);

        // 10 s late at 500 ppm: 5 ms too far, shown, and slewed back at 500 ppm for 10 s.
        assertThat(clock.remainingSlew()).isCloseTo(-0.005, within(1e-9));
        assertThat(kernel.writes()).endsWith(frequency(-500));
        assertThat(clock.nanosToSegmentEnd()).hasValue(10 * SECOND);
        kernel.advanceSeconds(10);
        clock.tick();
        assertThat(clock.remainingSlew()).isZero();
        assertThat(kernel.frequencyScaled()).isZero();
        assertThat(clock.readNanos() - START - 1020 * SECOND).isCloseTo(500_000_000L, within(2L));
    }

    @Test
    void slew_alwaysSettledLate_convergesGeometrically() {
        LinuxClock clock = new LinuxClock(kernel);
        clock.slew(0.002, 500);
        long elapsed = 0;
        while (clock.nanosToSegmentEnd().isPresent()) {
            long wait = clock.nanosToSegmentEnd().getAsLong() + 50_000_000; // every wake-up 50 ms late
            kernel.advance(wait);
            elapsed += wait;
            clock.tick();
            assertThat(elapsed).isLessThan(60 * SECOND);
        }
        assertThat(clock.readNanos() - START - elapsed).isCloseTo(2_000_000L, within(2L));
    }

    @Test
    void slew_small_lastsAtLeastOneSecond() {
        LinuxClock clock = new LinuxClock(kernel);

        clock.slew(100e-6, 500);

        assertThat(kernel.writes()).containsExactly(frequency(100));
        assertThat(clock.nanosToSegmentEnd()).hasValue(SECOND);
    }

    @Test
    void slew_baseNearKernelLimit_rateLimitedToTheRoomLeft() {
        LinuxClock clock = new LinuxClock(kernel);
        clock.setFrequencyPpm(450);

        clock.slew(0.1, 500);

        assertThat(kernel.writes()).endsWith(frequency(500));
        assertThat(clock.nanosToSegmentEnd()).hasValue(2000 * SECOND);
    }

    @Test
    void slew_baseAtKernelLimitSameDirection_rejected() {
        LinuxClock clock = new LinuxClock(kernel);
        clock.setFrequencyPpm(500);

        assertThatThrownBy(() -> clock.slew(0.1, 500)).isInstanceOf(IllegalArgumentException.class);
        clock.slew(-0.1, 500);
        assertThat(kernel.writes()).endsWith(frequency(0));
    }

    @Test
    void setFrequencyPpm_duringSlew_keepsProgressAndMovesTheSegment() {
        LinuxClock clock = new LinuxClock(kernel);
        clock.slew(0.5, 500);
        kernel.advanceSeconds(200);

        clock.setFrequencyPpm(-20);

        assertThat(kernel.writes()).endsWith(frequency(480));
        assertThat(clock.remainingSlew()).isCloseTo(0.4, within(1e-9));
        assertThat(clock.nanosToSegmentEnd()).hasValue(800 * SECOND);
        assertThat(clock.frequencyPpm()).isEqualTo(-20);
    }

    @Test
    void setFrequencyPpm_leavingNoRoom_slewWaitsUnchanged() {
        LinuxClock clock = new LinuxClock(kernel);
        clock.slew(0.5, 500);
        kernel.advanceSeconds(200);

        clock.setFrequencyPpm(500);
        kernel.advanceSeconds(100);

        assertThat(clock.remainingSlew()).isCloseTo(0.4, within(1e-9));
        assertThat(clock.nanosToSegmentEnd()).isEmpty();
        clock.setFrequencyPpm(0);
        assertThat(kernel.writes()).endsWith(frequency(500), frequency(500));
        assertThat(clock.nanosToSegmentEnd()).hasValue(800 * SECOND);
    }

    @Test
    void slew_replacingOneInProgress_dropsItsRemainder() {
        LinuxClock clock = new LinuxClock(kernel);
        clock.slew(0.5, 500);
        kernel.advanceSeconds(100);

        clock.slew(-0.01, 200);

        assertThat(clock.remainingSlew()).isCloseTo(-0.01, within(1e-12));
        assertThat(kernel.writes()).endsWith(frequency(-200));
        kernel.advanceSeconds(50);
        clock.tick();
        assertThat(clock.readNanos() - START - 150 * SECOND).isCloseTo(40_000_000L, within(2L));
    }

    @Test
    void step_negative_writesSetoffsetNanoWithNormalisedTime() {
        LinuxClock clock = new LinuxClock(kernel);

        clock.step(-1.25);

        assertThat(kernel.writes()).containsExactly(
                new Timex(ADJ_SETOFFSET | ADJ_NANO, 0, 0, 0, 0, 0, 0, 0, 0, -2, 750_000_000, 0, 0));
        assertThat(clock.readNanos()).isEqualTo(START - 1_250_000_000L);
        assertThat(kernel.status() & STA_NANO).isNotZero();
    }

    @Test
    void step_duringSlew_restoresBaseFrequencyFirstAndCancelsTheSlew() {
        LinuxClock clock = new LinuxClock(kernel);
        clock.setFrequencyPpm(3);
        clock.slew(0.5, 400);
        kernel.advanceSeconds(100);

        clock.step(0.75);

        assertThat(kernel.writes()).containsExactly(frequency(3), frequency(403), frequency(3),
                Timex.setOffset(ADJ_SETOFFSET | ADJ_NANO, 0, 750_000_000));
        assertThat(clock.remainingSlew()).isZero();
        assertThat(clock.nanosToSegmentEnd()).isEmpty();
    }

    @Test
    void setLeap_insertThenDeleteThenNone_writesOnlyTheLeapBits() {
        kernel.preset(0, STA_UNSYNC);
        LinuxClock clock = new LinuxClock(kernel);

        clock.setLeap(LeapIndicator.INSERT_SECOND);
        clock.setLeap(LeapIndicator.DELETE_SECOND);
        clock.setLeap(LeapIndicator.NO_WARNING);

        assertThat(kernel.writes()).containsExactly(
                Timex.status(ADJ_STATUS, STA_UNSYNC | STA_INS, 0, 0),
                Timex.status(ADJ_STATUS, STA_UNSYNC | STA_DEL, 0, 0),
                Timex.status(ADJ_STATUS, STA_UNSYNC, 0, 0));
    }

    @Test
    void setLeap_kernelPllOnAndNanoSet_clearsPllWritesNoReadOnlyBit() {
        kernel.preset(0, STA_PLL | STA_NANO);
        LinuxClock clock = new LinuxClock(kernel);

        clock.setLeap(LeapIndicator.INSERT_SECOND);

        assertThat(kernel.writes()).containsExactly(Timex.status(ADJ_STATUS, STA_INS, 0, 0));
        // Linux resets the whole status when STA_PLL goes off, STA_NANO included.
        assertThat(kernel.status()).isEqualTo(STA_INS);
        assertThat(KernelStatus.read(kernel).leap()).isEqualTo(LeapIndicator.INSERT_SECOND);
    }

    @Test
    void setSynchronised_true_clearsUnsyncAndWritesErrorsInMicroseconds() {
        LinuxClock clock = new LinuxClock(kernel);
        clock.setLeap(LeapIndicator.INSERT_SECOND);

        clock.setSynchronised(true, 0.0123451, 0.0004);

        assertThat(kernel.writes()).endsWith(new Timex(ADJ_STATUS | ADJ_MAXERROR | ADJ_ESTERROR,
                0, 0, 12_346, 400, STA_INS, 0, 0, 0, 0, 0, 0, 0));
        Kernel.Reply state = kernel.adjtime(Timex.READ);
        assertThat(state.code()).isEqualTo(Timex.TIME_INS);
        KernelStatus status = KernelStatus.read(kernel);
        assertThat(status.synchronised()).isTrue();
        assertThat(status.maxErrorSeconds()).isCloseTo(0.012346, within(1e-12));
        assertThat(status.estErrorSeconds()).isCloseTo(0.0004, within(1e-12));
    }

    @Test
    void setSynchronised_false_setsUnsyncAndSixteenSeconds() {
        LinuxClock clock = new LinuxClock(kernel);
        clock.setSynchronised(true, 0.01, 0.001);

        clock.setSynchronised(false, 0.01, 0.001);

        assertThat(kernel.writes()).endsWith(Timex.status(ADJ_STATUS | ADJ_MAXERROR | ADJ_ESTERROR,
                STA_UNSYNC, 16_000_000, 16_000_000));
        assertThat(kernel.adjtime(Timex.READ).code()).isEqualTo(Timex.TIME_ERROR);
    }

    @Test
    void setSynchronised_errorBeyond16Seconds_writtenAsTheKernelLimit() {
        LinuxClock clock = new LinuxClock(kernel);

        clock.setSynchronised(true, 100, Double.POSITIVE_INFINITY);

        assertThat(kernel.writes().getFirst().maxerror()).isEqualTo(16_000_000);
        assertThat(kernel.writes().getFirst().esterror()).isEqualTo(16_000_000);
    }

    @Test
    void setSynchronised_negativeOrNaNError_rejectedWithoutWrite() {
        LinuxClock clock = new LinuxClock(kernel);

        assertThatThrownBy(() -> clock.setSynchronised(true, -1e-6, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> clock.setSynchronised(true, 0, Double.NaN))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(kernel.writes()).isEmpty();
    }

    @Test
    void write_refusedWithEperm_throwsAndLeavesStateUnchanged() {
        LinuxClock clock = new LinuxClock(kernel);
        kernel.refuseWrites(ClockException.EPERM);

        assertThatThrownBy(() -> clock.setFrequencyPpm(5))
                .isInstanceOfSatisfying(ClockException.class, e -> assertThat(e.permissionDenied()).isTrue())
                .hasMessageContaining("clock_adjtime(ADJ_FREQUENCY)").hasMessageContaining("EPERM");
        assertThatThrownBy(() -> clock.slew(0.1, 500)).isInstanceOf(ClockException.class);
        assertThatThrownBy(() -> clock.step(1)).isInstanceOf(ClockException.class);
        assertThatThrownBy(() -> clock.setLeap(LeapIndicator.INSERT_SECOND)).isInstanceOf(ClockException.class);
        assertThatThrownBy(() -> clock.setSynchronised(true, 0.1, 0.1)).isInstanceOf(ClockException.class);
        assertThat(clock.frequencyPpm()).isZero();
        assertThat(clock.remainingSlew()).isZero();
        assertThat(kernel.refusedWrites()).isEqualTo(5);
        assertThat(kernel.writes()).isEmpty();
    }

    @Test
    void modeNames_combined_namedByBit() {
        assertThat(LinuxClock.modeNames(ADJ_SETOFFSET | ADJ_NANO)).isEqualTo("ADJ_SETOFFSET|ADJ_NANO");
        assertThat(LinuxClock.modeNames(0)).isEqualTo("read");
    }
}
