// Reads and writes the NTS extension fields of RFC 8915 section 5 and the plaintext inside an authenticator.
package dev.jntp.proto.nts;

import dev.jntp.proto.ExtensionField;
import dev.jntp.proto.ExtensionFieldType;
import dev.jntp.proto.NtpCodec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Codec of the NTS extension fields (RFC 8915 sections 5.3 to 5.6). The Unique Identifier and the
 * Cookie are their whole bodies (padding is the sender's business: a client echoes what it got).
 * The NTS Authenticator and Encrypted Extension Fields body is, per section 5.6: nonce length and
 * ciphertext length (16 bits each), the nonce padded to a multiple of 4, the ciphertext padded
 * to a multiple of 4, then any additional padding. Decoding is total: lengths are checked
 * before the octets they cover are read; a typed error, never an exception.
 */
public final class NtsFields {

    /** Octets of the authenticator's own header (the two lengths). */
    public static final int AUTHENTICATOR_HEADER = 4;

    private NtsFields() {}

    /** Reads a field as NTS; fields of other types come back as {@link NtsFieldResult.NotNts}. */
    public static NtsFieldResult decode(ExtensionField field) {
        if (field == null) {
            return new NtsFieldResult.NotNts(-1);
        }
        byte[] body = field.body();
        return switch (ExtensionFieldType.of(field.type()).orElse(null)) {
            case NTS_UNIQUE_IDENTIFIER -> new NtsFieldResult.Decoded(new NtsField.UniqueIdentifier(body));
            case NTS_COOKIE -> new NtsFieldResult.Decoded(new NtsField.Cookie(body));
            case NTS_COOKIE_PLACEHOLDER -> new NtsFieldResult.Decoded(new NtsField.CookiePlaceholder(body.length));
            case NTS_AUTHENTICATOR -> decodeAuthenticator(body, 0, body.length);
            case null -> new NtsFieldResult.NotNts(field.type());
        };
    }

    /** Reads an authenticator body of {@code len} octets at {@code off}. */
    public static NtsFieldResult decodeAuthenticator(byte[] buf, int off, int len) {
        if (buf == null || off < 0 || len < 0 || off > buf.length - len) {
            return new NtsFieldResult.Rejected(NtsFieldError.AUTHENTICATOR_TRUNCATED, "no body");
        }
        if (len < AUTHENTICATOR_HEADER) {
            return new NtsFieldResult.Rejected(NtsFieldError.AUTHENTICATOR_TRUNCATED,
                    "authenticator body of " + len + " octets");
        }
        int nonceLength = NtpCodec.getShort(buf, off);
        int ciphertextLength = NtpCodec.getShort(buf, off + 2);
        if (AUTHENTICATOR_HEADER + pad4(nonceLength) + pad4(ciphertextLength) > len) {
            return new NtsFieldResult.Rejected(NtsFieldError.AUTHENTICATOR_BAD_LENGTHS, "nonce " + nonceLength
                    + " and ciphertext " + ciphertextLength + " octets do not fit a body of " + len);
        }
        int nonceAt = off + AUTHENTICATOR_HEADER;
        int ciphertextAt = nonceAt + pad4(nonceLength);
        return new NtsFieldResult.Decoded(new NtsField.Authenticator(
                Arrays.copyOfRange(buf, nonceAt, nonceAt + nonceLength),
                Arrays.copyOfRange(buf, ciphertextAt, ciphertextAt + ciphertextLength)));
    }

    /**
     * Writes a field in the clear: identifiers and cookies zero-padded to a valid length, a
     * placeholder of zeros as long as it says, an authenticator without additional padding.
     */
    public static ExtensionField encode(NtsField field) {
        return switch (field) {
            case NtsField.UniqueIdentifier u -> ExtensionField.padded(ExtensionFieldType.NTS_UNIQUE_IDENTIFIER.code(),
                    u.id());
            case NtsField.Cookie c -> ExtensionField.padded(ExtensionFieldType.NTS_COOKIE.code(), c.cookie());
            case NtsField.CookiePlaceholder p -> ExtensionField.padded(
                    ExtensionFieldType.NTS_COOKIE_PLACEHOLDER.code(), new byte[p.length()]);
            case NtsField.Authenticator a -> authenticator(a.nonce(), a.ciphertext(), 0);
        };
    }

    /** An authenticator field padded to at least {@code minFieldLength} octets (header included). */
    public static ExtensionField authenticator(byte[] nonce, byte[] ciphertext, int minFieldLength) {
        int length = authenticatorLength(nonce.length, ciphertext.length, minFieldLength);
        byte[] field = new byte[length];
        writeAuthenticator(field, 0, nonce, 0, nonce.length, ciphertext, 0, ciphertext.length, length);
        return new ExtensionField(ExtensionFieldType.NTS_AUTHENTICATOR.code(), Arrays.copyOfRange(field, 4, length));
    }

    /**
     * Octets of an authenticator field (header included) for these lengths: at least
     * {@code minFieldLength} rounded up to a multiple of 4, and at least 16 (RFC 7822).
     */
    public static int authenticatorLength(int nonceLength, int ciphertextLength, int minFieldLength) {
        int natural = 4 + AUTHENTICATOR_HEADER + pad4(nonceLength) + pad4(ciphertextLength);
        return Math.max(ExtensionField.MIN_LENGTH, Math.max(natural, pad4(Math.max(0, minFieldLength))));
    }

    /**
     * Writes a whole authenticator field of {@code fieldLength} octets (from
     * {@link #authenticatorLength}) at {@code off}: field header, lengths, nonce, ciphertext and
     * zero padding. Returns the offset after it.
     *
     * @throws IndexOutOfBoundsException when {@code out} has no room
     */
    public static int writeAuthenticator(byte[] out, int off, byte[] nonce, int nonceOff, int nonceLength,
            byte[] ciphertext, int ciphertextOff, int ciphertextLength, int fieldLength) {
        if (fieldLength < authenticatorLength(nonceLength, ciphertextLength, 0) || fieldLength % 4 != 0) {
            throw new IllegalArgumentException("authenticator field of " + fieldLength + " octets is too short");
        }
        if (off < 0 || off > out.length - fieldLength) {
            throw new IndexOutOfBoundsException("need " + fieldLength + " octets at " + off + " of " + out.length);
        }
        Arrays.fill(out, off, off + fieldLength, (byte) 0);
        NtpCodec.putShort(out, off, ExtensionFieldType.NTS_AUTHENTICATOR.code());
        NtpCodec.putShort(out, off + 2, fieldLength);
        NtpCodec.putShort(out, off + 4, nonceLength);
        NtpCodec.putShort(out, off + 6, ciphertextLength);
        System.arraycopy(nonce, nonceOff, out, off + 8, nonceLength);
        System.arraycopy(ciphertext, ciphertextOff, out, off + 8 + pad4(nonceLength), ciphertextLength);
        return off + fieldLength;
    }

    /** Splits decrypted plaintext into its extension fields (each at least its 4-octet header, a multiple of 4). */
    public static PlaintextResult decodePlaintext(byte[] buf, int off, int len) {
        if (buf == null || off < 0 || len < 0 || off > buf.length - len) {
            return new PlaintextResult.Rejected(NtsFieldError.PLAINTEXT_MALFORMED, "no plaintext");
        }
        List<EncryptedField> fields = new ArrayList<>();
        int pos = 0;
        while (pos < len) {
            if (len - pos < 4) {
                return new PlaintextResult.Rejected(NtsFieldError.PLAINTEXT_MALFORMED,
                        (len - pos) + " octets left at " + pos + ", too few for a field header");
            }
            int type = NtpCodec.getShort(buf, off + pos);
            int length = NtpCodec.getShort(buf, off + pos + 2);
            if (length < 4 || length % 4 != 0 || length > len - pos) {
                return new PlaintextResult.Rejected(NtsFieldError.PLAINTEXT_MALFORMED,
                        "field at " + pos + " has length " + length + " with " + (len - pos) + " octets left");
            }
            fields.add(new EncryptedField(type, Arrays.copyOfRange(buf, off + pos + 4, off + pos + length)));
            pos += length;
        }
        return new PlaintextResult.Fields(fields);
    }

    /** Joins fields into plaintext for an authenticator. */
    public static byte[] encodePlaintext(List<EncryptedField> fields) {
        int length = 0;
        for (EncryptedField f : fields) {
            length += f.length();
        }
        byte[] out = new byte[length];
        int pos = 0;
        for (EncryptedField f : fields) {
            NtpCodec.putShort(out, pos, f.type());
            NtpCodec.putShort(out, pos + 2, f.length());
            byte[] body = f.body();
            System.arraycopy(body, 0, out, pos + 4, body.length);
            pos += f.length();
        }
        return out;
    }

    /** {@code n} rounded up to a multiple of 4. */
    public static int pad4(int n) {
        return (n + 3) & ~3;
    }
}
