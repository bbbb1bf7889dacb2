// RFC 5297 appendix A test vectors for the AES-SIV jntp's NTS uses, and its failure cases.
package dev.jntp.engine.nts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class AesSivTest {

    private static byte[] hex(String s) {
        return HexFormat.of().parseHex(s.replace(" ", ""));
    }

    @Test
    void seal_rfc5297A1DeterministicVector_matchesAndOpens() {
        byte[] key = hex("fffefdfc fbfaf9f8 f7f6f5f4 f3f2f1f0 f0f1f2f3 f4f5f6f7 f8f9fafb fcfdfeff");
        byte[] ad = hex("10111213 14151617 18191a1b 1c1d1e1f 20212223 24252627");
        byte[] plaintext = hex("11223344 55667788 99aabbcc ddee");
        byte[] expected = hex("85632d07 c6e8f37f 950acd32 0a2ecc93 40c02b96 90c4dc04 daef7f6a fe5c");
        assertThat(AesSiv.seal(key, plaintext, ad)).isEqualTo(expected);
        assertThat(AesSiv.open(key, expected, ad)).isEqualTo(plaintext);
    }

    @Test
    void seal_rfc5297A2NonceBasedVector_matchesAndOpens() {
        byte[] key = hex("7f7e7d7c 7b7a7978 77767574 73727170 40414243 44454647 48494a4b 4c4d4e4f");
        byte[] ad1 = hex("00112233 44556677 8899aabb ccddeeff deaddada deaddada ffeeddcc bbaa9988 77665544 33221100");
        byte[] ad2 = hex("10203040 50607080 90a0");
        byte[] nonce = hex("09f91102 9d74e35b d84156c5 635688c0");
        byte[] plaintext = hex("74686973 20697320 736f6d65 20706c61 696e7465 78742074 6f20656e 63727970"
                + " 74207573 696e6720 5349562d 414553");
        byte[] expected = hex("7bdb6e3b 432667eb 06f4d14b ff2fbd0f cb900f2f ddbe4043 26601965 c889bf17"
                + " dba77ceb 094fa663 b7a3f748 ba8af829 ea64ad54 4a272e9c 485b62a3 fd5c0d");
        assertThat(AesSiv.seal(key, plaintext, ad1, ad2, nonce)).isEqualTo(expected);
        assertThat(AesSiv.open(key, expected, ad1, ad2, nonce)).isEqualTo(plaintext);
    }

    @Test
    void open_tamperedOrWrongInputs_returnsNull() {
        byte[] key = new byte[32];
        byte[] sealed = AesSiv.seal(key, new byte[] {1, 2, 3}, new byte[] {9});
        for (int i = 0; i < sealed.length; i++) {
            byte[] t = sealed.clone();
            t[i] ^= 1;
            assertThat(AesSiv.open(key, t, new byte[] {9})).as("bit flipped in octet %d", i).isNull();
        }
        assertThat(AesSiv.open(key, sealed, new byte[] {8})).isNull();
        assertThat(AesSiv.open(key, sealed)).isNull();
        assertThat(AesSiv.open(key, new byte[15], new byte[] {9})).isNull();
        assertThat(AesSiv.open(key, null)).isNull();
        byte[] other = new byte[32];
        other[31] = 1;
        assertThat(AesSiv.open(other, sealed, new byte[] {9})).isNull();
    }

    @Test
    void seal_512BitKey_roundTrips() {
        byte[] key = new byte[64];
        key[0] = 7;
        byte[] sealed = AesSiv.seal(key, new byte[40], new byte[3], new byte[16]);
        assertThat(sealed).hasSize(56);
        assertThat(AesSiv.open(key, sealed, new byte[3], new byte[16])).isEqualTo(new byte[40]);
    }

    @Test
    void seal_keyOfAnotherLength_isRefused() {
        assertThatThrownBy(() -> AesSiv.seal(new byte[16], new byte[1])).isInstanceOf(IllegalArgumentException.class);
    }
}
