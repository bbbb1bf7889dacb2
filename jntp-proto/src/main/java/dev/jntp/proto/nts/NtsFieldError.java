// Why an NTS extension field, or the plaintext inside an authenticator, cannot be read.
package dev.jntp.proto.nts;

/** The reasons {@link NtsFields} rejects a field. */
public enum NtsFieldError {
    /** An authenticator too short for its own header. */
    AUTHENTICATOR_TRUNCATED,
    /** An authenticator whose nonce and ciphertext lengths (padded to 4) run past its body. */
    AUTHENTICATOR_BAD_LENGTHS,
    /** Encrypted extension fields that do not divide into whole fields (length under 4, not a multiple of 4, or past the end). */
    PLAINTEXT_MALFORMED
}
