// What the last clock update did beyond the published SystemState: a line of chrony's tracking log.
package dev.jntp.engine.sync;

/**
 * The figures of one clock update that {@link SystemState} does not carry, for chrony's
 * {@code tracking.log} (chrony.conf(5), {@code log tracking}) and ntpd's loopstats.
 *
 * @param localNanos local time of the update
 * @param combined sources combined into the offset
 * @param offsetSd estimated standard deviation of the combined offset, seconds: the system peer's offset error and
 *     the selection jitter (the spread of the combined sources) together
 * @param remainingCorrection the part of the previous correction not yet slewed away when this update came,
 *     seconds (positive: the clock was still behind by that much)
 * @param stepped whether this update stepped the clock rather than slewed it
 */
public record ClockUpdate(long localNanos, int combined, double offsetSd, double remainingCorrection,
        boolean stepped) {}
