// The rest of what status commands show about one source: chronyc sources' last sample, sourcestats' regression, ntpdata's packet.
package dev.jntp.engine.sync;

import dev.jntp.proto.LeapIndicator;
import dev.jntp.proto.ReferenceId;

/**
 * Figures of a {@link SourceSnapshot} that only status commands need ({@code jntp sources},
 * {@code sourcestats}, {@code ntpdata}, {@code activity}, the {@code ntpq} billboard). Times are
 * on the local clock's scale (the {@code now} the engine is given); NaN where nothing was measured.
 *
 * @param online false after the operator took the source offline (it is not polled)
 * @param bursting a burst of requests is under way
 * @param removed the operator deleted the source: it is no longer polled nor selected, and is left
 *     in {@link SyncEngine#sources} only so that source numbers stay list indices
 * @param lastSampleNanos local time the last accepted sample arrived, 0 before one
 * @param adjustedOffset the last sample's offset, adjusted for the clock corrections made since
 *     (chronyc's "xxxx" in {@code xxxx [yyyy] +/- zzzz}), seconds
 * @param lastError the last sample's error bound: half its root delay plus its root dispersion (chronyc's zzzz)
 * @param lastDispersion the last sample's own dispersion (precisions and the clocks' drift over the delay), seconds
 * @param runs runs of residuals of one sign in the regression (chronyc sourcestats' NR)
 * @param spanSeconds time from the oldest to the newest sample of the regression
 * @param residualFrequencyPpm the frequency the regression measures against the clock as corrected now, ppm
 *     (positive: this clock runs slow of the source)
 * @param skewPpm the error bound of that frequency, ppm
 * @param lastReply header of the last reply that was a reply to our request (passed tests 1 to 3), or null
 * @param requests requests sent
 * @param replies datagrams received from the source
 * @param validReplies replies to our requests (tests 1 to 3 passed)
 * @param goodReplies replies whose sample was used (every test passed)
 * @param authenticated the source has a symmetric key: requests are signed and only replies with its
 *     valid MAC count (chronyc ntpdata's "Authenticated")
 */
public record SourceDetail(boolean online, boolean bursting, boolean removed, long lastSampleNanos,
        double adjustedOffset, double lastError, double lastDispersion, int runs, double spanSeconds,
        double residualFrequencyPpm, double skewPpm, ReplyHeader lastReply, long requests, long replies,
        long validReplies, long goodReplies, boolean authenticated) {

    /** Nothing known (a snapshot built without details). */
    public static final SourceDetail NONE = new SourceDetail(true, false, false, 0, Double.NaN, Double.NaN,
            Double.NaN, 0, 0, Double.NaN, Double.NaN, null, 0, 0, 0, 0);

    /** Details of a source without a key. */
    public SourceDetail(boolean online, boolean bursting, boolean removed, long lastSampleNanos,
            double adjustedOffset, double lastError, double lastDispersion, int runs, double spanSeconds,
            double residualFrequencyPpm, double skewPpm, ReplyHeader lastReply, long requests, long replies,
            long validReplies, long goodReplies) {
        this(online, bursting, removed, lastSampleNanos, adjustedOffset, lastError, lastDispersion, runs, spanSeconds,
                residualFrequencyPpm, skewPpm, lastReply, requests, replies, validReplies, goodReplies, false);
    }

    /**
     * What a source said about itself in its last valid reply (chronyc ntpdata's fields).
     *
     * @param leap leap indicator
     * @param version NTP version
     * @param stratum stratum (0 in a kiss-o'-death)
     * @param poll log2 seconds, as the server wrote it
     * @param precision log2 seconds
     * @param rootDelay seconds
     * @param rootDispersion seconds
     * @param referenceId its reference
     * @param referenceTimeUnixNanos its reference time (0: unset)
     * @param responseTime how long the server held the request (T3 - T2), seconds
     */
    public record ReplyHeader(LeapIndicator leap, int version, int stratum, int poll, int precision,
            double rootDelay, double rootDispersion, ReferenceId referenceId, long referenceTimeUnixNanos,
            double responseTime) {}
}
