// Tests the mode 6 codec: real ntpq requests, every rejection reason, padding, trailers, fragments and reassembly.
package dev.jntp.proto;

import static dev.jntp.proto.TestPackets.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ControlCodecTest {

    /** What NTPsec's ntpq 1.2.2 sent for 'ntpq -p' (LI 3, version 2, READSTAT, sequence 1). */
    static final byte[] NTPQ_READSTAT = hex("d60100010000000000000000");
    /** What it sent for 'rv 0 stratum,offset': READVAR, sequence 3, 14 octets of names, 2 of padding. */
    static final byte[] NTPQ_READVAR = hex("d6020003000000000000000e7374726174756d2c6f66667365740000");

    private static ControlMessage decoded(byte[] b) {
        ControlDecodeResult r = ControlCodec.decode(b);
        assertThat(r).isInstanceOf(ControlDecodeResult.Decoded.class);
        return ((ControlDecodeResult.Decoded) r).message();
    }

    private static ControlDecodeResult.Rejected rejected(byte[] b, ControlDecodeError e) {
        ControlDecodeResult r = ControlCodec.decode(b);
        assertThat(r).isInstanceOf(ControlDecodeResult.Rejected.class);
        ControlDecodeResult.Rejected x = (ControlDecodeResult.Rejected) r;
        assertThat(x.error()).as(x.detail()).isEqualTo(e);
        return x;
    }

    @Test
    void decode_ntpqReadstat_givesEveryHeaderField() {
        ControlMessage m = decoded(NTPQ_READSTAT);
        assertThat(m.header()).isEqualTo(new ControlHeader(LeapIndicator.UNSYNCHRONIZED, 2, false, false, false, 1, 1,
                0, 0, 0));
        assertThat(m.header().knownOpcode()).contains(ControlOpcode.READSTAT);
        assertThat(m.count()).isZero();
        assertThat(m.trailer()).isEmpty();
    }

    @Test
    void decode_ntpqReadvarWithNames_keepsTheCountedDataAndSkipsPadding() {
        ControlMessage m = decoded(NTPQ_READVAR);
        assertThat(m.header().opcode()).isEqualTo(ControlOpcode.READVAR.code());
        assertThat(m.header().sequence()).isEqualTo(3);
        assertThat(new String(m.data(), StandardCharsets.US_ASCII)).isEqualTo("stratum,offset");
        assertThat(m.trailer()).isEmpty();
        assertThat(ControlCodec.encode(m)).isEqualTo(NTPQ_READVAR);
    }

    @Test
    void encode_nonZeroPadding_reEncodesWithZeroPaddingAndDecodesAlike() {
        byte[] b = NTPQ_READVAR.clone();
        b[b.length - 1] = 0x55;
        ControlMessage m = decoded(b);
        byte[] again = ControlCodec.encode(m);
        assertThat(again[again.length - 1]).isZero();
        assertThat(decoded(again)).isEqualTo(m);
    }

    @Test
    void decode_trailerAfterPaddedData_keptForTheMac() {
        byte[] b = concat(hex("16020005000000000000000161000000"), hex("00000001"), new byte[16]);
        ControlMessage m = decoded(b);
        assertThat(m.data()).containsExactly('a');
        assertThat(m.trailer()).hasSize(20).startsWith(0, 0, 0, 1);
        assertThat(ControlCodec.encode(m)).isEqualTo(b);
    }

    @Test
    void decode_responseBits_allThreeRead() {
        ControlMessage m = decoded(hex("16e20007abcd00030010000000000000"));
        ControlHeader h = m.header();
        assertThat(h.response()).isTrue();
        assertThat(h.error()).isTrue();
        assertThat(h.more()).isTrue();
        assertThat(h.opcode()).isEqualTo(2);
        assertThat(h.status()).isEqualTo(0xabcd);
        assertThat(h.associationId()).isEqualTo(3);
        assertThat(h.offset()).isEqualTo(16);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 4, 11})
    void decode_shorterThanHeader_tooShortWithoutHeader(int length) {
        assertThat(rejected(Arrays.copyOf(NTPQ_READSTAT, length), ControlDecodeError.TOO_SHORT).header()).isNull();
    }

    @Test
    void decode_nullOrBadBounds_tooShort() {
        rejected(null, ControlDecodeError.TOO_SHORT);
        assertThat(ControlCodec.decode(NTPQ_READSTAT, 4, 12)).isInstanceOf(ControlDecodeResult.Rejected.class);
        assertThat(ControlCodec.decode(NTPQ_READSTAT, -1, 4)).isInstanceOf(ControlDecodeResult.Rejected.class);
        assertThat(ControlCodec.decode(NTPQ_READSTAT, 0, -1)).isInstanceOf(ControlDecodeResult.Rejected.class);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3, 4, 5, 7})
    void decode_otherModes_notControl(int mode) {
        byte[] b = NTPQ_READSTAT.clone();
        b[0] = (byte) ((b[0] & ~7) | mode);
        assertThat(rejected(b, ControlDecodeError.NOT_CONTROL).header()).isNull();
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 5, 6, 7})
    void decode_versionOutside1To4_unsupportedWithoutHeader(int version) {
        byte[] b = NTPQ_READSTAT.clone();
        b[0] = (byte) ((version << 3) | 6);
        assertThat(rejected(b, ControlDecodeError.UNSUPPORTED_VERSION).header()).isNull();
    }

    @Test
    void decode_countBeyondDatagram_rejectedWithTheHeaderForAnErrorReply() {
        byte[] b = NTPQ_READVAR.clone();
        b[11] = 17;
        ControlDecodeResult.Rejected r = rejected(b, ControlDecodeError.COUNT_BEYOND_DATAGRAM);
        assertThat(r.header().sequence()).isEqualTo(3);
        assertThat(r.header().opcode()).isEqualTo(2);
    }

    @Test
    void decode_lengthNotMultipleOf4_unpaddedWithHeader() {
        byte[] b = Arrays.copyOf(NTPQ_READVAR, 26);
        assertThat(rejected(b, ControlDecodeError.UNPADDED).header().sequence()).isEqualTo(3);
    }

    @Test
    void header_fieldsOutOfRange_throw() {
        assertThatThrownBy(() -> new ControlHeader(LeapIndicator.NO_WARNING, 8, false, false, false, 0, 0, 0, 0, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("version");
        assertThatThrownBy(() -> new ControlHeader(LeapIndicator.NO_WARNING, 2, false, false, false, 32, 0, 0, 0, 0))
                .hasMessageContaining("opcode");
        assertThatThrownBy(() -> new ControlHeader(LeapIndicator.NO_WARNING, 2, false, false, false, 1, 65536, 0, 0, 0))
                .hasMessageContaining("sequence");
        assertThatThrownBy(() -> new ControlHeader(null, 2, false, false, false, 1, 0, 0, 0, 0))
                .hasMessageContaining("leap");
        assertThatThrownBy(() -> new ControlMessage(ControlHeader.request(2, ControlOpcode.READVAR, 1, 0),
                new byte[1], new byte[3])).hasMessageContaining("trailer");
    }

    @Test
    void errorReply_badAssociation_setsRAndEAndTheCodeInTheStatusWord() {
        ControlHeader request = decoded(NTPQ_READVAR).header();
        byte[] b = ControlCodec.encode(new ControlMessage(request.errorReply(LeapIndicator.NO_WARNING,
                ControlError.BAD_ASSOCIATION), new byte[0]));
        assertThat(b).isEqualTo(hex("16c200030400000000000000"));
        assertThat(ControlError.ofStatus(decoded(b).header().status())).contains(ControlError.BAD_ASSOCIATION);
    }

    @Test
    void fragments_1000Octets_threeFragmentsWithMoreBitAndOffsets() {
        byte[] payload = new byte[1000];
        for (int i = 0; i < payload.length; i++) {
            payload[i] = (byte) i;
        }
        ControlHeader first = decoded(NTPQ_READVAR).header().reply(LeapIndicator.NO_WARNING, 0x0615);
        List<ControlMessage> f = ControlCodec.fragments(first, payload);
        assertThat(f).extracting(m -> m.header().offset()).containsExactly(0, 468, 936);
        assertThat(f).extracting(m -> m.header().more()).containsExactly(true, true, false);
        assertThat(f).extracting(ControlMessage::count).containsExactly(468, 468, 64);
        assertThat(f).allSatisfy(m -> assertThat(ControlCodec.encode(m).length % 4).isZero());
        assertThat(f).allSatisfy(m -> assertThat(ControlCodec.encode(m).length).isLessThanOrEqualTo(480));
        List<ControlMessage> shuffled = new ArrayList<>(f);
        Collections.reverse(shuffled);
        shuffled.add(f.get(1));
        assertThat(ControlCodec.reassemble(shuffled)).isEqualTo(payload);
    }

    @Test
    void fragments_emptyPayload_oneFragmentWithoutData() {
        List<ControlMessage> f = ControlCodec.fragments(ControlHeader.request(2, ControlOpcode.READSTAT, 1, 0)
                .reply(LeapIndicator.NO_WARNING, 0), new byte[0]);
        assertThat(f).hasSize(1);
        assertThat(f.getFirst().header().more()).isFalse();
        assertThat(ControlCodec.encode(f.getFirst())).hasSize(12);
        assertThat(ControlCodec.reassemble(f)).isEmpty();
    }

    @Test
    void fragments_moreThanNtpqAccepts_throws() {
        ControlHeader h = ControlHeader.request(2, ControlOpcode.READVAR, 1, 0).reply(LeapIndicator.NO_WARNING, 0);
        assertThat(ControlCodec.fragments(h, new byte[32 * 468])).hasSize(32);
        assertThatThrownBy(() -> ControlCodec.fragments(h, new byte[32 * 468 + 1]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("33 fragments");
    }

    @Test
    void reassemble_incompleteOrInconsistent_null() {
        ControlHeader h = ControlHeader.request(2, ControlOpcode.READVAR, 9, 0).reply(LeapIndicator.NO_WARNING, 0);
        List<ControlMessage> f = ControlCodec.fragments(h, new byte[1000]);
        assertThat(ControlCodec.reassemble(f.subList(0, 2))).as("last missing").isNull();
        assertThat(ControlCodec.reassemble(List.of(f.get(0), f.get(2)))).as("gap").isNull();
        assertThat(ControlCodec.reassemble(f.subList(1, 3))).as("first missing").isNull();
        ControlMessage otherSequence = new ControlMessage(new ControlHeader(LeapIndicator.NO_WARNING, 2, true, false,
                false, 2, 10, 0, 0, 936), new byte[64]);
        assertThat(ControlCodec.reassemble(List.of(f.get(0), f.get(1), otherSequence))).as("sequence").isNull();
        ControlMessage request = new ControlMessage(ControlHeader.request(2, ControlOpcode.READVAR, 9, 0), new byte[0]);
        assertThat(ControlCodec.reassemble(List.of(request))).as("a request").isNull();
        ControlMessage clash = new ControlMessage(f.get(1).header(), new byte[5]);
        assertThat(ControlCodec.reassemble(List.of(f.get(0), f.get(1), clash, f.get(2)))).as("overlap").isNull();
        assertThat(ControlCodec.reassemble(List.of())).isNull();
        assertThat(ControlCodec.reassemble(null)).isNull();
    }

    @Test
    void opcodes_codesAndWrites() {
        assertThat(IntStream.range(0, 32).filter(c -> ControlOpcode.ofCode(c).isPresent()).toArray())
                .containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 31);
        assertThat(ControlOpcode.ofCode(2 | 0x80)).contains(ControlOpcode.READVAR);
        assertThat(Arrays.stream(ControlOpcode.values()).filter(ControlOpcode::writes))
                .containsExactlyInAnyOrder(ControlOpcode.WRITEVAR, ControlOpcode.WRITECLOCK, ControlOpcode.SETTRAP,
                        ControlOpcode.CONFIGURE, ControlOpcode.SAVECONFIG, ControlOpcode.UNSETTRAP);
        assertThat(ControlError.ofStatus(0x0800)).isEmpty();
        assertThat(ControlError.ofStatus(0x0500)).contains(ControlError.UNKNOWN_VARIABLE);
    }

    private static byte[] concat(byte[]... parts) {
        return TestPackets.concat(parts);
    }
}
