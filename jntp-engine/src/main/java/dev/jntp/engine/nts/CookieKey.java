// One of the server's secret keys that seal NTS cookies: an id carried in the cookie, when it takes over, the key.
package dev.jntp.engine.nts;

import java.util.Arrays;

/**
 * A cookie key (the "master key" of RFC 8915 section 6). Cookies name the key that sealed them by
 * {@code id}; the key becomes the one new cookies are sealed with at {@code activeFrom}. Keys are
 * for AES-SIV-CMAC-256, 32 octets; {@link #toString} never shows them.
 *
 * @param id unsigned 32-bit identifier
 * @param activeFrom Unix seconds from which new cookies use this key
 * @param key 32 octets, copied in and out
 */
public record CookieKey(long id, long activeFrom, byte[] key) {

    /** Octets of a key: AES-SIV-CMAC-256. */
    public static final int LENGTH = 32;

    public CookieKey {
        if (id < 0 || id > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("key id must be an unsigned 32-bit number, got " + id);
        }
        if (key.length != LENGTH) {
            throw new IllegalArgumentException("cookie keys are " + LENGTH + " octets, got " + key.length);
        }
        key = key.clone();
    }

    @Override
    public byte[] key() {
        return key.clone();
    }

    /** The key without a copy, for this package's hot path. */
    byte[] keyRef() {
        return key;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CookieKey k && k.id == id && k.activeFrom == activeFrom && Arrays.equals(k.key, key);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(id) * 31 + Long.hashCode(activeFrom);
    }

    @Override
    public String toString() {
        return String.format("CookieKey[id %08x, active from %d]", id, activeFrom);
    }
}
