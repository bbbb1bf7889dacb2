// The total result of splitting an authenticator's decrypted plaintext into extension fields.
package dev.jntp.proto.nts;

import java.util.List;

/** Either {@link Fields} or {@link Rejected}; {@link NtsFields#decodePlaintext} never throws. */
public sealed interface PlaintextResult {

    /** The fields in order. */
    record Fields(List<EncryptedField> fields) implements PlaintextResult {
        public Fields {
            fields = List.copyOf(fields);
        }
    }

    /** Octets that are not a sequence of whole fields. */
    record Rejected(NtsFieldError error, String detail) implements PlaintextResult {}
}
