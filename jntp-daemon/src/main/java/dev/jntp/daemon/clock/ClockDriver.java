// An NtpClock as the daemon drives it: plus the wake-up a timer-less slew needs and which mode is in force.
package dev.jntp.daemon.clock;

import dev.jntp.engine.clock.NtpClock;
import java.util.OptionalLong;

/** A clock the daemon disciplines; see {@link LinuxClock} for why a slew asks to be woken. */
public interface ClockDriver extends NtpClock {

    /** Ends a slew segment that is due (the kernel clock only; nothing to do in monitor mode). */
    void tick();

    /** Nanoseconds until {@link #tick()} should be called, or empty when no slew segment runs. */
    OptionalLong nanosToSegmentEnd();

    /** Whether the system clock is left alone and the correction is served instead. */
    boolean monitorMode();

    /**
     * A system-clock time (a kernel timestamp, CLOCK_REALTIME) on this clock's disciplined scale:
     * the two differ by the correction a monitor-mode clock keeps to itself.
     */
    default long fromSystemTime(long systemNanos) {
        long system = SystemTime.realtime();
        return systemNanos + (readNanos() - system);
    }
}
