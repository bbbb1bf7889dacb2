// Tests the legacy MAC trailer: key and digest validation, crypto-NAK and trailer lengths.
package dev.jntp.proto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class LegacyMacTest {

    @ParameterizedTest
    @CsvSource({"0, 4", "16, 20", "20, 24"})
    void new_digestOf0Or16Or20Octets_hasWireLength(int digestLength, int wireLength) {
        LegacyMac mac = new LegacyMac(1, new byte[digestLength]);

        assertThat(mac.length()).isEqualTo(wireLength);
        assertThat(LegacyMac.isMacLength(wireLength)).isTrue();
    }

    @ParameterizedTest
    @CsvSource({"28, 32", "32, 36", "48, 52", "64, 68"})
    void new_longDigest_isAMacBeforeVersion4Only(int digestLength, int wireLength) {
        LegacyMac mac = new LegacyMac(1, new byte[digestLength]);

        assertThat(mac.length()).isEqualTo(wireLength);
        assertThat(LegacyMac.isMacLength(wireLength, 3)).isTrue();
        assertThat(LegacyMac.isMacLength(wireLength, 4)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 4, 15, 17, 19, 21, 30, 66, 68})
    void new_otherDigestLength_throws(int digestLength) {
        assertThatIllegalArgumentException().isThrownBy(() -> new LegacyMac(1, new byte[digestLength]));
    }

    @ParameterizedTest
    @ValueSource(longs = {-1, 0x1_0000_0000L, Long.MIN_VALUE})
    void new_keyIdOutsideUnsigned32Bits_throws(long keyId) {
        assertThatIllegalArgumentException().isThrownBy(() -> new LegacyMac(keyId, new byte[16]));
    }

    @Test
    void new_largestKeyId_isAccepted() {
        assertThat(new LegacyMac(0xFFFF_FFFFL, new byte[20]).keyId()).isEqualTo(4_294_967_295L);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 3, 5, 8, 16, 19, 21, 23, 25, 28})
    void isMacLength_otherTrailerLength_isFalse(int length) {
        assertThat(LegacyMac.isMacLength(length)).isFalse();
    }

    @ParameterizedTest
    @CsvSource({"0, 0, true", "1, 0, false", "0, 16, false", "0, 20, false"})
    void isCryptoNak_onlyKeyZeroWithoutDigest(long keyId, int digestLength, boolean expected) {
        assertThat(new LegacyMac(keyId, new byte[digestLength]).isCryptoNak()).isEqualTo(expected);
    }

    @Test
    void digest_isDefensiveCopyInAndOut() {
        TestPackets.assertCopiesArrayInAndOut(digest -> new LegacyMac(7, digest), LegacyMac::digest, 16);
    }

    @Test
    void equals_sameKeyAndDigestContent_isEqual() {
        LegacyMac mac = new LegacyMac(7, new byte[16]);

        TestPackets.assertEqualByContent(mac, new LegacyMac(7, new byte[16]), new LegacyMac(8, new byte[16]),
                new LegacyMac(7, new byte[20]));
        assertThat(mac).hasToString("LegacyMac[key 7, 00000000000000000000000000000000]");
    }
}
