// Signs NTP packets with a symmetric key and checks their MACs, with chrony's truncation rule for NTPv4.
package dev.jntp.engine.auth;

import dev.jntp.proto.KeyType;
import dev.jntp.proto.LegacyMac;
import dev.jntp.proto.NtpCodec;
import dev.jntp.proto.SymmetricKey;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.macs.CMac;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * The MAC trailer of an NTP packet: the 32-bit key id, then the digest of everything before it.
 *
 * <ul>
 *   <li>Hash types (MD5, SHA1, SHA2, SHA3): the digest is H(key || packet), RFC 5905 section 7.3
 *       and appendix A.2 ({@code MD5(key | packet)}), as ntpd, chrony and NTPsec compute it.
 *   <li>AES128, AES256: AES-CMAC of the packet (RFC 4493) under the key, as RFC 8573 section 4
 *       prescribes; a 16-octet tag.
 *   <li>Length on the wire (chrony's ntp_auth.c rule): in NTPv4 the digest is cut to its first 20
 *       octets so that the trailer stays at most 24 octets and is never read as an extension field
 *       (RFC 7822 section 7.5); NTPv3 and older carry up to 64 octets, i.e. the whole digest of
 *       every supported type. NTPsec's ntpdig cuts every digest to 20 octets, which is the same
 *       for NTPv4.
 *   <li>A MAC is valid when it has exactly that length and its octets equal the digest's, compared
 *       in constant time ({@link MessageDigest#isEqual}).
 * </ul>
 */
public final class PacketMac {

    /** Longest digest in an NTPv4 MAC (24-octet trailer). */
    public static final int MAX_V4_DIGEST = LegacyMac.LENGTH_160 - 4;
    /** Longest digest before NTPv4 (68-octet trailer). */
    public static final int MAX_DIGEST = LegacyMac.MAX_LENGTH - 4;

    /**
     * Each thread's CMAC, keyed for the last cipher key it used: keying (the AES key schedule and the
     * CMAC subkeys) costs about twice the MAC of a packet, and the time between reading the transmit
     * timestamp and sending is what a reply's offset is off by.
     */
    private static final ThreadLocal<KeyedCmac> CMAC = new ThreadLocal<>();
    /** Each thread's MessageDigest of each hash type, made on first use. */
    private static final ThreadLocal<MessageDigest[]> DIGESTS =
            ThreadLocal.withInitial(() -> new MessageDigest[KeyType.values().length]);

    private record KeyedCmac(SymmetricKey key, CMac mac) {}

    private PacketMac() {}

    /** Octets of the digest that {@code type} puts in a packet of {@code version}. */
    public static int digestLength(KeyType type, int version) {
        return Math.min(type.macLength(), version >= 4 ? MAX_V4_DIGEST : MAX_DIGEST);
    }

    /** Octets of the whole trailer (key id and digest) that {@code key} puts in a packet of {@code version}. */
    public static int trailerLength(SymmetricKey key, int version) {
        return 4 + digestLength(key.type(), version);
    }

    /**
     * Appends the MAC of {@code buf[off, off + length)} at {@code off + length}: the key id, then the
     * digest; returns the signed packet's length.
     *
     * @param version the packet's version, which sets the digest's length
     * @throws IndexOutOfBoundsException if {@code buf} has no room for the trailer
     */
    public static int sign(SymmetricKey key, int version, byte[] buf, int off, int length) {
        int digest = digestLength(key.type(), version);
        int end = off + length;
        if (end + 4 + digest > buf.length) {
            throw new IndexOutOfBoundsException("a MAC of " + (4 + digest) + " octets does not fit after " + end
                    + " of " + buf.length);
        }
        byte[] full = compute(key, buf, off, length);
        NtpCodec.putInt(buf, end, (int) key.id());
        System.arraycopy(full, 0, buf, end + 4, digest);
        return length + 4 + digest;
    }

    /**
     * Whether {@code buf[macStart, end)} is {@code key}'s MAC of {@code buf[off, macStart)}: the key
     * id matches, the digest has the length {@link #digestLength} gives for {@code version}, and
     * its octets are right (compared in constant time).
     */
    public static boolean verify(SymmetricKey key, int version, byte[] buf, int off, int macStart, int end) {
        int digest = end - macStart - 4;
        if (macStart < off || digest != digestLength(key.type(), version)
                || Integer.toUnsignedLong(NtpCodec.getInt(buf, macStart)) != key.id()) {
            return false;
        }
        byte[] full = compute(key, buf, off, macStart - off);
        byte[] given = java.util.Arrays.copyOfRange(buf, macStart + 4, end);
        return MessageDigest.isEqual(java.util.Arrays.copyOf(full, digest), given);
    }

    /** The whole MAC of {@code data[off, off + len)} under {@code key}, before truncation. */
    static byte[] compute(SymmetricKey key, byte[] data, int off, int len) {
        KeyType type = key.type();
        if (type.isCipher()) {
            KeyedCmac c = CMAC.get();
            if (c == null || (c.key() != key && !c.key().equals(key))) {
                byte[] secret = key.secret();
                CMac mac = new CMac(AESEngine.newInstance());
                mac.init(new KeyParameter(secret));
                java.util.Arrays.fill(secret, (byte) 0);
                c = new KeyedCmac(key, mac);
                CMAC.set(c);
            }
            c.mac().update(data, off, len);
            byte[] tag = new byte[c.mac().getMacSize()];
            c.mac().doFinal(tag, 0); // which also resets it for the next packet
            return tag;
        }
        MessageDigest md = digest(type);
        byte[] secret = key.secret();
        md.update(secret);
        java.util.Arrays.fill(secret, (byte) 0);
        md.update(data, off, len);
        return md.digest();
    }

    private static MessageDigest digest(KeyType type) {
        MessageDigest[] mds = DIGESTS.get();
        MessageDigest md = mds[type.ordinal()];
        if (md == null) {
            try {
                md = MessageDigest.getInstance(type.digestAlgorithm());
            } catch (NoSuchAlgorithmException e) {
                // Every JDK 25 has MD5, SHA-1, SHA-2 and SHA-3 (the SUN provider).
                throw new IllegalStateException(type.digestAlgorithm() + " is missing from this JDK", e);
            }
            mds[type.ordinal()] = md;
        }
        return md;
    }
}
