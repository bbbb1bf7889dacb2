// Builds server replies (mode 4) to the requests jntp sends, for the tests of the sync package.
package dev.jntp.engine.sync;

import dev.jntp.proto.DecodeResult;
import dev.jntp.proto.KissCode;
import dev.jntp.proto.LeapIndicator;
import dev.jntp.proto.Mode;
import dev.jntp.proto.NtpCodec;
import dev.jntp.proto.NtpPacket;
import dev.jntp.proto.NtpShort;
import dev.jntp.proto.NtpTimestamp;
import dev.jntp.proto.ReferenceId;
import java.util.List;

/**
 * The header a fake server puts in its replies; {@link #reply} fills in the timestamps.
 *
 * @param referenceAgeNanos how long before T2 the server's clock was last set; the reference
 *     timestamp is zero when this is {@link Long#MIN_VALUE}
 */
record Replies(LeapIndicator leap, int stratum, ReferenceId referenceId, double rootDelay, double rootDispersion,
        int precision, long referenceAgeNanos) {

    static final long SECOND = 1_000_000_000L;
    /** 2026-01-01T00:00:00Z in Unix nanoseconds: the start of every test's time line. */
    static final long EPOCH = 1_767_225_600L * SECOND;
    /** The reference ID of the fake servers' own upstream (192.0.2.1). */
    static final ReferenceId UPSTREAM = ReferenceId.ofIpv4(new byte[] {(byte) 192, 0, 2, 1});
    /** A synchronised stratum 2 server with a small root distance. */
    static final Replies GOOD = new Replies(LeapIndicator.NO_WARNING, 2, UPSTREAM, 1.0 / 256, 1.0 / 512, -20,
            16 * SECOND);

    Replies withLeap(LeapIndicator l) {
        return new Replies(l, stratum, referenceId, rootDelay, rootDispersion, precision, referenceAgeNanos);
    }

    Replies withStratum(int s, ReferenceId id) {
        return new Replies(leap, s, id, rootDelay, rootDispersion, precision, referenceAgeNanos);
    }

    Replies withRoot(double delay, double dispersion) {
        return new Replies(leap, stratum, referenceId, delay, dispersion, precision, referenceAgeNanos);
    }

    Replies withReferenceAge(long nanos) {
        return new Replies(leap, stratum, referenceId, rootDelay, rootDispersion, precision, nanos);
    }

    /** A kiss-o'-death with this server's timestamps. */
    static Replies kiss(KissCode code) {
        return new Replies(LeapIndicator.UNSYNCHRONIZED, 0, code.referenceId(), 0, 0, -20, Long.MIN_VALUE);
    }

    /** The reply to a request whose transmit timestamp was {@code origin}, with T2 and T3 (server time). */
    byte[] reply(NtpTimestamp origin, long t2, long t3) {
        NtpTimestamp ref = referenceAgeNanos == Long.MIN_VALUE ? NtpTimestamp.ZERO
                : NtpTimestamp.fromUnixNanos(t2 - referenceAgeNanos);
        return NtpCodec.encode(new NtpPacket(leap, 4, Mode.SERVER, stratum, 6, precision, NtpShort.ofSeconds(rootDelay),
                NtpShort.ofSeconds(rootDispersion), referenceId, ref, origin, NtpTimestamp.fromUnixNanos(t2),
                NtpTimestamp.fromUnixNanos(t3), List.of(), null));
    }

    /** The reply to {@code request}, which must decode. */
    byte[] replyTo(byte[] request, long t2, long t3) {
        return reply(decode(request).transmitTimestamp(), t2, t3);
    }

    static NtpPacket decode(byte[] datagram) {
        return ((DecodeResult.Decoded) NtpCodec.decode(datagram)).packet();
    }
}
