// One measurement of a server: the four timestamps reduced to offset, delay and root distance.
package dev.jntp.engine.query;

import dev.jntp.proto.LeapIndicator;
import dev.jntp.proto.NtpPacket;
import dev.jntp.proto.ReferenceId;

/**
 * The result of one client/server exchange (RFC 5905 section 8).
 *
 * @param offset server clock minus local clock, seconds: ((T2 - T1) + (T3 - T4)) / 2
 * @param delay round-trip delay, seconds: (T4 - T1) - (T3 - T2)
 * @param rootDistance error bound to the primary reference, seconds: (root delay + delay) / 2 +
 *     root dispersion + the precision of both clocks
 * @param stratum the server's stratum
 * @param referenceId the server's reference
 * @param leap the server's leap indicator
 * @param precision the server's precision, log2 seconds
 * @param rootDelay the server's root delay, seconds
 * @param rootDispersion the server's root dispersion, seconds
 * @param version the reply's version
 * @param localReceiveUnixNanos T4 as Unix nanoseconds
 * @param referenceUnixNanos when the server's clock was last set or corrected (its reference timestamp) as Unix
 *     nanoseconds, 0 when the server says never
 */
public record QuerySample(
        double offset,
        double delay,
        double rootDistance,
        int stratum,
        ReferenceId referenceId,
        LeapIndicator leap,
        int precision,
        double rootDelay,
        double rootDispersion,
        int version,
        long localReceiveUnixNanos,
        long referenceUnixNanos) {

    /** The reference ID as ntpq shows it for this stratum. */
    public String referenceName() {
        return referenceId.describe(stratum);
    }

    static QuerySample of(NtpPacket reply, long t1Nanos, long t4Nanos, int localPrecision) {
        long t2 = reply.receiveTimestamp().toUnixNanos(t4Nanos);
        long t3 = reply.transmitTimestamp().toUnixNanos(t4Nanos);
        double offset = ((t2 - t1Nanos) + (t3 - t4Nanos)) / 2e9;
        double delay = Math.max(0, ((t4Nanos - t1Nanos) - (t3 - t2)) / 1e9);
        double rootDelay = reply.rootDelay().toSeconds();
        double rootDisp = reply.rootDispersion().toSeconds();
        double distance = (rootDelay + delay) / 2 + rootDisp + Math.scalb(1.0, reply.precision())
                + Math.scalb(1.0, localPrecision);
        return new QuerySample(offset, delay, distance, reply.stratum(), reply.referenceId(), reply.leap(),
                reply.precision(), rootDelay, rootDisp, reply.version(), t4Nanos,
                reply.referenceTime().isZero() ? 0 : reply.referenceTime().toUnixNanos(t4Nanos));
    }
}
