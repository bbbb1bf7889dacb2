// One extension field from the decrypted plaintext of an NTS authenticator (RFC 8915 section 5.6).
package dev.jntp.proto.nts;

import java.util.Arrays;

/**
 * A field of the encrypted extension fields. Unlike a field in the clear it may be as short as
 * its 4-octet header (RFC 7822's 16-octet minimum applies to the packet, not to the plaintext).
 *
 * @param type the 16-bit field type
 * @param body the value and its padding; copied in and out
 */
public record EncryptedField(int type, byte[] body) {

    public EncryptedField {
        if (type < 0 || type > 0xFFFF) {
            throw new IllegalArgumentException("type out of range: " + type);
        }
        if (body.length % 4 != 0 || body.length > 0xFFFF - 4) {
            throw new IllegalArgumentException("body must be a multiple of 4 octets, got " + body.length);
        }
        body = body.clone();
    }

    @Override
    public byte[] body() {
        return body.clone();
    }

    /** Octets on the wire, header included. */
    public int length() {
        return 4 + body.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EncryptedField f && f.type == type && Arrays.equals(f.body, body);
    }

    @Override
    public int hashCode() {
        return 31 * type + Arrays.hashCode(body);
    }

    @Override
    public String toString() {
        return String.format("EncryptedField[0x%04X, %d octets]", type, length());
    }
}
