// The legacy message authentication code trailer of NTP packets (RFC 5905 section 7.3, RFC 8573).
package dev.jntp.proto;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * A MAC trailer: a 32-bit key identifier and a 16-octet (MD5, AES-CMAC) or 20-octet (SHA1, or a
 * longer hash truncated as chrony and ntpd do) digest. Packets of versions 1 to 3 have no
 * extension fields, so their MAC may be longer, up to a 64-octet digest (SHA512), as chrony sends
 * them. A trailer of the key identifier alone, with key 0, is a crypto-NAK.
 *
 * @param keyId the unsigned 32-bit key identifier
 * @param digest 0 octets, or 16 to 64 in steps of 4; copied in and out
 */
public record LegacyMac(long keyId, byte[] digest) {

    /** Octets of a MAC with a 16-octet digest. */
    public static final int LENGTH_128 = 20;
    /** Octets of a MAC with a 20-octet digest. */
    public static final int LENGTH_160 = 24;
    /** Octets of a crypto-NAK (key identifier only). */
    public static final int LENGTH_NAK = 4;
    /** Octets of the longest MAC, in a packet of version 1 to 3 (a 64-octet digest, chrony's limit). */
    public static final int MAX_LENGTH = 68;

    public LegacyMac {
        if (keyId < 0 || keyId > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("key id out of range: " + keyId);
        }
        if (digest.length != 0 && !isMacLength(4 + digest.length, 3)) {
            throw new IllegalArgumentException("digest must be 0 octets or 16 to 64 in steps of 4, got "
                    + digest.length);
        }
        digest = digest.clone();
    }

    /** Whether a trailer length (octets after header and extension fields) can be a MAC in an NTPv4 packet. */
    public static boolean isMacLength(int length) {
        return length == LENGTH_NAK || length == LENGTH_128 || length == LENGTH_160;
    }

    /**
     * Whether a trailer length can be a MAC in a packet of {@code version}: in NTPv4 4, 20 or 24
     * octets (RFC 7822 section 7.5); before, 4, or 20 to {@value #MAX_LENGTH} in steps of 4 (chrony's
     * rule: everything after the header of such a packet is a MAC).
     */
    public static boolean isMacLength(int length, int version) {
        if (version >= 4) {
            return isMacLength(length);
        }
        return length == LENGTH_NAK || (length >= LENGTH_128 && length <= MAX_LENGTH && length % 4 == 0);
    }

    /** Whether this is a crypto-NAK: key 0 with no digest. */
    public boolean isCryptoNak() {
        return digest.length == 0 && keyId == 0;
    }

    /** Octets on the wire. */
    public int length() {
        return 4 + digest.length;
    }

    /** A copy of the digest. */
    @Override
    public byte[] digest() {
        return digest.clone();
    }

    void writeTo(byte[] out, int off) {
        NtpCodec.putInt(out, off, (int) keyId);
        System.arraycopy(digest, 0, out, off + 4, digest.length);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LegacyMac m && m.keyId == keyId && Arrays.equals(m.digest, digest);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(keyId) * 31 + Arrays.hashCode(digest);
    }

    @Override
    public String toString() {
        return "LegacyMac[key " + keyId + ", " + HexFormat.of().formatHex(digest) + "]";
    }
}
