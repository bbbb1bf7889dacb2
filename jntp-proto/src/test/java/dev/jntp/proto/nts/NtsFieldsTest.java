// Tests of the NTS extension field codec against chronyd's packets, with round trips and every rejection.
package dev.jntp.proto.nts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jntp.proto.DecodeResult;
import dev.jntp.proto.ExtensionField;
import dev.jntp.proto.ExtensionFieldType;
import dev.jntp.proto.NtpCodec;
import dev.jntp.proto.NtpPacket;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class NtsFieldsTest {

    static NtpPacket golden(String name) throws IOException {
        try (InputStream in = NtsFieldsTest.class.getResourceAsStream("/dev/jntp/proto/golden/" + name + ".hex")) {
            byte[] b = HexFormat.of().parseHex(new String(in.readAllBytes(), StandardCharsets.US_ASCII).strip());
            return ((DecodeResult.Decoded) NtpCodec.decode(b)).packet();
        }
    }

    private static NtsField field(ExtensionField f) {
        return ((NtsFieldResult.Decoded) NtsFields.decode(f)).field();
    }

    @Test
    void decode_chronydRequest_givesIdentifierCookieAndAuthenticator() throws IOException {
        List<ExtensionField> efs = golden("chronyd-nts-request").extensions();
        assertThat(efs).hasSize(3);
        assertThat(field(efs.get(0))).isInstanceOfSatisfying(NtsField.UniqueIdentifier.class,
                u -> assertThat(u.id()).hasSize(32));
        assertThat(field(efs.get(1))).isInstanceOfSatisfying(NtsField.Cookie.class,
                c -> assertThat(c.cookie()).hasSize(100));
        assertThat(field(efs.get(2))).isInstanceOfSatisfying(NtsField.Authenticator.class, a -> {
            assertThat(a.nonce()).hasSize(16);
            assertThat(a.ciphertext()).hasSize(16);
        });
    }

    @Test
    void decode_chronydReply_authenticatorHoldsOneCookieField() throws IOException {
        List<ExtensionField> efs = golden("chronyd-nts-reply").extensions();
        assertThat(efs).extracting(ExtensionField::type).containsExactly(0x0104, 0x0404);
        NtsField.Authenticator a = (NtsField.Authenticator) field(efs.get(1));
        assertThat(a.ciphertext()).hasSize(16 + 4 + 100);
        // Written back with the same length, the field is the same octets (chronyd pads with zeros).
        assertThat(NtsFields.authenticator(a.nonce(), a.ciphertext(), efs.get(1).length())).isEqualTo(efs.get(1));
    }

    @Test
    void encode_eachField_decodesToItself() {
        List<NtsField> fields = List.of(new NtsField.UniqueIdentifier(new byte[32]),
                new NtsField.Cookie(new byte[104]), new NtsField.CookiePlaceholder(104),
                new NtsField.Authenticator(new byte[16], new byte[16 + 108]));
        for (NtsField f : fields) {
            assertThat(field(NtsFields.encode(f))).isEqualTo(f);
        }
    }

    @Test
    void authenticator_oddLengthsAndPadding_areLaidOutAsRfc8915Section56() {
        byte[] nonce = {1, 2, 3, 4, 5};
        byte[] ciphertext = {9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 7};
        ExtensionField f = NtsFields.authenticator(nonce, ciphertext, 60);
        assertThat(f.length()).isEqualTo(60);
        assertThat(HexFormat.of().formatHex(f.body())).startsWith("00050011" + "0102030405000000"
                + "0909090909090909090909090909090907000000").endsWith("00000000");
        assertThat(field(f)).isEqualTo(new NtsField.Authenticator(nonce, ciphertext));
        assertThat(NtsFields.authenticatorLength(5, 17, 0)).isEqualTo(4 + 4 + 8 + 20);
        assertThat(NtsFields.authenticatorLength(0, 0, 0)).isEqualTo(ExtensionField.MIN_LENGTH);
        assertThat(NtsFields.authenticatorLength(16, 16, 61)).isEqualTo(64);
    }

    @Test
    void decodeAuthenticator_lengthsPastTheBody_areRejected() {
        byte[] body = HexFormat.of().parseHex("0010" + "0010" + "00".repeat(28));
        assertThat(NtsFields.decodeAuthenticator(body, 0, body.length)).isInstanceOfSatisfying(
                NtsFieldResult.Rejected.class, r -> assertThat(r.error()).isEqualTo(NtsFieldError.AUTHENTICATOR_BAD_LENGTHS));
        body = HexFormat.of().parseHex("0001" + "0000" + "00".repeat(3));
        assertThat(NtsFields.decodeAuthenticator(body, 0, body.length)).isInstanceOf(NtsFieldResult.Rejected.class);
        assertThat(NtsFields.decodeAuthenticator(body, 0, 3)).isInstanceOfSatisfying(NtsFieldResult.Rejected.class,
                r -> assertThat(r.error()).isEqualTo(NtsFieldError.AUTHENTICATOR_TRUNCATED));
        assertThat(NtsFields.decodeAuthenticator(null, 0, 0)).isInstanceOf(NtsFieldResult.Rejected.class);
        assertThat(NtsFields.decodeAuthenticator(body, 5, 4)).isInstanceOf(NtsFieldResult.Rejected.class);
    }

    @Test
    void decode_otherTypes_areNotNts() {
        assertThat(NtsFields.decode(new ExtensionField(0x2005, new byte[12])))
                .isEqualTo(new NtsFieldResult.NotNts(0x2005));
        assertThat(ExtensionFieldType.of(0x0404)).contains(ExtensionFieldType.NTS_AUTHENTICATOR);
    }

    @Test
    void plaintext_fieldsRoundTrip_andShortHeadersAreAllowed() {
        List<EncryptedField> fields = List.of(new EncryptedField(0x0204, new byte[104]),
                new EncryptedField(0x0304, new byte[0]), new EncryptedField(0x7777, new byte[8]));
        byte[] plain = NtsFields.encodePlaintext(fields);
        assertThat(plain).hasSize(108 + 4 + 12);
        assertThat(NtsFields.decodePlaintext(plain, 0, plain.length)).isEqualTo(new PlaintextResult.Fields(fields));
        assertThat(NtsFields.decodePlaintext(plain, 0, 0)).isEqualTo(new PlaintextResult.Fields(List.of()));
    }

    @Test
    void plaintext_brokenLengths_areRejected() {
        for (String hex : List.of("020400", "02040000", "02040006aaaa", "0204000c00000000", "0204001300")) {
            byte[] b = HexFormat.of().parseHex(hex);
            assertThat(NtsFields.decodePlaintext(b, 0, b.length)).as(hex).isInstanceOfSatisfying(
                    PlaintextResult.Rejected.class, r -> assertThat(r.error()).isEqualTo(NtsFieldError.PLAINTEXT_MALFORMED));
        }
        assertThat(NtsFields.decodePlaintext(null, 0, 0)).isInstanceOf(PlaintextResult.Rejected.class);
    }
}
