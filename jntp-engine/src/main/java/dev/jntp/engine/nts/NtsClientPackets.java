// The client half of NTS for NTPv4 (RFC 8915 section 5.7): builds an authenticated request and checks the reply.
package dev.jntp.engine.nts;

import dev.jntp.proto.DecodeResult;
import dev.jntp.proto.ExtensionField;
import dev.jntp.proto.ExtensionFieldType;
import dev.jntp.proto.KissCode;
import dev.jntp.proto.NtpCodec;
import dev.jntp.proto.NtpPacket;
import dev.jntp.proto.nts.EncryptedField;
import dev.jntp.proto.nts.NtsField;
import dev.jntp.proto.nts.NtsFieldResult;
import dev.jntp.proto.nts.NtsFields;
import dev.jntp.proto.nts.PlaintextResult;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Packets as an NTS client sends and reads them: a request of header, Unique Identifier, one
 * cookie, placeholders for more, and an authenticator under the C2S key; a reply checked under
 * the S2C key for the same Unique Identifier, with the new cookies taken from its encrypted
 * fields. jntp's server tests use it now; the NTS client will.
 */
public final class NtsClientPackets {

    private NtsClientPackets() {}

    /** What a reply turned out to be. */
    public sealed interface Reply {
        /** Authenticated; the new cookies it carried, in order. */
        record Authenticated(NtpPacket packet, List<byte[]> cookies) implements Reply {}

        /** An NTS NAK for this request: the client should get new cookies (NTS-KE). */
        record Nak(NtpPacket packet) implements Reply {}

        /** Not a valid reply to this request; the reason. */
        record Invalid(String reason) implements Reply {}
    }

    /**
     * The request's octets.
     *
     * @param header the 48-octet header (client mode, transmit timestamp set)
     * @param uid the Unique Identifier, 32 random octets or more (a multiple of 4)
     * @param cookie a cookie from NTS-KE or an earlier reply (a multiple of 4 octets)
     * @param placeholders how many more cookies to ask for
     * @param keys the association's keys
     * @param nonce the authenticator's nonce, 16 random octets
     */
    public static byte[] request(byte[] header, byte[] uid, byte[] cookie, int placeholders, NtsKeys keys,
            byte[] nonce) {
        if (!(NtpCodec.decode(header) instanceof DecodeResult.Decoded(NtpPacket h)) || h.version() != 4) {
            throw new IllegalArgumentException("the header must be an NTPv4 header of 48 octets");
        }
        List<ExtensionField> fields = new ArrayList<>();
        fields.add(NtsFields.encode(new NtsField.UniqueIdentifier(uid)));
        fields.add(NtsFields.encode(new NtsField.Cookie(cookie)));
        for (int i = 0; i < placeholders; i++) {
            fields.add(NtsFields.encode(new NtsField.CookiePlaceholder(cookie.length)));
        }
        byte[] ad = NtpCodec.encode(withExtensions(h, fields));
        fields.add(NtsFields.authenticator(nonce, AesSiv.seal(keys.c2s(), new byte[0], ad, nonce), 0));
        return NtpCodec.encode(withExtensions(h, fields));
    }

    private static NtpPacket withExtensions(NtpPacket p, List<ExtensionField> fields) {
        return new NtpPacket(p.leap(), p.version(), p.mode(), p.stratum(), p.poll(), p.precision(), p.rootDelay(),
                p.rootDispersion(), p.referenceId(), p.referenceTime(), p.originTimestamp(), p.receiveTimestamp(),
                p.transmitTimestamp(), fields, null);
    }

    /** Checks a reply to a request with Unique Identifier {@code uid}. Never throws for any octets. */
    public static Reply check(byte[] reply, byte[] uid, NtsKeys keys) {
        if (!(NtpCodec.decode(reply) instanceof DecodeResult.Decoded(NtpPacket p))) {
            return new Reply.Invalid("does not decode");
        }
        boolean uidSeen = false;
        int pos = NtpPacket.HEADER_LENGTH;
        List<ExtensionField> fields = p.extensions();
        for (int i = 0; i < fields.size(); i++) {
            ExtensionField f = fields.get(i);
            if (f.type() == ExtensionFieldType.NTS_UNIQUE_IDENTIFIER.code()) {
                if (!Arrays.equals(f.body(), NtsFields.encode(new NtsField.UniqueIdentifier(uid)).body())) {
                    return new Reply.Invalid("another Unique Identifier");
                }
                uidSeen = true;
            } else if (f.type() == ExtensionFieldType.NTS_AUTHENTICATOR.code()) {
                if (!uidSeen || i != fields.size() - 1) {
                    return new Reply.Invalid("authenticator not last, or before the Unique Identifier");
                }
                return open(p, f, Arrays.copyOf(reply, pos), keys);
            }
            pos += f.length();
        }
        if (uidSeen && p.stratum() == 0 && p.kissCode().filter(k -> k == KissCode.NTSN).isPresent()) {
            return new Reply.Nak(p);
        }
        return new Reply.Invalid(uidSeen ? "no authenticator" : "no Unique Identifier");
    }

    private static Reply open(NtpPacket p, ExtensionField auth, byte[] ad, NtsKeys keys) {
        if (!(NtsFields.decode(auth) instanceof NtsFieldResult.Decoded(NtsField.Authenticator a))) {
            return new Reply.Invalid("malformed authenticator");
        }
        byte[] plain = AesSiv.open(keys.s2c(), a.ciphertext(), ad, a.nonce());
        if (plain == null) {
            return new Reply.Invalid("authenticator does not verify");
        }
        if (!(NtsFields.decodePlaintext(plain, 0, plain.length) instanceof PlaintextResult.Fields(var list))) {
            return new Reply.Invalid("malformed encrypted fields");
        }
        List<byte[]> cookies = new ArrayList<>();
        for (EncryptedField f : list) {
            if (f.type() == ExtensionFieldType.NTS_COOKIE.code()) {
                cookies.add(f.body());
            }
        }
        return cookies.isEmpty() ? new Reply.Invalid("no cookie") : new Reply.Authenticated(p, cookies);
    }
}
