// Turns one datagram from a client into the server's reply, or drops it and counts why.
package dev.jntp.engine.server;

import dev.jntp.engine.auth.KeyRing;
import dev.jntp.proto.DecodeResult;
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
 * </ul>
 */
public final class ServerResponder {

    /** Octets of a reply at most: a header and a MAC (a crypto-NAK, or a signature of up to 68 octets). */
    public static final int MAX_REPLY_LENGTH = NtpPacket.HEADER_LENGTH + LegacyMac.MAX_LENGTH;

    private final ServerStats stats;
    private volatile AccessFilter access;
    private volatile KeyRing keys = KeyRing.EMPTY;

    public ServerResponder(AccessFilter access, ServerStats stats) {
        this.access = access;
        this.stats = stats;
    }

    /** Replaces the access filter (configuration reload). */
    public void setAccessFilter(AccessFilter access) {
        this.access = access;
    }

    /** Sets the symmetric keys requests may be signed with ({@code keyfile}). */
    public void setKeys(KeyRing keys) {
        this.keys = keys;
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
     * @param out where the reply goes, at least {@link #MAX_REPLY_LENGTH} octets
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
        int length = NtpPacket.HEADER_LENGTH;
        boolean synced = ref.synchronised();
        out[0] = (byte) ((ref.leap().code() << 6) | (request.version() << 3) | Mode.SERVER.code());
        out[NtpCodec.OFF_STRATUM] = (byte) (synced ? ref.stratum() : 0);
        out[NtpCodec.OFF_POLL] = req[NtpCodec.OFF_POLL];
        out[NtpCodec.OFF_PRECISION] = (byte) ref.precision();
        NtpCodec.putInt(out, NtpCodec.OFF_ROOT_DELAY, ref.rootDelay().raw());
        NtpCodec.putInt(out, NtpCodec.OFF_ROOT_DISPERSION, ref.rootDispersion().raw());
        NtpCodec.putInt(out, NtpCodec.OFF_REFERENCE_ID, ref.referenceId().raw());
        NtpCodec.putLong(out, NtpCodec.OFF_REFERENCE_TIME, ref.referenceTime().raw());
        System.arraycopy(req, NtpCodec.OFF_TRANSMIT, out, NtpCodec.OFF_ORIGIN, 8);
        NtpCodec.putLong(out, NtpCodec.OFF_RECEIVE, receiveTime.raw());
        NtpCodec.putLong(out, NtpCodec.OFF_TRANSMIT, 0);
        if (request.mac() != null && request.mac().length() > LegacyMac.LENGTH_NAK) {
            length = RequestAuth.trailer(keys, request, req, len, out, length, stats);
        }
        stats.increment(ServerCounter.ANSWERED);
        return length;
    }

    /** Writes the transmit timestamp into a reply built by {@link #respond}. */
    public static void stampTransmit(byte[] reply, NtpTimestamp transmitTime) {
        NtpCodec.putLong(reply, NtpCodec.OFF_TRANSMIT, transmitTime.raw());
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
