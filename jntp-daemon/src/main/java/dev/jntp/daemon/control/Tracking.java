// The daemon's synchronisation state as 'jntp tracking' shows it (chronyc tracking's fields).
package dev.jntp.daemon.control;

/**
 * @param referenceId reference ID, 8 hex digits
 * @param referenceName the reference's name or address ("" when unknown)
 * @param stratum system stratum (16: unsynchronised)
 * @param referenceTimeUnixNanos when the clock was last updated (0: never)
 * @param systemTimeOffset how far the system clock is ahead of the time jntp serves, seconds
 *     (non-zero in monitor mode, where jntp corrects only the time it serves)
 * @param lastOffset offset measured at the last update, seconds (reference minus local)
 * @param rmsOffset RMS of recent offsets, seconds
 * @param frequencyPpm frequency correction in force, ppm (positive: the clock is made faster)
 * @param skewPpm error bound of the frequency, ppm
 * @param rootDelay seconds
 * @param rootDispersion seconds
 * @param updateInterval seconds between the last two updates
 * @param leap "Normal", "Insert second", "Delete second" or "Not synchronised"
 * @param synchronised whether jntp follows a reference
 * @param alarm why not synchronised ("" when synchronised)
 * @param residualFrequencyPpm how far the reference's measurements put the frequency from the one in force, ppm
 *     (chronyc's "Residual freq"; 0 without a reference)
 */
public record Tracking(String referenceId, String referenceName, int stratum, long referenceTimeUnixNanos,
        double systemTimeOffset, double lastOffset, double rmsOffset, double frequencyPpm, double skewPpm,
        double rootDelay, double rootDispersion, double updateInterval, String leap, boolean synchronised,
        String alarm, double residualFrequencyPpm) {

    /** Tracking without a residual frequency (0). */
    public Tracking(String referenceId, String referenceName, int stratum, long referenceTimeUnixNanos,
            double systemTimeOffset, double lastOffset, double rmsOffset, double frequencyPpm, double skewPpm,
            double rootDelay, double rootDispersion, double updateInterval, String leap, boolean synchronised,
            String alarm) {
        this(referenceId, referenceName, stratum, referenceTimeUnixNanos, systemTimeOffset, lastOffset, rmsOffset,
                frequencyPpm, skewPpm, rootDelay, rootDispersion, updateInterval, leap, synchronised, alarm, 0);
    }
}
