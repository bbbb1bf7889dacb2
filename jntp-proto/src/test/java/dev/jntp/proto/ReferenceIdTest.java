// Tests the reference ID: building it from addresses and text, and showing it as ntpq does.
package dev.jntp.proto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.net.InetAddress;
import java.net.UnknownHostException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ReferenceIdTest {

    private static byte[] address(String literal) throws UnknownHostException {
        return InetAddress.getByName(literal).getAddress();
    }

    @Test
    void ofIpv4_address_isTheFourOctets() throws UnknownHostException {
        ReferenceId id = ReferenceId.ofIpv4(address("192.0.2.200"));

        assertThat(id.raw()).isEqualTo(0xC000_02C8);
        assertThat(id.asDottedQuad()).isEqualTo("192.0.2.200");
        assertThat(id.octets()).containsExactly(192, 0, 2, 200);
    }

    /**
     * Expected values computed independently of Java:
     * {@code python3 -c "import hashlib,ipaddress; print(hashlib.md5(ipaddress.IPv6Address('2001:db8::1').packed).hexdigest()[:8])"}
     * and {@code printf '\x20\x01\x0d\xb8' ... | openssl md5} (both 39ab9b37; ::1 gives cf404dc8).
     */
    @ParameterizedTest
    @CsvSource({"2001:db8::1, 39AB9B37", "::1, CF404DC8"})
    void ofIpv6_address_isFirstFourOctetsOfMd5(String literal, String expected) throws UnknownHostException {
        assertThat(ReferenceId.ofIpv6(address(literal))).hasToString(expected);
    }

    @Test
    void ofAddress_eitherFamily_picksTheMatchingRule() throws UnknownHostException {
        assertThat(ReferenceId.ofAddress(address("127.0.0.1"))).isEqualTo(new ReferenceId(0x7F00_0001));
        assertThat(ReferenceId.ofAddress(address("::1"))).isEqualTo(new ReferenceId(0xCF40_4DC8));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 3, 5, 16})
    void ofIpv4_notFourOctets_throws(int length) {
        assertThatIllegalArgumentException().isThrownBy(() -> ReferenceId.ofIpv4(new byte[length]));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 4, 15, 17})
    void ofIpv6_notSixteenOctets_throws(int length) {
        assertThatIllegalArgumentException().isThrownBy(() -> ReferenceId.ofIpv6(new byte[length]));
    }

    @ParameterizedTest
    @CsvSource({"GPS, 47505300", "PPS, 50505300", "RATE, 52415445", "X, 58000000", "'', 00000000"})
    void ofAscii_upToFourCharacters_isLeftJustifiedZeroPadded(String text, String raw) {
        ReferenceId id = ReferenceId.ofAscii(text);

        assertThat(id).hasToString(raw);
        assertThat(id.asAscii()).isEqualTo(text);
    }

    @Test
    void ofAscii_fiveCharacters_throws() {
        assertThatIllegalArgumentException().isThrownBy(() -> ReferenceId.ofAscii("GPSXX"));
    }

    @ParameterizedTest
    @CsvSource({"7F7F0101, ????", "C000027F, ?", "41FF4200, A?B", "41004243, A", "0A0D2020, '??  '", "7E7E7E7E, ~~~~"})
    void asAscii_nonPrintableOctets_becomeQuestionMarksAndStopAtZero(String raw, String expected) {
        assertThat(new ReferenceId(Integer.parseUnsignedInt(raw, 16)).asAscii()).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({
        "52415445, 0, .RATE.",
        "47505300, 1, .GPS.",
        "00000000, 0, ..",
        "7F7F0101, 2, 127.127.1.1",
        "7F7F0101, 3, 127.127.1.1",
        "C0A80001, 16, 192.168.0.1"})
    void describe_byStratum_showsTextUpToStratum1AndDottedQuadAbove(String raw, int stratum, String expected) {
        assertThat(new ReferenceId(Integer.parseUnsignedInt(raw, 16)).describe(stratum)).isEqualTo(expected);
    }

    @Test
    void local_isChronyLocalClockAddress() {
        assertThat(ReferenceId.LOCAL.asDottedQuad()).isEqualTo("127.127.1.1");
    }

    @Test
    void kissCode_registeredCodeOrNot_isFoundOrEmpty() {
        assertThat(ReferenceId.ofAscii("DENY").kissCode()).contains(KissCode.DENY);
        assertThat(ReferenceId.ofAscii("GPS").kissCode()).isEmpty();
    }
}
