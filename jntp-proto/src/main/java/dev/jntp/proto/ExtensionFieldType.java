// Registered NTP extension field types that jntp knows by name (IANA "NTP Extension Field Types").
package dev.jntp.proto;

import java.util.Optional;

/** Extension field types known by name; others are carried through as raw numbers. */
public enum ExtensionFieldType {
    /** RFC 8915 section 5.3: unique identifier echoed by the server. */
    NTS_UNIQUE_IDENTIFIER(0x0104),
    /** RFC 8915 section 5.4: a cookie from NTS-KE or an earlier reply. */
    NTS_COOKIE(0x0204),
    /** RFC 8915 section 5.5: asks the server for one more cookie. */
    NTS_COOKIE_PLACEHOLDER(0x0304),
    /** RFC 8915 section 5.6: AEAD authenticator and encrypted extension fields. */
    NTS_AUTHENTICATOR(0x0404);

    private static final ExtensionFieldType[] ALL = values();

    private final int code;

    ExtensionFieldType(int code) {
        this.code = code;
    }

    /** The 16-bit field type on the wire. */
    public int code() {
        return code;
    }

    /** The named type for a wire code, if known. */
    public static Optional<ExtensionFieldType> of(int code) {
        for (ExtensionFieldType t : ALL) {
            if (t.code == code) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }
}
