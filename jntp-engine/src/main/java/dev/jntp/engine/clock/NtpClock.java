// The clock jntp reads and disciplines: Linux kernel clock, monitor-only, or simulated.
package dev.jntp.engine.clock;

import dev.jntp.proto.LeapIndicator;

/**
 * A disciplinable clock. The engine never calls it directly: it returns actions that the daemon
 * (or a simulation) applies here. Sign conventions everywhere in jntp: an offset is
 * {@code reference - local}, so a positive offset means this clock is behind and must move
 * forward; a positive frequency correction makes this clock run faster.
 *
 * <p>Implementations: the Linux kernel clock through {@code clock_adjtime} (jntp-daemon), a
 * monitor-only clock that never touches the system clock but keeps the correction to itself and
 * serves corrected time (jntp-daemon), and a simulated clock (jntp-testkit).
 */
public interface NtpClock {

    /** The current time of this clock, in nanoseconds since the Unix epoch (what clients are served). */
    long readNanos();

    /**
     * Sets the frequency correction relative to the clock's free-running rate, in parts per
     * million; positive runs faster. Replaces the previous correction.
     */
    void setFrequencyPpm(double ppm);

    /** The frequency correction in force, ppm. */
    double frequencyPpm();

    /**
     * Starts moving the clock by {@code seconds} gradually (positive: forward), no faster than
     * {@code maxRatePpm}; replaces any correction still in progress.
     */
    void slew(double seconds, double maxRatePpm);

    /** The part of the last slew not yet applied, seconds (same sign as the slew). */
    double remainingSlew();

    /** Moves the clock by {@code seconds} at once (positive: forward); cancels any slew in progress. */
    void step(double seconds);

    /** Arms (or clears) a leap second at the end of the current UTC day. */
    void setLeap(LeapIndicator leap);

    /**
     * Reports synchronisation to the system: synchronised with the given maximum and estimated
     * error (what {@code adjtimex}'s maxerror/esterror and {@code timedatectl} show), or not.
     */
    void setSynchronised(boolean synchronised, double maxErrorSeconds, double estErrorSeconds);
}
