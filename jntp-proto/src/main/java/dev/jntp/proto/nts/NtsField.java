// The NTS extension fields of NTPv4 packets (RFC 8915 section 5), as typed values.
package dev.jntp.proto.nts;

import java.util.Arrays;

/** One NTS extension field's meaning; {@link NtsFields} reads them from and writes them to {@code ExtensionField}s. */
public sealed interface NtsField {

    /** 0x0104 (section 5.3): random octets the client chose, echoed by the server; the whole body, padding included. */
    record UniqueIdentifier(byte[] id) implements NtsField {
        public UniqueIdentifier {
            id = id.clone();
        }

        @Override
        public byte[] id() {
            return id.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof UniqueIdentifier u && Arrays.equals(u.id, id);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(id);
        }

        @Override
        public String toString() {
            return "UniqueIdentifier[" + id.length + " octets]";
        }
    }

    /** 0x0204 (section 5.4): a cookie, opaque to the client; the whole body, padding included. */
    record Cookie(byte[] cookie) implements NtsField {
        public Cookie {
            cookie = cookie.clone();
        }

        @Override
        public byte[] cookie() {
            return cookie.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Cookie c && Arrays.equals(c.cookie, cookie);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(cookie);
        }

        @Override
        public String toString() {
            return "Cookie[" + cookie.length + " octets]";
        }
    }

    /** 0x0304 (section 5.5): asks for one more cookie; its body (zeros) is as long as a cookie. */
    record CookiePlaceholder(int length) implements NtsField {
        public CookiePlaceholder {
            if (length < 0) {
                throw new IllegalArgumentException("negative length");
            }
        }
    }

    /**
     * 0x0404 (section 5.6): the AEAD nonce and the ciphertext (the SIV tag, then the encrypted
     * extension fields), without their padding.
     */
    record Authenticator(byte[] nonce, byte[] ciphertext) implements NtsField {
        public Authenticator {
            nonce = nonce.clone();
            ciphertext = ciphertext.clone();
            if (nonce.length > 0xFFFF || ciphertext.length > 0xFFFF) {
                throw new IllegalArgumentException("nonce and ciphertext lengths are 16-bit fields");
            }
        }

        @Override
        public byte[] nonce() {
            return nonce.clone();
        }

        @Override
        public byte[] ciphertext() {
            return ciphertext.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Authenticator a && Arrays.equals(a.nonce, nonce)
                    && Arrays.equals(a.ciphertext, ciphertext);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(nonce) * 31 + Arrays.hashCode(ciphertext);
        }

        @Override
        public String toString() {
            return "Authenticator[nonce " + nonce.length + ", ciphertext " + ciphertext.length + " octets]";
        }
    }
}
