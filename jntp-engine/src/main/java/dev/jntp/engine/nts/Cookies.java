// Seals an NTS association's keys into a cookie and opens such cookies again (RFC 8915 section 6).
package dev.jntp.engine.nts;

import dev.jntp.proto.NtpCodec;
import java.util.Arrays;

/**
 * jntp's cookie format, which only jntp servers need to read (RFC 8915 section 6 leaves it to the
 * server, and follows the same outline):
 *
 * <pre>
 *   key id (4 octets) | nonce (16) | AES-SIV-CMAC-256 under the cookie key of
 *       [ AEAD id (2) | zero (2) | C2S key | S2C key ]  with associated data [ key id, nonce ]
 * </pre>
 *
 * The SIV tag (16 octets) leads the ciphertext. A cookie is 104 octets for AEAD 15 and 168 for
 * AEAD 17: multiples of 4, so that clients can put them in extension fields without padding.
 * The server keeps no state per client; whoever holds the cookie key can open the cookie.
 */
public final class Cookies {

    /** Octets of the random nonce in each cookie. */
    public static final int NONCE_LENGTH = 16;

    private static final int ID_LENGTH = 4;
    private static final int HEADER = ID_LENGTH + NONCE_LENGTH;

    private Cookies() {}

    /** Octets of a cookie carrying keys of this algorithm. */
    public static int length(AeadAlgorithm aead) {
        return HEADER + AesSiv.TAG_LENGTH + 4 + 2 * aead.keyLength();
    }

    /**
     * Seals {@code keys} under {@code cookieKey}.
     *
     * @param nonce {@value #NONCE_LENGTH} fresh random octets
     */
    public static byte[] seal(NtsKeys keys, CookieKey cookieKey, byte[] nonce) {
        if (nonce.length != NONCE_LENGTH) {
            throw new IllegalArgumentException("cookie nonces are " + NONCE_LENGTH + " octets");
        }
        int keyLength = keys.aead().keyLength();
        byte[] plain = new byte[4 + 2 * keyLength];
        NtpCodec.putShort(plain, 0, keys.aead().id());
        System.arraycopy(keys.c2s(), 0, plain, 4, keyLength);
        System.arraycopy(keys.s2c(), 0, plain, 4 + keyLength, keyLength);
        byte[] id = new byte[ID_LENGTH];
        NtpCodec.putInt(id, 0, (int) cookieKey.id());
        byte[] sealed = AesSiv.seal(cookieKey.keyRef(), plain, id, nonce);
        Arrays.fill(plain, (byte) 0);
        byte[] cookie = new byte[HEADER + sealed.length];
        System.arraycopy(id, 0, cookie, 0, ID_LENGTH);
        System.arraycopy(nonce, 0, cookie, ID_LENGTH, NONCE_LENGTH);
        System.arraycopy(sealed, 0, cookie, HEADER, sealed.length);
        return cookie;
    }

    /** Opens a cookie with whichever of {@code ring}'s keys it names. Never throws for any octets. */
    public static CookieOpening open(byte[] cookie, CookieKeys ring) {
        if (cookie == null || cookie.length < HEADER + AesSiv.TAG_LENGTH + 4) {
            return new CookieOpening.Malformed("cookie of " + (cookie == null ? 0 : cookie.length) + " octets");
        }
        long id = NtpCodec.getInt(cookie, 0) & 0xFFFF_FFFFL;
        CookieKey key = ring.find(id).orElse(null);
        if (key == null) {
            return new CookieOpening.UnknownKey(id);
        }
        byte[] plain = AesSiv.open(key.keyRef(), Arrays.copyOfRange(cookie, HEADER, cookie.length),
                Arrays.copyOf(cookie, ID_LENGTH), Arrays.copyOfRange(cookie, ID_LENGTH, HEADER));
        if (plain == null) {
            return new CookieOpening.Undecryptable("does not authenticate under key " + String.format("%08x", id));
        }
        try {
            AeadAlgorithm aead = AeadAlgorithm.of(NtpCodec.getShort(plain, 0)).orElse(null);
            if (aead == null || NtpCodec.getShort(plain, 2) != 0 || plain.length != 4 + 2 * aead.keyLength()) {
                return new CookieOpening.Undecryptable("unexpected contents");
            }
            return new CookieOpening.Opened(new NtsKeys(aead, Arrays.copyOfRange(plain, 4, 4 + aead.keyLength()),
                    Arrays.copyOfRange(plain, 4 + aead.keyLength(), plain.length)), key);
        } finally {
            Arrays.fill(plain, (byte) 0);
        }
    }
}
