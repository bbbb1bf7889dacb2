// The AEAD algorithms jntp's NTS supports, by their IANA numbers (RFC 5116, RFC 5297).
package dev.jntp.engine.nts;

import java.util.Optional;

/**
 * AES-SIV (RFC 5297) in the two sizes RFC 8915 clients offer. NTS requires
 * {@link #AES_SIV_CMAC_256} (section 5.1); {@link #AES_SIV_CMAC_512} uses AES-256 and keys twice as
 * long. The key of each is RFC 5297's K = K1 (for S2V, i.e. CMAC) followed by K2 (for CTR).
 */
public enum AeadAlgorithm {
    /** IANA AEAD 15: AES-128 SIV, 32-octet keys. */
    AES_SIV_CMAC_256(15, 32),
    /** IANA AEAD 17: AES-256 SIV, 64-octet keys. */
    AES_SIV_CMAC_512(17, 64);

    private static final AeadAlgorithm[] ALL = values();

    private final int id;
    private final int keyLength;

    AeadAlgorithm(int id, int keyLength) {
        this.id = id;
        this.keyLength = keyLength;
    }

    /** The IANA "AEAD Algorithms" number sent in NTS-KE. */
    public int id() {
        return id;
    }

    /** Octets of a key (the C2S and S2C keys exported from TLS have this length). */
    public int keyLength() {
        return keyLength;
    }

    /** The algorithm with an IANA number, if jntp supports it. */
    public static Optional<AeadAlgorithm> of(int id) {
        for (AeadAlgorithm a : ALL) {
            if (a.id == id) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }
}
