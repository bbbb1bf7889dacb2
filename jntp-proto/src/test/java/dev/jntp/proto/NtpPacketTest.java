// Tests NtpPacket's own checks and helpers: constructor validation, kiss codes and lengths.
package dev.jntp.proto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class NtpPacketTest {

    private static final ExtensionField FIELD = ExtensionField.padded(0xF323, new byte[24]);

    private static NtpPacket packet(int version, Mode mode, int stratum, int poll, int precision,
            ReferenceId refId, List<ExtensionField> fields, LegacyMac mac) {
        return new NtpPacket(LeapIndicator.NO_WARNING, version, mode, stratum, poll, precision, NtpShort.ZERO,
                NtpShort.ZERO, refId, NtpTimestamp.ZERO, NtpTimestamp.ZERO, NtpTimestamp.ZERO, NtpTimestamp.ZERO,
                fields, mac);
    }

    private static NtpPacket server(int stratum, ReferenceId refId) {
        return packet(4, Mode.SERVER, stratum, 0, 0, refId, List.of(), null);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 5, 7, -1})
    void new_versionOutside1To4_throws(int version) {
        assertThatIllegalArgumentException().isThrownBy(() -> packet(version, Mode.CLIENT, 0, 0, 0, ReferenceId.NONE, List.of(), null));
    }

    @ParameterizedTest
    @EnumSource(value = Mode.class, names = {"CONTROL", "PRIVATE"})
    void new_mode6Or7_throws(Mode mode) {
        assertThatIllegalArgumentException().isThrownBy(() -> packet(4, mode, 0, 0, 0, ReferenceId.NONE, List.of(), null));
    }

    @ParameterizedTest
    @CsvSource({"-1, 0, 0", "256, 0, 0", "0, 128, 0", "0, -129, 0", "0, 0, 128", "0, 0, -129"})
    void new_stratumPollOrPrecisionOutsideItsOctet_throws(int stratum, int poll, int precision) {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> packet(4, Mode.CLIENT, stratum, poll, precision, ReferenceId.NONE, List.of(), null));
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3})
    void new_extensionFieldBeforeVersion4_throws(int version) {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> packet(version, Mode.CLIENT, 0, 0, 0, ReferenceId.NONE, List.of(FIELD), null));
    }

    @Test
    void new_extensionList_isCopied() {
        List<ExtensionField> fields = new java.util.ArrayList<>(List.of(FIELD));
        NtpPacket p = packet(4, Mode.CLIENT, 0, 0, 0, ReferenceId.NONE, fields, null);
        fields.clear();

        assertThat(p.extensions()).containsExactly(FIELD);
    }

    @Test
    void kissCode_stratum0WithRegisteredCode_isPresent() {
        assertThat(server(0, KissCode.RATE.referenceId()).kissCode()).contains(KissCode.RATE);
    }

    @Test
    void kissCode_sameRefIdAboveStratum0_isEmpty() {
        assertThat(server(1, KissCode.RATE.referenceId()).kissCode()).isEmpty();
        assertThat(server(0, ReferenceId.ofAscii("GPS")).kissCode()).isEmpty();
    }

    @Test
    void encodedLength_headerFieldsAndMac_addUp() {
        LegacyMac mac = new LegacyMac(1, new byte[20]);
        NtpPacket p = packet(4, Mode.CLIENT, 0, 0, 0, ReferenceId.NONE, List.of(FIELD, FIELD), mac);

        assertThat(p.encodedLength()).isEqualTo(48 + 28 + 28 + 24);
        assertThat(p.macTrailer()).contains(mac);
        assertThat(server(3, ReferenceId.LOCAL).macTrailer()).isEmpty();
    }

    @Test
    void clientRequest_version3_setsOnlyVersionModeAndTransmit() {
        NtpTimestamp t = new NtpTimestamp(0x1234_5678_9ABC_DEF0L);
        NtpPacket p = NtpPacket.clientRequest(3, t);

        assertThat(p).isEqualTo(packet(3, Mode.CLIENT, 0, 0, 0, ReferenceId.NONE, List.of(), null).withTransmitTimestamp(t));
        assertThat(NtpCodec.encode(p)).isEqualTo(TestPackets.hex("1B" + "00".repeat(39) + "123456789ABCDEF0"));
    }
}
