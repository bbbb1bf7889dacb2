// The server's side of symmetric-key authentication: checks a request's MAC and signs the reply with the same key.
package dev.jntp.engine.server;

import dev.jntp.engine.auth.KeyRing;
import dev.jntp.engine.auth.PacketMac;
import dev.jntp.proto.LegacyMac;
import dev.jntp.proto.NtpCodec;
import dev.jntp.proto.NtpPacket;
import dev.jntp.proto.SymmetricKey;
import java.util.Optional;

/**
 * RFC 5905 section 7.3 and RFC 8573 on the server: a request whose MAC is valid under a known key
 * is answered with a reply signed by that key id; a request with an unknown key or a wrong MAC is
 * answered with a crypto-NAK (a MAC trailer of key id 0 alone), each case counted. (chronyd
 * drops such requests instead; a crypto-NAK is what RFC 5905 prescribes, and it carries nothing a
 * plain reply would not.) The reply's MAC is never longer than the request's, because a valid
 * request MAC has exactly the length the key gives for the packet's version, and the reply has
 * the request's version: an authenticated reply is never larger than its request.
 */
final class RequestAuth {

    private RequestAuth() {}

    /**
     * Writes the trailer of the reply to a request that carries a MAC with a digest, after the
     * {@code length} octets of the reply's header in {@code out}, and returns the reply's length.
     * A reply to be signed gets the key id and a zero digest here; {@link #resign} computes the
     * digest once the transmit timestamp is in.
     */
    static int trailer(KeyRing keys, NtpPacket request, byte[] req, int len, byte[] out, int length,
            ServerStats stats) {
        LegacyMac mac = request.mac();
        Optional<SymmetricKey> key = keys.key(mac.keyId());
        if (key.isEmpty()) {
            stats.increment(ServerCounter.AUTH_UNKNOWN_KEY);
            return nak(out, length);
        }
        int version = request.version();
        if (!PacketMac.verify(key.get(), version, req, 0, len - mac.length(), len)) {
            stats.increment(ServerCounter.AUTH_BAD_MAC);
            return nak(out, length);
        }
        if (length + PacketMac.trailerLength(key.get(), version) > len) {
            // Cannot happen (see the class comment); never amplify all the same.
            stats.increment(ServerCounter.AUTH_BAD_MAC);
            return nak(out, length);
        }
        stats.increment(ServerCounter.AUTHENTICATED);
        int end = length + PacketMac.trailerLength(key.get(), version);
        NtpCodec.putInt(out, length, (int) key.get().id());
        java.util.Arrays.fill(out, length + 4, end, (byte) 0);
        return end;
    }

    /**
     * Signs a reply of {@code length} octets built by {@link #trailer}, now that its transmit
     * timestamp is in: when it ends in a MAC of a known key of just the length that key gives.
     * Anything else (no MAC, a crypto-NAK) is left as it is.
     */
    static void resign(KeyRing keys, byte[] reply, int length) {
        int header = NtpPacket.HEADER_LENGTH;
        if (length <= header + LegacyMac.LENGTH_NAK) {
            return;
        }
        int version = (reply[0] >>> 3) & 7;
        keys.key(Integer.toUnsignedLong(NtpCodec.getInt(reply, header)))
                .filter(k -> header + PacketMac.trailerLength(k, version) == length)
                .ifPresent(k -> PacketMac.sign(k, version, reply, 0, header));
    }

    private static int nak(byte[] out, int length) {
        NtpCodec.putInt(out, length, 0);
        return length + LegacyMac.LENGTH_NAK;
    }
}
