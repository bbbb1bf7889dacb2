// RFC 5297 AES-SIV as an AEAD: seal and open with an RFC-ordered key, through org.cryptomator's siv-mode.
package dev.jntp.engine.nts;

import java.util.Arrays;
import javax.crypto.IllegalBlockSizeException;
import org.cryptomator.siv.SivMode;
import org.cryptomator.siv.UnauthenticCiphertextException;

/**
 * Deterministic authenticated encryption with AES-SIV (RFC 5297 section 2.6 and 2.7). The key is
 * RFC 5297's: the S2V (CMAC) half first, the CTR half second; siv-mode takes them the other way
 * round, which this class hides. The output is the 16-octet synthetic IV followed by the
 * ciphertext, as RFC 5297 and RFC 8915 section 5.6 lay it out. A nonce, when used (RFC 5116
 * section 5.4 and RFC 8915), is the last associated data component.
 */
public final class AesSiv {

    /** Octets of the synthetic IV, the tag in front of every ciphertext. */
    public static final int TAG_LENGTH = 16;

    private static final SivMode SIV = new SivMode();

    private AesSiv() {}

    /**
     * Encrypts {@code plaintext} and authenticates it with the associated data components in order.
     *
     * @param key 32, 48 or 64 octets: S2V key then CTR key
     * @throws IllegalArgumentException for a key of another length
     */
    public static byte[] seal(byte[] key, byte[] plaintext, byte[]... associatedData) {
        int half = half(key);
        return SIV.encrypt(Arrays.copyOfRange(key, half, key.length), Arrays.copyOf(key, half), plaintext,
                associatedData);
    }

    /**
     * Checks and decrypts {@code ciphertext} (tag first); null when it does not authenticate under
     * this key and associated data, or is shorter than the tag. Never throws for any ciphertext.
     *
     * @throws IllegalArgumentException for a key of another length
     */
    public static byte[] open(byte[] key, byte[] ciphertext, byte[]... associatedData) {
        int half = half(key);
        if (ciphertext == null || ciphertext.length < TAG_LENGTH) {
            return null;
        }
        try {
            return SIV.decrypt(Arrays.copyOfRange(key, half, key.length), Arrays.copyOf(key, half), ciphertext,
                    associatedData);
        } catch (UnauthenticCiphertextException | IllegalBlockSizeException | IllegalArgumentException e) {
            return null;
        }
    }

    private static int half(byte[] key) {
        if (key.length != 32 && key.length != 48 && key.length != 64) {
            throw new IllegalArgumentException("AES-SIV keys are 32, 48 or 64 octets, got " + key.length);
        }
        return key.length / 2;
    }
}
