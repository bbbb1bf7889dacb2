// Tests the read-only kernel status: units by STA_NANO, synchronisation, leap and names.
package dev.jntp.daemon.clock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.jntp.proto.LeapIndicator;
import org.junit.jupiter.api.Test;

class KernelStatusTest {

    private static Timex reply(long offset, int status) {
        return new Timex(0, offset, Timex.scaledPpm(-3.5), 12_000, 300, status, 2, 1, Timex.scaledPpm(500),
                0, 0, 10_000, 37);
    }

    @Test
    void of_microsecondKernel_offsetInMicroseconds() {
        KernelStatus status = KernelStatus.of(Timex.TIME_ERROR, reply(250, Timex.STA_UNSYNC));

        assertThat(status.offsetSeconds()).isCloseTo(250e-6, within(1e-15));
        assertThat(status.frequencyPpm()).isEqualTo(-3.5);
        assertThat(status.maxErrorSeconds()).isCloseTo(0.012, within(1e-15));
        assertThat(status.estErrorSeconds()).isCloseTo(0.0003, within(1e-15));
        assertThat(status.taiOffset()).isEqualTo(37);
        assertThat(status.synchronised()).isFalse();
        assertThat(status.stateName()).isEqualTo("TIME_ERROR");
        assertThat(status.statusNames()).containsExactly("UNSYNC");
    }

    @Test
    void of_nanoKernelWithLeap_offsetInNanosecondsAndLeapArmed() {
        KernelStatus status = KernelStatus.of(Timex.TIME_DEL, reply(-250, Timex.STA_NANO | Timex.STA_DEL));

        assertThat(status.offsetSeconds()).isCloseTo(-250e-9, within(1e-18));
        assertThat(status.synchronised()).isTrue();
        assertThat(status.leap()).isEqualTo(LeapIndicator.DELETE_SECOND);
        assertThat(status.statusNames()).containsExactly("DEL", "NANO");
        assertThat(status.stateName()).isEqualTo("TIME_DEL");
        assertThat(KernelStatus.of(9, reply(0, 0)).stateName()).isEqualTo("state 9");
    }

    @Test
    void read_simulatedKernel_usesModesZeroOnly() {
        SimulatedKernel kernel = new SimulatedKernel(0);

        KernelStatus status = KernelStatus.read(kernel);

        assertThat(kernel.writes()).isEmpty();
        assertThat(status.state()).isEqualTo(Timex.TIME_ERROR);
        assertThat(status.maxErrorSeconds()).isEqualTo(16.0);
        assertThat(status.leap()).isEqualTo(LeapIndicator.NO_WARNING);
    }

    @Test
    void read_refused_throwsClockException() {
        Kernel refusing = new Kernel() {
            @Override
            public Reply adjtime(Timex request) {
                return new Reply(-ClockException.EFAULT, request);
            }

            @Override
            public long realtimeNanos() {
                return 0;
            }

            @Override
            public long rawNanos() {
                return 0;
            }
        };

        assertThatThrownBy(() -> KernelStatus.read(refusing))
                .isInstanceOf(ClockException.class).hasMessageContaining("EFAULT");
    }
}
