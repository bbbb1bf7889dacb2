// Tests NTP MACs: RFC 4493 and SP 800-38B AES-CMAC vectors, H(key || packet) digests, chrony's lengths, tampering.
package dev.jntp.engine.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jntp.proto.DecodeResult;
import dev.jntp.proto.KeyType;
import dev.jntp.proto.LegacyMac;
import dev.jntp.proto.NtpCodec;
import dev.jntp.proto.NtpPacket;
import dev.jntp.proto.NtpTimestamp;
import dev.jntp.proto.SymmetricKey;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class PacketMacTest {

    private static final HexFormat HEX = HexFormat.of();
    /** RFC 4493 section 4: the AES-128 key; the messages are prefixes of M below. */
    private static final byte[] RFC4493_KEY = HEX.parseHex("2b7e151628aed2a6abf7158809cf4f3c");
    /** NIST SP 800-38B appendix D.3: the AES-256 key, with the same messages. */
    private static final byte[] SP800_38B_KEY256 =
            HEX.parseHex("603deb1015ca71be2b73aef0857d77811f352c073b6108d72d9810a30914dff4");
    private static final byte[] M = HEX.parseHex("6bc1bee22e409f96e93d7e117393172aae2d8a571e03ac9c9eb76fac45af8e51"
            + "30c81c46a35ce411e5fbc1191a0a52eff69f2445df4f9b17ad2b417be66c3710");

    private static SymmetricKey key(KeyType type, long id) {
        byte[] secret = new byte[type.isCipher() ? type.cipherKeyLength() : 20];
        new Random(id * 31 + type.ordinal()).nextBytes(secret);
        return new SymmetricKey(id, type, secret);
    }

    /** A client request of {@code version} with room for the longest MAC after it. */
    private static byte[] request(int version) {
        byte[] buf = new byte[NtpPacket.HEADER_LENGTH + LegacyMac.MAX_LENGTH];
        NtpCodec.encodeInto(NtpPacket.clientRequest(version, new NtpTimestamp(0x0123_4567_89AB_CDEFL)), buf, 0);
        return buf;
    }

    /** A version 4 request signed with {@code k}; the MAC ends at {@code signed.length}. */
    private static byte[] signedV4(SymmetricKey k) {
        byte[] buf = request(4);
        return Arrays.copyOf(buf, PacketMac.sign(k, 4, buf, 0, NtpPacket.HEADER_LENGTH));
    }

    @ParameterizedTest(name = "{0} octets")
    @CsvSource({
        "0, bb1d6929e9593728 7fa37d129b756746, 028962f61b7bf89e fc6b551f4667d983",
        "16, 070a16b46b4d4144 f79bdd9dd04a287c, 28a7023f452e8f82 bd4bf28d8c37c35c",
        "40, dfa66747de9ae630 30ca32611497c827, aaf3d8f1de5640c2 32f5b169b9c911e6",
        "64, 51f0bebf7e3b9d92 fc49741779363cfe, e1992190549f6ed5 696a2c056c315410"})
    void cmac_publishedVectors_match(int length, String aes128, String aes256) {
        byte[] message = Arrays.copyOf(M, length);

        assertThat(PacketMac.compute(new SymmetricKey(1, KeyType.AES128, RFC4493_KEY), message, 0, length))
                .isEqualTo(HEX.parseHex(aes128.replace(" ", "")));
        assertThat(PacketMac.compute(new SymmetricKey(1, KeyType.AES256, SP800_38B_KEY256), message, 0, length))
                .isEqualTo(HEX.parseHex(aes256.replace(" ", "")));
    }

    /** Each thread keeps a CMAC keyed for its last key: switching keys back and forth must re-key it each time. */
    @Test
    void cmac_keysAlternatingInOneThread_eachMacUnderItsOwnKey() {
        SymmetricKey rfc = new SymmetricKey(1, KeyType.AES128, RFC4493_KEY);
        SymmetricKey other = new SymmetricKey(1, KeyType.AES128, Arrays.copyOf(SP800_38B_KEY256, 16));
        byte[] m = Arrays.copyOf(M, 16);
        byte[] expected = HEX.parseHex("070a16b46b4d4144f79bdd9dd04a287c");

        for (int i = 0; i < 3; i++) {
            assertThat(PacketMac.compute(rfc, m, 0, 16)).isEqualTo(expected);
            assertThat(PacketMac.compute(other, m, 0, 16)).isNotEqualTo(expected);
            assertThat(PacketMac.compute(new SymmetricKey(2, KeyType.AES128, RFC4493_KEY), m, 0, 16))
                    .as("the same secret under another id").isEqualTo(expected);
        }
    }

    /** Digests of "jntp-test-key" followed by octets 0 to 47, as openssl dgst computes them. */
    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "MD5, fc55f5174045cdba3f2fed463c725652",
        "SHA1, c8136c8367a33ad3abe8f3f704ea34d098411948",
        "SHA256, 2a8850f8bf5d36ef745bab30a0908c88aa958ea202324f1e0264de3d472089ff",
        "SHA384, db9cbeb2ad9e7b5e84d3fde8b454cf4ada0af0f4ad540fe37fed2daa2161cd160da92d7931be023e5515cef83d9ec885",
        "SHA512, 6b5a4612b12d32fa557a7d212275c739c664ae47cacb693cdc29646d829eb79042e12c456562d2c43688e43e4c02fea4"
                + "b405a111fe6750f5202e7828325c30b6",
        "SHA3_224, fcc45fec807a10e3382fc63055e227fc239be2745459d52c48e566df",
        "SHA3_256, a760049ce8622f9565543f5e1d9b48bdb7a20ee8e7aba9a027834ad036309772",
        "SHA3_384, e6588c10ce174b19f8040fac92bd8ce078a3c95248eae499e08bd6e3a4f192a79aa29af04f47ba837f37288c31f9ab53",
        "SHA3_512, 7cec68aa15037d672005e774d7cc9f1d10511e1ec0b274975a84e49c3481221c7af92d7862ba241b45ad01e40ec01f71"
                + "067d07972d0b536096af79c6158cad17"})
    void hashMac_keyThenPacket_matchesOpensslDigest(KeyType type, String expected) {
        byte[] data = new byte[48];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) i;
        }
        SymmetricKey k = new SymmetricKey(1, type, "jntp-test-key".getBytes(StandardCharsets.US_ASCII));

        assertThat(PacketMac.compute(k, data, 0, data.length)).isEqualTo(HEX.parseHex(expected));
    }

    /** chrony's lengths: NTPv4 digests cut to 20 octets; before NTPv4 whole (up to 64). */
    @ParameterizedTest(name = "{0}")
    @CsvSource({"MD5, 20, 20", "SHA1, 24, 24", "SHA256, 24, 36", "SHA384, 24, 52", "SHA512, 24, 68",
        "SHA3_224, 24, 32", "SHA3_512, 24, 68", "AES128, 20, 20", "AES256, 20, 20"})
    void trailerLength_byVersion_followsChrony(KeyType type, int v4, int v3) {
        assertThat(PacketMac.trailerLength(key(type, 1), 4)).isEqualTo(v4);
        assertThat(PacketMac.trailerLength(key(type, 1), 3)).isEqualTo(v3);
    }

    @ParameterizedTest
    @EnumSource(KeyType.class)
    void signThenVerify_everyTypeAndVersion_roundTripsAndDecodes(KeyType type) {
        for (int version = 1; version <= 4; version++) {
            SymmetricKey k = key(type, 77);
            byte[] buf = request(version);

            int n = PacketMac.sign(k, version, buf, 0, NtpPacket.HEADER_LENGTH);

            assertThat(n).isEqualTo(NtpPacket.HEADER_LENGTH + PacketMac.trailerLength(k, version));
            assertThat(PacketMac.verify(k, version, buf, 0, NtpPacket.HEADER_LENGTH, n)).isTrue();
            DecodeResult d = NtpCodec.decode(buf, 0, n);
            assertThat(d).as("version %d", version).isInstanceOf(DecodeResult.Decoded.class);
            assertThat(((DecodeResult.Decoded) d).packet().mac().keyId()).isEqualTo(77);
        }
    }

    @ParameterizedTest
    @EnumSource(KeyType.class)
    void verify_anyBitFlipped_rejects(KeyType type) {
        SymmetricKey k = key(type, 5);
        byte[] buf = signedV4(k);
        for (int bit = 0; bit < buf.length * 8; bit++) {
            byte[] t = buf.clone();
            t[bit / 8] ^= (byte) (1 << (bit % 8));
            assertThat(PacketMac.verify(k, 4, t, 0, NtpPacket.HEADER_LENGTH, t.length)).as("bit %d", bit).isFalse();
        }
    }

    @ParameterizedTest
    @EnumSource(KeyType.class)
    void verify_otherKeyOrOtherSecret_rejects(KeyType type) {
        byte[] other = key(type, 5).secret();
        other[0] ^= 1;
        byte[] buf = signedV4(key(type, 5));

        assertThat(PacketMac.verify(key(type, 6), 4, buf, 0, NtpPacket.HEADER_LENGTH, buf.length)).as("key 6").isFalse();
        assertThat(PacketMac.verify(new SymmetricKey(5, type, other), 4, buf, 0, NtpPacket.HEADER_LENGTH, buf.length))
                .as("same id, other secret").isFalse();
    }

    @Test
    void verify_truncatedOrWholeDigestInWrongVersion_rejects() {
        SymmetricKey k = key(KeyType.SHA256, 9);
        byte[] v3 = request(3);
        int n3 = PacketMac.sign(k, 3, v3, 0, NtpPacket.HEADER_LENGTH);
        byte[] v4 = request(4);
        int n4 = PacketMac.sign(k, 4, v4, 0, NtpPacket.HEADER_LENGTH);

        assertThat(PacketMac.verify(k, 3, v3, 0, NtpPacket.HEADER_LENGTH, n4)).as("v3 with a 20-octet digest").isFalse();
        assertThat(PacketMac.verify(k, 4, v4, 0, NtpPacket.HEADER_LENGTH, n4 - 4)).as("v4 cut to 16").isFalse();
        assertThat(n3).isEqualTo(NtpPacket.HEADER_LENGTH + 36);
    }

    @Test
    void verify_macAfterExtensionField_coversTheField() {
        SymmetricKey k = key(KeyType.AES128, 3);
        byte[] buf = new byte[NtpPacket.HEADER_LENGTH + 16 + 20];
        NtpCodec.encodeInto(NtpPacket.clientRequest(4, new NtpTimestamp(42)), buf, 0);
        NtpCodec.putShort(buf, 48, 0x0104);
        NtpCodec.putShort(buf, 50, 16);
        int n = PacketMac.sign(k, 4, buf, 0, 64);

        assertThat(PacketMac.verify(k, 4, buf, 0, 64, n)).isTrue();
        buf[60] ^= 1;
        assertThat(PacketMac.verify(k, 4, buf, 0, 64, n)).isFalse();
    }
}
