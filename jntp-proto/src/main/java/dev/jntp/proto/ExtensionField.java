// One NTPv4 extension field (RFC 7822): a 16-bit type, a 16-bit length and a padded body.
package dev.jntp.proto;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;

/**
 * An extension field. The body is everything after the 4-octet field header, padding included,
 * so that encoding reproduces the received octets exactly. The field's length on the wire is
 * {@code 4 + body.length}, a multiple of 4 and at least {@link #MIN_LENGTH}.
 *
 * @param type the 16-bit field type
 * @param body the value and its padding; the array is copied in and out
 */
public record ExtensionField(int type, byte[] body) {

    /** RFC 7822 section 3: the smallest extension field, header included. */
    public static final int MIN_LENGTH = 16;

    /** Largest length the 16-bit length field can describe while staying a multiple of 4. */
    public static final int MAX_LENGTH = 0xFFFC;

    public ExtensionField {
        if (type < 0 || type > 0xFFFF) {
            throw new IllegalArgumentException("extension field type out of range: " + type);
        }
        int length = 4 + body.length;
        if (length < MIN_LENGTH || length > MAX_LENGTH || length % 4 != 0) {
            throw new IllegalArgumentException("extension field length must be a multiple of 4 in ["
                    + MIN_LENGTH + ", " + MAX_LENGTH + "], got " + length);
        }
        body = body.clone();
    }

    /** A field of the given type whose value is zero-padded to a valid length. */
    public static ExtensionField padded(int type, byte[] value) {
        int length = Math.max(MIN_LENGTH, (4 + value.length + 3) & ~3);
        return new ExtensionField(type, Arrays.copyOf(value, length - 4));
    }

    /** The field's length on the wire, header included. */
    public int length() {
        return 4 + body.length;
    }

    /** A copy of the body (value and padding). */
    @Override
    public byte[] body() {
        return body.clone();
    }

    /** The type by name, if it is one jntp knows. */
    public Optional<ExtensionFieldType> knownType() {
        return ExtensionFieldType.of(type);
    }

    void writeBody(byte[] out, int off) {
        System.arraycopy(body, 0, out, off, body.length);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ExtensionField f && f.type == type && Arrays.equals(f.body, body);
    }

    @Override
    public int hashCode() {
        return 31 * type + Arrays.hashCode(body);
    }

    @Override
    public String toString() {
        String name = knownType().map(Enum::name).orElse(String.format("0x%04X", type));
        return "ExtensionField[" + name + ", " + length() + " octets: " + HexFormat.of().formatHex(body) + "]";
    }
}
