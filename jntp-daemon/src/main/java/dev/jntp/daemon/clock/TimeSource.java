// The two readings a monitor-mode clock is computed from: the system time and a monotonic count.
package dev.jntp.daemon.clock;

/** The system clock as {@link MonitorClock} reads it; tests supply a fake one they advance by hand. */
public interface TimeSource {

    /** The system time, nanoseconds since the Unix epoch (may be stepped by others). */
    long realtimeNanos();

    /**
     * A monotonic count, nanoseconds, running at the system clock's rate (CLOCK_MONOTONIC, i.e.
     * {@link System#nanoTime}): the base over which a correction relative to the system clock accrues.
     */
    long monotonicNanos();
}
