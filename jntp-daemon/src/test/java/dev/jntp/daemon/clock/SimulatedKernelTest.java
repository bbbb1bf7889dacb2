// Tests that the simulated kernel follows Linux where the driver tests rely on it.
package dev.jntp.daemon.clock;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SimulatedKernelTest {

    private final SimulatedKernel kernel = new SimulatedKernel(1_000 * 1_000_000_000L);

    @Test
    void frequency_beyond500ppm_clampedAsLinuxDoes() {
        Kernel.Reply reply = kernel.adjtime(Timex.frequency(Timex.scaledPpm(900)));

        assertThat(reply.ok()).isTrue();
        assertThat(reply.timex().freq()).isEqualTo(Timex.scaledPpm(500));
    }

    @Test
    void advance_withFrequency_realtimeRunsFasterByIt() {
        kernel.adjtime(Timex.frequency(Timex.scaledPpm(-100)));

        kernel.advanceSeconds(10);

        assertThat(kernel.realtimeNanos()).isEqualTo(1_010 * 1_000_000_000L - 1_000_000);
        assertThat(kernel.rawNanos()).isEqualTo(1_010 * 1_000_000_000L);
    }

    @Test
    void setoffset_fractionOutOfRange_einvalAndNothingChanged() {
        Kernel.Reply nano = kernel.adjtime(Timex.setOffset(Timex.ADJ_SETOFFSET | Timex.ADJ_NANO, 0, 1_000_000_000));
        Kernel.Reply micro = kernel.adjtime(Timex.setOffset(Timex.ADJ_SETOFFSET, 0, 1_000_000));
        Kernel.Reply negative = kernel.adjtime(Timex.setOffset(Timex.ADJ_SETOFFSET, 1, -1));

        assertThat(new int[] {nano.errno(), micro.errno(), negative.errno()}).containsOnly(ClockException.EINVAL);
        assertThat(kernel.realtimeNanos()).isEqualTo(1_000 * 1_000_000_000L);
        assertThat(kernel.writes()).isEmpty();
    }

    @Test
    void status_readOnlyBitsWritten_ignored() {
        kernel.adjtime(Timex.status(Timex.ADJ_STATUS, Timex.STA_CLOCKERR | Timex.STA_INS, 0, 0));

        assertThat(kernel.status()).isEqualTo(Timex.STA_INS);
        assertThat(kernel.adjtime(Timex.READ).code()).isEqualTo(Timex.TIME_INS);
    }

    @Test
    void maxerror_afterSync_grows500usPerSecondUntilUnsyncAt16s() {
        kernel.adjtime(Timex.status(Timex.ADJ_STATUS | Timex.ADJ_MAXERROR, 0, 1_000, 0));

        kernel.advanceSeconds(10);
        assertThat(kernel.adjtime(Timex.READ).timex().maxerror()).isEqualTo(6_000);
        kernel.advanceSeconds(40_000);

        assertThat(kernel.status() & Timex.STA_UNSYNC).isNotZero();
        assertThat(kernel.adjtime(Timex.READ).timex().maxerror()).isEqualTo(Timex.PHASE_LIMIT_MICROS);
    }

    @Test
    void refuseWrites_readStillAnswered() {
        kernel.refuseWrites(ClockException.EPERM);

        assertThat(kernel.adjtime(Timex.READ).ok()).isTrue();
        assertThat(kernel.adjtime(Timex.frequency(0)).errno()).isEqualTo(ClockException.EPERM);
        assertThat(kernel.refusedWrites()).isEqualTo(1);
    }
}
