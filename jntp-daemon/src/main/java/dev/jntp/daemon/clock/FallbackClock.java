// The kernel clock driver with a way out: a write refused with EPERM switches to monitor mode, said once in the log.
package dev.jntp.daemon.clock;

import dev.jntp.proto.LeapIndicator;
import java.util.OptionalLong;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Delegates to the kernel clock until the kernel refuses a write with EPERM (no CAP_SYS_TIME after
 * all, e.g. a seccomp profile or a user namespace); then it logs one line, switches for good to a
 * fresh {@link MonitorClock} and applies the refused operation there. A refused write changed
 * nothing, so when it is the first write the monitor clock starts exactly where the system clock
 * is. Other kernel errors propagate.
 */
final class FallbackClock implements ClockDriver {

    private final Supplier<MonitorClock> monitors;
    private final Consumer<String> log;
    private volatile ClockDriver active;
    private boolean monitoring;

    FallbackClock(ClockDriver kernelClock, Supplier<MonitorClock> monitors, Consumer<String> log) {
        this.active = kernelClock;
        this.monitors = monitors;
        this.log = log;
    }

    /** The clock in use: the kernel driver, or the monitor clock after a fallback. */
    ClockDriver active() {
        return active;
    }

    private synchronized void write(Consumer<ClockDriver> operation) {
        try {
            operation.accept(active);
        } catch (ClockException e) {
            if (monitoring || !e.permissionDenied()) {
                throw e;
            }
            monitoring = true;
            active = monitors.get();
            log.accept(e.getMessage() + ": monitor mode from now on, the system clock is not changed; "
                    + "serving corrected time");
            operation.accept(active);
        }
    }

    @Override
    public long readNanos() {
        return active.readNanos();
    }

    @Override
    public void setFrequencyPpm(double ppm) {
        write(clock -> clock.setFrequencyPpm(ppm));
    }

    @Override
    public double frequencyPpm() {
        return active.frequencyPpm();
    }

    @Override
    public void slew(double seconds, double maxRatePpm) {
        write(clock -> clock.slew(seconds, maxRatePpm));
    }

    @Override
    public double remainingSlew() {
        // Settling a finished slew segment may write to the kernel.
        double[] remaining = new double[1];
        write(clock -> remaining[0] = clock.remainingSlew());
        return remaining[0];
    }

    @Override
    public void tick() {
        write(ClockDriver::tick);
    }

    @Override
    public OptionalLong nanosToSegmentEnd() {
        return active.nanosToSegmentEnd();
    }

    @Override
    public boolean monitorMode() {
        return active.monitorMode();
    }

    @Override
    public void step(double seconds) {
        write(clock -> clock.step(seconds));
    }

    @Override
    public void setLeap(LeapIndicator leap) {
        write(clock -> clock.setLeap(leap));
    }

    @Override
    public void setSynchronised(boolean synchronised, double maxErrorSeconds, double estErrorSeconds) {
        write(clock -> clock.setSynchronised(synchronised, maxErrorSeconds, estErrorSeconds));
    }
}
