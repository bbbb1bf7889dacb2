// What status commands show about one source, as chronyc sources and ntpdata do.
package dev.jntp.engine.sync;

/**
 * @param id source number
 * @param name configured name
 * @param state selection state
 * @param stratum the source's stratum (0 before the first sample)
 * @param poll log2 seconds of the poll interval
 * @param reach reachability register (8 bits)
 * @param lastOffset last measured offset, seconds
 * @param estimatedOffset regression estimate of the offset now, seconds
 * @param lastDelay last round-trip delay, seconds
 * @param jitter standard deviation of the regression residuals, seconds
 * @param samples samples in the regression
 * @param lastTests verdicts of the packet tests of the last reply
 * @param stopReason why polling stopped (kiss-o'-death), or null
 * @param detail what only status commands need (last sample, regression, last reply, counters)
 */
public record SourceSnapshot(int id, String name, SourceState state, int stratum, int poll, int reach,
        double lastOffset, double estimatedOffset, double lastDelay, double jitter, int samples, TestVerdicts lastTests,
        String stopReason, SourceDetail detail) {

    /** A snapshot without details ({@link SourceDetail#NONE}). */
    public SourceSnapshot(int id, String name, SourceState state, int stratum, int poll, int reach, double lastOffset,
            double estimatedOffset, double lastDelay, double jitter, int samples, TestVerdicts lastTests,
            String stopReason) {
        this(id, name, state, stratum, poll, reach, lastOffset, estimatedOffset, lastDelay, jitter, samples, lastTests,
                stopReason, SourceDetail.NONE);
    }
}
