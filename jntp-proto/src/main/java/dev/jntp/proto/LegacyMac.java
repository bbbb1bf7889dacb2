// The legacy message authentication code trailer of NTP packets (RFC 5905 section 7.3, RFC 8573).
package dev.jntp.proto;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * A MAC trailer: a 32-bit key identifier and a 16-octet (MD5, AES-CMAC) or 20-octet (SHA1, or a
 * longer hash truncated as chrony and ntpd do) digest. A trailer of the key identifier alone,
 * with key 0, is a crypto-NAK.
 *
 * @param keyId the unsigned 32-bit key identifier
 * @param digest 0, 16 or 20 octets; copied in and out
 */
public record LegacyMac(long keyId, byte[] digest) {

    /** Octets of a MAC with a 16-octet digest. */
    public static final int LENGTH_128 = 20;
    /** Octets of a MAC with a 20-octet digest. */
    public static final int LENGTH_160 = 24;
    /** Octets of a crypto-NAK (key identifier only). */
    public static final int LENGTH_NAK = 4;

    public LegacyMac {
        if (keyId < 0 || keyId > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("key id out of range: " + keyId);
        }
        if (digest.length != 0 && digest.length != 16 && digest.length != 20) {
            throw new IllegalArgumentException("digest must be 0, 16 or 20 octets, got " + digest.length);
        }
        digest = digest.clone();
    }

    /** Whether a trailer length (octets after header and extension fields) can be a MAC. */
    public static boolean isMacLength(int length) {
        return length == LENGTH_NAK || length == LENGTH_128 || length == LENGTH_160;
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
