// One symmetric key of a key file: its id, its type and its secret octets.
package dev.jntp.proto;

import java.util.Objects;

/**
 * A key shared by an NTP client and server for MACs (RFC 5905 section 7.3, RFC 8573). The secret
 * never appears in {@link #toString}.
 *
 * @param id the key identifier carried in the MAC, 1 to 2^32-1 (0 marks a crypto-NAK)
 * @param type the hash function or cipher
 * @param secret the key's octets; any length for a hash, exactly the cipher's key length for
 *     AES; copied in and out
 */
public record SymmetricKey(long id, KeyType type, byte[] secret) {

    /** Largest key identifier (32 bits, unsigned). */
    public static final long MAX_ID = 0xFFFF_FFFFL;
    /** chrony's threshold of a secure key, octets (80 bits): shorter keys are warned about. */
    public static final int MIN_SECURE_LENGTH = 10;

    public SymmetricKey {
        Objects.requireNonNull(type, "type");
        if (id < 1 || id > MAX_ID) {
            throw new IllegalArgumentException("key id must be 1 to " + MAX_ID + ", got " + id);
        }
        if (secret.length == 0) {
            throw new IllegalArgumentException("empty key");
        }
        if (type.isCipher() && secret.length != type.cipherKeyLength()) {
            throw new IllegalArgumentException(type.fileName() + " needs a key of " + type.cipherKeyLength()
                    + " octets, got " + secret.length);
        }
        secret = secret.clone();
    }

    /** A copy of the secret. */
    @Override
    public byte[] secret() {
        return secret.clone();
    }

    /** Octets of the secret. */
    public int length() {
        return secret.length;
    }

    /** Whether the key is shorter than {@value #MIN_SECURE_LENGTH} octets, which chrony warns about. */
    public boolean isShort() {
        return secret.length < MIN_SECURE_LENGTH;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SymmetricKey k && k.id == id && k.type == type
                && java.security.MessageDigest.isEqual(k.secret, secret);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(id) * 31 + type.hashCode();
    }

    /** Id, type and length; never the secret. */
    @Override
    public String toString() {
        return "SymmetricKey[" + id + " " + type.fileName() + ", " + secret.length * 8 + " bits]";
    }
}
