// What one reply from a source measured and how its packet tests went: a line of chrony's measurements log.
package dev.jntp.engine.sync;

import dev.jntp.proto.LeapIndicator;
import dev.jntp.proto.ReferenceId;

/**
 * One valid reply (it passed the tests of the first group, so it answers our request), whether
 * its sample was used or not, in the local clock's corrected time scale. These are the columns
 * of chrony's {@code measurements.log} (chrony.conf(5), {@code log rawmeasurements}).
 *
 * @param localNanos local time the sample refers to (midpoint of the request's send and the reply's receipt)
 * @param leap the reply's leap indicator
 * @param stratum the reply's stratum
 * @param remotePoll the reply's poll field, log2 seconds
 * @param referenceId the reply's reference ID
 * @param verdicts the verdict of every named packet test
 * @param localPoll this source's poll interval when the reply came, log2 seconds
 * @param pollScore how far the poll interval is on its way to a change, -1 (shorten) to +1 (lengthen), as
 *     chrony's "score": jntp changes the interval after two samples pointing the same way, so this is half the
 *     poller's count
 * @param offset reference minus local clock (RFC 5905 theta), seconds
 * @param delay round-trip delay (delta), seconds
 * @param dispersion the sample's dispersion (epsilon), seconds
 * @param rootDelay the reply's root delay, seconds
 * @param rootDispersion the reply's root dispersion, seconds
 * @param used whether the sample went into the source's statistics (every test passed)
 */
public record Measurement(long localNanos, LeapIndicator leap, int stratum, int remotePoll, ReferenceId referenceId,
        TestVerdicts verdicts, int localPoll, double pollScore, double offset, double delay, double dispersion,
        double rootDelay, double rootDispersion, boolean used) {

    /**
     * Whether RFC 5905 tests 1 to 7 passed: the source is synchronised and the reply is valid. chrony's
     * {@code log measurements} writes only these; {@code log rawmeasurements} writes every one.
     */
    public boolean passedRfcTests() {
        for (PacketTest t : verdicts.failed()) {
            if (t.ordinal() <= PacketTest.ROOT_DISTANCE.ordinal()) {
                return false;
            }
        }
        return true;
    }

    /** The same measurement moved from the raw (free-running) scale to the local clock's, ahead by {@code correction} s. */
    Measurement corrected(double correction) {
        return new Measurement(localNanos + Math.round(correction * 1e9), leap, stratum, remotePoll, referenceId,
                verdicts, localPoll, pollScore, offset - correction, delay, dispersion, rootDelay, rootDispersion,
                used);
    }
}
