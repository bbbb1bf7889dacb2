// Turns one datagram from a client into the server's reply, or drops it and counts why.
package dev.jntp.engine.server;

import dev.jntp.engine.auth.KeyRing;
import dev.jntp.engine.nts.NtsResponder;
import dev.jntp.proto.DecodeResult;
import dev.jntp.proto.LeapIndicator;
import dev.jntp.proto.LegacyMac;
import dev.jntp.proto.Mode;
import dev.jntp.proto.NtpCodec;
import dev.jntp.proto.NtpPacket;
import dev.jntp.proto.NtpTimestamp;

/**
 * The NTP server's answer to a client (RFC 5905 sections 8 and 9.2, server side of the
 * on-wire protocol). Pure: it reads the request octets, the client's address, the receive
 * timestamp and the server's reference state, and writes the reply octets; the caller stamps
 * the transmit timestamp with {@link #stampTransmit} as the last thing before sending.
 *
 * <ul>
 *   <li>Only client mode (3) is answered, with server mode (4); NTPv1 requests, which have no
 *       mode (0), count as client requests.
 *   <li>Version and poll are echoed; origin is the request's transmit timestamp copied octet for
 *       octet (clients may put random bits there, RFC 9109).
 *   <li>A request with a MAC valid under a known key ({@link #setKeys}) is answered with a reply
 *       signed by the same key; one with an unknown key or a bad MAC with a crypto-NAK, which is
 *       what RFC 5905 section 7.3 prescribes ({@link RequestAuth}). A reply to be signed must be
 *       finished with {@link #finish}, which computes the MAC after the transmit timestamp.
 *   <li>A reply is never longer than its request (no amplification).
 *   <li>With a {@link RateLimiter}, client requests beyond its rate are dropped or answered with
 *       a Kiss-o'-Death RATE as chrony does (leap 3, stratum 0, reference ID "RATE", the
 *       timestamps of a normal reply).
 *   <li>With NTS on ({@link #setNts}), a request carrying NTS extension fields is answered by
 *       {@link NtsResponder}: authenticated, or an NTS NAK, or dropped (counted as malformed).
 * </ul>
 */
public final class ServerResponder {

    /** Octets of a reply at most: a header and a MAC (a crypto-NAK, or a signature of up to 68 octets). */
    public static final int MAX_REPLY_LENGTH = NtpPacket.HEADER_LENGTH + LegacyMac.MAX_LENGTH;
    /** The kiss code "RATE" as a reference ID. */
    private static final int RATE = 0x52415445;

    private final ServerStats stats;
    private volatile AccessFilter access;
    private final RateLimiter limiter;
    private volatile KeyRing keys = KeyRing.EMPTY;
    /** NTS for requests that carry its fields, or null when NTS is off. */
    private volatile NtsResponder nts;

    public ServerResponder(AccessFilter access, ServerStats stats) {
        this(access, stats, RateLimiter.none());
    }

    /** A responder that limits each client's rate with {@code limiter}. */
    public ServerResponder(AccessFilter access, ServerStats stats, RateLimiter limiter) {
        this.access = access;
        this.stats = stats;
        this.limiter = limiter;
    }

    /** Replaces the access filter (configuration reload). */
    public void setAccessFilter(AccessFilter access) {
        this.access = access;
    }

    /** Sets the symmetric keys requests may be signed with ({@code keyfile}). */
    public void setKeys(KeyRing keys) {
        this.keys = keys;
    }

    /** Answers NTS requests with {@code nts} (null: NTS off, such requests get a plain reply). */
    public void setNts(NtsResponder nts) {
        this.nts = nts;
    }

    /** The counters this responder updates. */
    public ServerStats stats() {
        return stats;
    }

    /**
     * Handles one request.
     *
     * @param req the datagram
     * @param len its length
     * @param client the client's address, 4 or 16 octets
     * @param receiveTime when the datagram was read
     * @param ref what the server says about itself
     * @param out where the reply goes, at least {@link #MAX_REPLY_LENGTH} octets; an NTS reply is as long as its
     *     request, and is dropped when {@code out} is shorter
     * @return the reply length, or 0 when the request is dropped (and counted)
     */
    public int respond(byte[] req, int len, byte[] client, NtpTimestamp receiveTime, ReferenceState ref,
            byte[] out) {
        stats.increment(ServerCounter.RECEIVED);
        if (!access.allows(client)) {
            stats.increment(ServerCounter.DENIED);
            return 0;
        }
        NtpPacket request;
        switch (NtpCodec.decode(req, 0, len)) {
            case DecodeResult.Decoded d -> request = d.packet();
            case DecodeResult.Rejected r -> {
                stats.increment(switch (r.error()) {
                    case UNSUPPORTED_VERSION -> ServerCounter.BAD_VERSION;
                    case CONTROL_MESSAGE -> ServerCounter.CONTROL_MODE;
                    case PRIVATE_MESSAGE -> ServerCounter.PRIVATE_MODE;
                    case TOO_SHORT, EXTENSION_TRUNCATED, EXTENSION_BAD_LENGTH, BAD_TRAILER -> ServerCounter.MALFORMED;
                });
                return 0;
            }
        }
        boolean v1Client = request.version() == 1 && request.mode() == Mode.RESERVED;
        if (request.mode() != Mode.CLIENT && !v1Client) {
            stats.increment(ServerCounter.UNEXPECTED_MODE);
            return 0;
        }
        RateLimiter.Verdict limit = limiter.check(client, RateLimiter.timeOf(receiveTime));
        if (limit == RateLimiter.Verdict.DROP) {
            stats.increment(ServerCounter.RATE_LIMITED);
            return 0;
        }
        int length = NtpPacket.HEADER_LENGTH;
        boolean synced = ref.synchronised();
        out[0] = (byte) ((ref.leap().code() << 6) | (request.version() << 3) | Mode.SERVER.code());
        out[NtpCodec.OFF_STRATUM] = (byte) (synced ? ref.stratum() : 0);
        out[NtpCodec.OFF_POLL] = (byte) limiter.poll(req[NtpCodec.OFF_POLL]);
        out[NtpCodec.OFF_PRECISION] = (byte) ref.precision();
        NtpCodec.putInt(out, NtpCodec.OFF_ROOT_DELAY, ref.rootDelay().raw());
        NtpCodec.putInt(out, NtpCodec.OFF_ROOT_DISPERSION, ref.rootDispersion().raw());
        NtpCodec.putInt(out, NtpCodec.OFF_REFERENCE_ID, ref.referenceId().raw());
        NtpCodec.putLong(out, NtpCodec.OFF_REFERENCE_TIME, ref.referenceTime().raw());
        System.arraycopy(req, NtpCodec.OFF_TRANSMIT, out, NtpCodec.OFF_ORIGIN, 8);
        NtpCodec.putLong(out, NtpCodec.OFF_RECEIVE, receiveTime.raw());
        NtpCodec.putLong(out, NtpCodec.OFF_TRANSMIT, 0);
        NtsResponder n = nts;
        if (n != null && NtsResponder.carriesNts(request)) {
            length = n.respond(request, req, len, out);
            stats.increment(length == 0 ? ServerCounter.MALFORMED : ServerCounter.ANSWERED);
            return length;
        }
        if (request.mac() != null && request.mac().length() > LegacyMac.LENGTH_NAK) {
            length = RequestAuth.trailer(keys, request, req, len, out, length, stats);
        }
        if (limit == RateLimiter.Verdict.KISS) {
            return kissRate(out, length);
        }
        stats.increment(ServerCounter.ANSWERED);
        return length;
    }

    /**
     * Turns a reply into a KoD RATE, as chrony sends it; a reply carrying a crypto-NAK is dropped
     * instead (chrony does not send a KoD that conflicts with a NAK).
     */
    private int kissRate(byte[] out, int length) {
        if (length != NtpPacket.HEADER_LENGTH) {
            stats.increment(ServerCounter.RATE_LIMITED);
            return 0;
        }
        out[0] = (byte) ((LeapIndicator.UNSYNCHRONIZED.code() << 6) | (out[0] & 0x3F));
        out[NtpCodec.OFF_STRATUM] = 0;
        NtpCodec.putInt(out, NtpCodec.OFF_REFERENCE_ID, RATE);
        stats.increment(ServerCounter.KOD_RATE);
        return length;
    }

    /**
     * Writes the transmit timestamp into a reply built by {@link #respond}, unless the reply has
     * one already: an NTS reply is stamped before it is authenticated, and must stay as sealed.
     */
    public static void stampTransmit(byte[] reply, NtpTimestamp transmitTime) {
        if (NtpCodec.getLong(reply, NtpCodec.OFF_TRANSMIT) == 0) {
            NtpCodec.putLong(reply, NtpCodec.OFF_TRANSMIT, transmitTime.raw());
        }
    }

    /**
     * Writes the transmit timestamp into a reply of {@code length} octets built by {@link #respond}
     * and, when the reply is to be signed, computes its MAC over that timestamp: the last step
     * before sending.
     */
    public void finish(byte[] reply, int length, NtpTimestamp transmitTime) {
        stampTransmit(reply, transmitTime);
        RequestAuth.resign(keys, reply, length);
    }
}
