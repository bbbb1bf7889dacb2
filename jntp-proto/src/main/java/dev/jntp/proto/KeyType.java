// The symmetric key types of NTP MACs as chrony's key file names them: hash functions and AES-CMAC ciphers.
package dev.jntp.proto;

import java.util.Optional;

/**
 * A key type of chrony's key file (chrony.conf(5), {@code keyfile}) and what it means on the wire.
 * A hash type makes the MAC of RFC 5905 section 7.3, the digest of the key followed by the
 * packet; a cipher type makes AES-CMAC (RFC 4493) as RFC 8573 prescribes. Names are chrony's,
 * upper case, as chrony compares them. TIGER and WHIRLPOOL, which only some chrony builds have,
 * are not supported.
 */
public enum KeyType {
    MD5("MD5", "MD5", 16, 0),
    SHA1("SHA1", "SHA-1", 20, 0),
    SHA256("SHA256", "SHA-256", 32, 0),
    SHA384("SHA384", "SHA-384", 48, 0),
    SHA512("SHA512", "SHA-512", 64, 0),
    SHA3_224("SHA3-224", "SHA3-224", 28, 0),
    SHA3_256("SHA3-256", "SHA3-256", 32, 0),
    SHA3_384("SHA3-384", "SHA3-384", 48, 0),
    SHA3_512("SHA3-512", "SHA3-512", 64, 0),
    /** AES-CMAC with a 128-bit key (RFC 8573: the recommended MAC). */
    AES128("AES128", null, 16, 16),
    /** AES-CMAC with a 256-bit key. */
    AES256("AES256", null, 16, 32);

    private final String fileName;
    private final String digestAlgorithm;
    private final int macLength;
    private final int cipherKeyLength;

    KeyType(String fileName, String digestAlgorithm, int macLength, int cipherKeyLength) {
        this.fileName = fileName;
        this.digestAlgorithm = digestAlgorithm;
        this.macLength = macLength;
        this.cipherKeyLength = cipherKeyLength;
    }

    /** The name in a key file, e.g. {@code SHA3-256}. */
    public String fileName() {
        return fileName;
    }

    /** The JCA name of the hash function ({@code MessageDigest}), or null for a cipher. */
    public String digestAlgorithm() {
        return digestAlgorithm;
    }

    /** Octets of the full MAC (the digest, or the CMAC tag), before any truncation on the wire. */
    public int macLength() {
        return macLength;
    }

    /** Whether this is a cipher (AES-CMAC), whose key must have exactly {@link #cipherKeyLength} octets. */
    public boolean isCipher() {
        return cipherKeyLength > 0;
    }

    /** Octets of a cipher's key; 0 for a hash function, which takes keys of any length. */
    public int cipherKeyLength() {
        return cipherKeyLength;
    }

    /** The type a key file names, compared as chrony does: exactly, upper case. */
    public static Optional<KeyType> ofFileName(String name) {
        for (KeyType t : values()) {
            if (t.fileName.equals(name)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }
}
