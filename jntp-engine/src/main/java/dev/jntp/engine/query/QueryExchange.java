// The client side of one request/reply exchange, as ntpdig and sntp do it, without any IO.
package dev.jntp.engine.query;

import dev.jntp.proto.DecodeResult;
import dev.jntp.proto.LeapIndicator;
import dev.jntp.proto.Mode;
import dev.jntp.proto.NtpCodec;
import dev.jntp.proto.NtpPacket;
import dev.jntp.proto.NtpTimestamp;
import dev.jntp.proto.ReferenceId;
import java.util.random.RandomGenerator;

/**
 * One client-mode exchange (RFC 5905 section 8, RFC 9109 section 3 for the client's privacy):
 * the request carries a random transmit timestamp instead of the local time, so that it
 * reveals nothing about the client's clock and a reply can only match by echoing those 64
 * random bits; the real send time T1 stays local. The caller does the IO and reads the clock.
 */
public final class QueryExchange {

    private final int version;
    private final NtpTimestamp cookie;
    private final byte[] request;

    /** A new exchange with a random transmit timestamp drawn from {@code random}. */
    public QueryExchange(int version, RandomGenerator random) {
        this.version = version;
        this.cookie = new NtpTimestamp(random.nextLong());
        this.request = NtpCodec.encode(NtpPacket.clientRequest(version, cookie));
    }

    /** The request octets (48). */
    public byte[] request() {
        return request.clone();
    }

    /** The random transmit timestamp the reply must echo as its origin. */
    public NtpTimestamp cookie() {
        return cookie;
    }

    /**
     * Checks a reply and computes the sample.
     *
     * @param reply the datagram received
     * @param len its length
     * @param t1UnixNanos local time the request was sent
     * @param t4UnixNanos local time the reply was read
     * @param localPrecision log2 seconds of the local clock's precision
     */
    public QueryOutcome evaluate(byte[] reply, int len, long t1UnixNanos, long t4UnixNanos, int localPrecision) {
        NtpPacket p;
        switch (NtpCodec.decode(reply, 0, len)) {
            case DecodeResult.Decoded d -> p = d.packet();
            case DecodeResult.Rejected r -> {
                return new QueryOutcome.Discarded(QueryOutcome.Reason.MALFORMED, r.error() + ": " + r.detail());
            }
        }
        if (p.mode() != Mode.SERVER) {
            return new QueryOutcome.Discarded(QueryOutcome.Reason.NOT_SERVER_MODE, "mode " + p.mode().code());
        }
        if (!p.originTimestamp().equals(cookie)) {
            return new QueryOutcome.Discarded(QueryOutcome.Reason.ORIGIN_MISMATCH,
                    "origin " + p.originTimestamp() + " is not the request's " + cookie);
        }
        // Stratum 0 with a zero reference ID is no kiss: it is how chrony and jntp say "unsynchronised".
        if (p.stratum() == 0 && !p.referenceId().equals(ReferenceId.NONE)) {
            return new QueryOutcome.Kiss(p.kissCode().orElse(null), p.referenceId().asAscii());
        }
        if (p.leap() == LeapIndicator.UNSYNCHRONIZED || p.stratum() == 0 || p.stratum() >= 16) {
            return new QueryOutcome.Unsynchronised(QuerySample.of(p, t1UnixNanos, t4UnixNanos, localPrecision));
        }
        if (p.transmitTimestamp().isZero() || p.receiveTimestamp().isZero()) {
            return new QueryOutcome.Discarded(QueryOutcome.Reason.MALFORMED, "zero receive or transmit timestamp");
        }
        return new QueryOutcome.Answered(QuerySample.of(p, t1UnixNanos, t4UnixNanos, localPrecision));
    }

    /** The version requests are sent with. */
    public int version() {
        return version;
    }
}
