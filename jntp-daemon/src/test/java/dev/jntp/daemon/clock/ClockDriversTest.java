// Tests the choice of clock driver and the fall back to monitor mode on EPERM, each with its one log line.
package dev.jntp.daemon.clock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.jntp.proto.LeapIndicator;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ClockDriversTest {

    private static final long START = 1_800_000_000_000_000_000L;

    private final List<String> log = new ArrayList<>();
    private final SimulatedKernel kernel = new SimulatedKernel(START);
    private final FakeTime time = new FakeTime(START);

    private ClockDriver open(boolean monitorOnly, boolean sysTime) {
        return ClockDrivers.open(monitorOnly, log::add, () -> sysTime, () -> Optional.of(kernel), time);
    }

    @Test
    void open_thisTestProcessWithoutSysTime_monitorModeWithOneLine() {
        assumeThat(ClockDrivers.hasSysTime())
                .as("tests run without CAP_SYS_TIME (bin/test drops it); this JVM holds it, so skip").isFalse();

        ClockDriver clock = ClockDrivers.open(false, log::add);

        assertThat(clock).isInstanceOf(MonitorClock.class);
        assertThat(clock.monitorMode()).isTrue();
        assertThat(log).containsExactly(
                "no CAP_SYS_TIME: monitor mode, the system clock is not changed; serving corrected time");
    }

    @Test
    void open_monitorOnly_monitorModeWithOneLineAndNoKernelCall() {
        ClockDriver clock = open(true, true);

        assertThat(clock).isInstanceOf(MonitorClock.class);
        assertThat(log).containsExactly("monitor mode (-x): the system clock is not changed; serving corrected time");
        assertThat(kernel.writes()).isEmpty();
    }

    @Test
    void open_withoutSysTime_monitorModeWithOneLine() {
        ClockDriver clock = open(false, false);

        assertThat(clock.monitorMode()).isTrue();
        assertThat(log).singleElement().asString().startsWith("no CAP_SYS_TIME: monitor mode");
    }

    @Test
    void open_noClockAdjtime_monitorModeWithOneLine() {
        ClockDriver clock = ClockDrivers.open(false, log::add, () -> true, Optional::empty, time);

        assertThat(clock.monitorMode()).isTrue();
        assertThat(log).singleElement().asString().contains("clock_adjtime is not available");
    }

    @Test
    void open_withSysTime_kernelDriverWritingNothingYet() {
        ClockDriver clock = open(false, true);

        assertThat(clock.monitorMode()).isFalse();
        assertThat(log).containsExactly("disciplining the system clock through clock_adjtime");
        assertThat(kernel.writes()).isEmpty();
        clock.setFrequencyPpm(7);
        assertThat(kernel.frequencyScaled()).isEqualTo(Timex.scaledPpm(7));
    }

    @Test
    void firstWrite_refusedWithEperm_switchesToMonitorModeWithOneLine() {
        ClockDriver clock = open(false, true);
        kernel.refuseWrites(ClockException.EPERM);

        clock.setFrequencyPpm(10);

        assertThat(clock.monitorMode()).isTrue();
        assertThat(((FallbackClock) clock).active()).isInstanceOf(MonitorClock.class);
        assertThat(log).hasSize(2).last().asString()
                .isEqualTo("clock_adjtime(ADJ_FREQUENCY) failed: EPERM (operation not permitted: the process lacks "
                        + "CAP_SYS_TIME): monitor mode from now on, the system clock is not changed; "
                        + "serving corrected time");
        assertThat(clock.frequencyPpm()).isEqualTo(10);
        time.advanceSeconds(100);
        assertThat(clock.readNanos() - time.realtimeNanos()).isEqualTo(1_000_000);

        clock.step(0.5);
        clock.slew(0.1, 500);
        clock.setLeap(LeapIndicator.INSERT_SECOND);
        clock.setSynchronised(true, 0.01, 0.001);
        clock.tick();
        assertThat(clock.remainingSlew()).isEqualTo(0.1);
        assertThat(log).hasSize(2);
        assertThat(kernel.refusedWrites()).isEqualTo(1);
        assertThat(kernel.writes()).isEmpty();
    }

    @Test
    void firstWrite_stepRefusedWithEperm_stepAppliedInMonitorMode() {
        ClockDriver clock = open(false, true);
        kernel.refuseWrites(ClockException.EPERM);

        clock.step(-1.5);

        assertThat(clock.readNanos()).isEqualTo(time.realtimeNanos() - 1_500_000_000L);
        assertThat(kernel.realtimeNanos()).isEqualTo(START);
    }

    @Test
    void write_refusedWithOtherErrno_propagatesAndStaysKernelMode() {
        ClockDriver clock = open(false, true);
        kernel.refuseWrites(ClockException.EINVAL);

        assertThatThrownBy(() -> clock.setFrequencyPpm(10))
                .isInstanceOfSatisfying(ClockException.class, e -> assertThat(e.errno()).isEqualTo(22));
        assertThat(clock.monitorMode()).isFalse();
        assertThat(log).hasSize(1);
    }

    @Test
    void hasCapability_capEffLine_readsBit25() {
        String withSysTime = "Name:\tjava\nCapInh:\t0000000000000000\nCapEff:\t000001fffeffffff\nCapBnd:\t0\n";
        String without = "Name:\tjava\nCapEff:\t000001fffdffffff\n";

        assertThat(ClockDrivers.hasCapability(withSysTime, ClockDrivers.CAP_SYS_TIME)).isTrue();
        assertThat(ClockDrivers.hasCapability(without, ClockDrivers.CAP_SYS_TIME)).isFalse();
        assertThat(ClockDrivers.hasCapability("CapEff:\t0000000000000000\n", 25)).isFalse();
        assertThat(ClockDrivers.hasCapability("Name:\tjava\n", 25)).isFalse();
    }
}
