// The header of a source's last valid reply and when it came, for status displays (ntpq's peer variables).
package dev.jntp.engine.sync;

import dev.jntp.proto.LeapIndicator;
import dev.jntp.proto.NtpPacket;
import dev.jntp.proto.NtpTimestamp;
import dev.jntp.proto.ReferenceId;

/**
 * What a source said about itself in its last reply that passed the first group of packet tests
 * (a reply to our request: not a duplicate, the right origin, non-zero timestamps), whether its
 * sample was then used or not, kiss-o'-death included.
 *
 * @param leap the source's leap indicator
 * @param version the reply's NTP version
 * @param stratum the source's stratum (0 for a kiss-o'-death)
 * @param poll the poll exponent in the reply
 * @param precision the source's precision, log2 seconds
 * @param rootDelay the source's root delay, seconds
 * @param rootDispersion the source's root dispersion, seconds
 * @param referenceId the source's reference ID (a kiss code at stratum 0)
 * @param referenceTime when the source's clock was last set
 * @param receivedNanos local time the reply arrived (the engine's {@code t4}), Unix nanoseconds
 */
public record SourceReply(LeapIndicator leap, int version, int stratum, int poll, int precision, double rootDelay,
        double rootDispersion, ReferenceId referenceId, NtpTimestamp referenceTime, long receivedNanos) {

    /** The header fields of {@code p}, received at {@code receivedNanos}. */
    public static SourceReply of(NtpPacket p, long receivedNanos) {
        return new SourceReply(p.leap(), p.version(), p.stratum(), p.poll(), p.precision(), p.rootDelay().toSeconds(),
                p.rootDispersion().toSeconds(), p.referenceId(), p.referenceTime(), receivedNanos);
    }
}
