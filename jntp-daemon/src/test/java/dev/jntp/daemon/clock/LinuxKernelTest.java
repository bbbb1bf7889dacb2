// Tests the real kernel clock, by reading only (modes = 0): the reply, errno capture, and the clock_gettime reader.
package dev.jntp.daemon.clock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every call here passes {@link Timex#READ}: modes = 0 never changes the host clock. */
class LinuxKernelTest {

    private Kernel kernel;

    @BeforeEach
    void load() {
        assumeThat(System.getProperty("os.name")).as("clock_adjtime is Linux only").isEqualTo("Linux");
        kernel = LinuxKernel.load().orElseThrow();
    }

    @Test
    void adjtime_readOnly_returnsStateAndPlausibleValues() {
        Kernel.Reply reply = kernel.adjtime(Timex.READ);

        assertThat(reply.code()).isBetween(Timex.TIME_OK, Timex.TIME_ERROR);
        Timex tx = reply.timex();
        assertThat(tx.modes()).isZero();
        assertThat(tx.tolerance()).isEqualTo(Timex.scaledPpm(500));
        assertThat(Math.abs(tx.freq())).isLessThanOrEqualTo(Timex.scaledPpm(500));
        assertThat(tx.maxerror()).isBetween(0L, Timex.PHASE_LIMIT_MICROS);
        assertThat(tx.esterror()).isBetween(0L, Timex.PHASE_LIMIT_MICROS);
        assertThat(tx.tick()).isBetween(9_000L, 11_000L);
        long fracLimit = (tx.status() & Timex.STA_NANO) != 0 ? 1_000_000_000L : 1_000_000L;
        assertThat(tx.timeFrac()).isBetween(0L, fracLimit - 1);
        assertThat(tx.timeSec()).isCloseTo(Instant.now().getEpochSecond(), within(5L));
        if ((tx.status() & Timex.STA_UNSYNC) != 0) {
            assertThat(reply.code()).isEqualTo(Timex.TIME_ERROR);
        }
    }

    @Test
    void adjtime_invalidClockReadOnly_returnsMinusEinval() {
        Kernel.Reply reply = ((LinuxKernel) kernel).adjtime(1_000, Timex.READ);

        assertThat(reply.ok()).isFalse();
        assertThat(reply.errno()).isEqualTo(ClockException.EINVAL);
        assertThat(reply.timex()).isEqualTo(Timex.READ);
    }

    @Test
    void kernelStatus_readOnly_agreesWithStatusBits() {
        KernelStatus status = KernelStatus.read(kernel);

        assertThat(status.synchronised()).isEqualTo((status.status() & Timex.STA_UNSYNC) == 0);
        assertThat(status.stateName()).startsWith("TIME_");
        assertThat(Math.abs(status.frequencyPpm())).isLessThanOrEqualTo(500);
        assertThat(status.maxErrorSeconds()).isBetween(0.0, 16.0);
    }

    @Test
    void systemTime_native_agreesWithInstantAndRawIsMonotonic() {
        assertThat(SystemTime.isNative()).isTrue();
        Instant before = Instant.now();
        long realtime = kernel.realtimeNanos();
        Instant after = Instant.now();
        assertThat(realtime).isBetween(nanos(before) - 1_000_000, nanos(after) + 1_000_000);

        long raw1 = kernel.rawNanos();
        long raw2 = kernel.rawNanos();
        assertThat(raw2).isGreaterThanOrEqualTo(raw1).isPositive();
        assertThat(SystemTime.INSTANCE.monotonicNanos()).isNotZero();
    }

    private static long nanos(Instant i) {
        return i.getEpochSecond() * 1_000_000_000L + i.getNano();
    }
}
