// One accepted measurement of an upstream source, in the local clock's time scale.
package dev.jntp.engine.sync;

import dev.jntp.proto.LeapIndicator;
import dev.jntp.proto.ReferenceId;

/**
 * A measurement from one exchange (RFC 5905 section 8).
 *
 * @param localNanos local clock time the sample refers to: the midpoint of T1 and T4
 * @param offset reference minus local clock, seconds
 * @param delay round-trip delay, seconds (never below the precision of the two clocks)
 * @param dispersion error bound of this sample from the clocks' precision, seconds
 * @param rootDelay the source's root delay, seconds
 * @param rootDispersion the source's root dispersion, seconds
 * @param stratum the source's stratum
 * @param referenceId the source's reference
 * @param leap the source's leap indicator
 */
public record Sample(
        long localNanos,
        double offset,
        double delay,
        double dispersion,
        double rootDelay,
        double rootDispersion,
        int stratum,
        ReferenceId referenceId,
        LeapIndicator leap) {

    /** Root distance of this sample: half the total delay plus the total dispersion (RFC 5905 A.5.5.2). */
    public double rootDistance() {
        return (rootDelay + delay) / 2 + rootDispersion + dispersion;
    }
}
