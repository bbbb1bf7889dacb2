// A source's regression after a new sample: a line of chrony's statistics log.
package dev.jntp.engine.sync;

/**
 * The state of one source's statistics ({@link SourceStats}) right after a sample was added, in
 * the local clock's corrected time scale, as chrony's {@code statistics.log} reports its
 * sourcestats regression (chrony.conf(5), {@code log statistics}). Signs follow jntp's
 * convention (reference minus local); chrony's file has the opposite sign for offset and
 * frequency, and the writer of that file flips them.
 *
 * @param localNanos local time of the newest sample
 * @param stdDev standard deviation of the residuals, seconds
 * @param offset estimated offset (reference minus local) at the newest sample, seconds
 * @param offsetSd standard error of {@code offset}, seconds
 * @param frequency rate of change of the offset relative to the frequency correction in force, s/s (positive:
 *     the local clock loses time on the source)
 * @param skew standard error of the frequency, s/s
 * @param stress |new frequency - previous frequency| / previous skew (0 when there was no previous estimate)
 * @param samples samples in the regression
 * @param dropped oldest samples the runs test discarded with this sample
 * @param runs runs of residuals of the same sign among the samples kept
 */
public record Regression(long localNanos, double stdDev, double offset, double offsetSd, double frequency,
        double skew, double stress, int samples, int dropped, int runs) {}
