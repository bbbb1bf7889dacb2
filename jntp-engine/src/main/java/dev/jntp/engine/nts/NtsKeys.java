// The keys one NTS association uses: the AEAD algorithm and its client-to-server and server-to-client keys.
package dev.jntp.engine.nts;

import java.util.Arrays;
import java.util.Objects;

/**
 * What NTS-KE establishes (RFC 8915 section 5.1) and what a cookie carries: the AEAD algorithm,
 * the C2S key that authenticates requests and the S2C key that authenticates replies. The arrays
 * are copied in and out; {@link #toString} never shows them.
 */
public record NtsKeys(AeadAlgorithm aead, byte[] c2s, byte[] s2c) {

    public NtsKeys {
        Objects.requireNonNull(aead, "aead");
        if (c2s.length != aead.keyLength() || s2c.length != aead.keyLength()) {
            throw new IllegalArgumentException(aead + " keys are " + aead.keyLength() + " octets");
        }
        c2s = c2s.clone();
        s2c = s2c.clone();
    }

    @Override
    public byte[] c2s() {
        return c2s.clone();
    }

    @Override
    public byte[] s2c() {
        return s2c.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NtsKeys k && k.aead == aead && Arrays.equals(k.c2s, c2s) && Arrays.equals(k.s2c, s2c);
    }

    @Override
    public int hashCode() {
        return (aead.hashCode() * 31 + Arrays.hashCode(c2s)) * 31 + Arrays.hashCode(s2c);
    }

    @Override
    public String toString() {
        return "NtsKeys[" + aead + "]";
    }
}
