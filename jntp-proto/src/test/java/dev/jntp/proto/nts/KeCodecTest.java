// Tests of the NTS-KE record codec: chrony's messages, round trips, streaming, and every rejection.
package dev.jntp.proto.nts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class KeCodecTest {

    /** What chronyd 4.3 sends (INTEROP.md): Next Protocol [0], AEAD [15], End, every one critical. */
    static final byte[] CHRONYD_REQUEST = HexFormat.of().parseHex("800100020000" + "80040002000f" + "80000000");

    private static KeDecodeResult decode(byte[] b) {
        return KeCodec.decodeMessage(b, 0, b.length);
    }

    private static List<KeRecord> records(byte[] b) {
        assertThat(decode(b)).isInstanceOf(KeDecodeResult.Message.class);
        return ((KeDecodeResult.Message) decode(b)).records();
    }

    @Test
    void decode_chronydRequest_givesNextProtocolAeadAndEnd() {
        assertThat(records(CHRONYD_REQUEST)).containsExactly(KeRecord.nextProtocol(0), KeRecord.aead(15),
                KeRecord.end());
        assertThat(((KeDecodeResult.Message) decode(CHRONYD_REQUEST)).length()).isEqualTo(CHRONYD_REQUEST.length);
    }

    @Test
    void encode_serverResponse_roundTripsOctetForOctet() {
        List<KeRecord> response = new ArrayList<>(List.of(KeRecord.nextProtocol(0), KeRecord.aead(15),
                KeRecord.port(11123), KeRecord.server("ntp.example.org")));
        for (int i = 0; i < 8; i++) {
            byte[] cookie = new byte[104];
            cookie[0] = (byte) i;
            response.add(KeRecord.cookie(cookie));
        }
        response.add(KeRecord.warning(7));
        response.add(new KeRecord.Unknown(false, 0x4001, new byte[] {1, 2, 3}));
        response.add(KeRecord.end());
        byte[] wire = KeCodec.encode(response);
        assertThat(wire.length).isEqualTo(6 + 6 + 6 + 4 + 15 + 8 * 108 + 6 + 7 + 4);
        assertThat(records(wire)).isEqualTo(response);
        assertThat(KeCodec.encode(records(wire))).isEqualTo(wire);
        // The critical bit is the top bit of the type word; cookies never carry it.
        assertThat(wire[0] & 0xFF).isEqualTo(0x80);
        assertThat(HexFormat.of().formatHex(wire, 6 + 6 + 6 + 4 + 15, 6 + 6 + 6 + 4 + 15 + 4)).isEqualTo("00050068");
    }

    @Test
    void decode_everyProperPrefix_isIncompleteThenWholeMessageAtTheEnd() {
        for (int n = 0; n < CHRONYD_REQUEST.length; n++) {
            assertThat(KeCodec.decodeMessage(CHRONYD_REQUEST, 0, n)).as("prefix of %d", n)
                    .isInstanceOf(KeDecodeResult.Incomplete.class);
        }
    }

    @Test
    void decode_octetsAfterEnd_areNotPartOfTheMessage() {
        byte[] two = new byte[CHRONYD_REQUEST.length * 2];
        System.arraycopy(CHRONYD_REQUEST, 0, two, 0, CHRONYD_REQUEST.length);
        System.arraycopy(CHRONYD_REQUEST, 0, two, CHRONYD_REQUEST.length, CHRONYD_REQUEST.length);
        assertThat(decode(two)).isEqualTo(decode(CHRONYD_REQUEST));
    }

    @Test
    void decode_unknownCriticalRecord_isRejectedAtItsOffset() {
        byte[] b = HexFormat.of().parseHex("800100020000" + "c0010000" + "80000000");
        assertThat(decode(b)).isEqualTo(new KeDecodeResult.Rejected(KeDecodeError.UNRECOGNIZED_CRITICAL, 6,
                "critical record of unknown type 16385"));
    }

    @Test
    void decode_unknownNonCriticalRecord_isKept() {
        byte[] b = HexFormat.of().parseHex("40010001ff" + "80000000");
        assertThat(records(b)).containsExactly(new KeRecord.Unknown(false, 0x4001, new byte[] {(byte) 0xFF}),
                KeRecord.end());
    }

    @Test
    void decode_bodiesThatDoNotSuitTheirType_areBadLength() {
        for (String hex : List.of("80000001ff", "8001000100", "800200010080000000", "8003000300000080000000",
                "80040003000f0080000000", "0007000100", "000700030000000080000000")) {
            assertThat(decode(HexFormat.of().parseHex(hex))).as(hex)
                    .isInstanceOfSatisfying(KeDecodeResult.Rejected.class,
                            r -> assertThat(r.error()).isEqualTo(KeDecodeError.BAD_LENGTH));
        }
    }

    @Test
    void decode_emptyListsAndNonCriticalKnownRecords_areRead() {
        byte[] b = HexFormat.of().parseHex("00010000" + "00040000" + "0002000202" + "00" + "00000000");
        assertThat(records(b)).containsExactly(new KeRecord.NextProtocol(false, List.of()),
                new KeRecord.AeadAlgorithm(false, List.of()), new KeRecord.Error(false, 0x0200),
                new KeRecord.EndOfMessage(false));
    }

    @Test
    void decode_serverNameNotPrintableAscii_isRejected() {
        for (String hex : List.of("80060000", "800600036120" + "62", "80060001" + "c3")) {
            assertThat(decode(HexFormat.of().parseHex(hex + "80000000"))).as(hex)
                    .isInstanceOfSatisfying(KeDecodeResult.Rejected.class,
                            r -> assertThat(r.error()).isEqualTo(KeDecodeError.BAD_SERVER_NAME));
        }
        assertThat(records(HexFormat.of().parseHex("80060009" + "3139322e302e322e31" + "80000000")))
                .startsWith(KeRecord.server("192.0.2.1"));
    }

    @Test
    void decode_noEndWithinTheLimit_isTooLong() {
        byte[] b = new byte[KeCodec.MAX_MESSAGE_LENGTH + 100];
        for (int i = 0; i + 4 <= b.length; i += 100) {
            b[i] = 0x40; // non-critical unknown type 0x4000 with a 96-octet body
            b[i + 3] = 96;
        }
        assertThat(decode(b)).isInstanceOfSatisfying(KeDecodeResult.Rejected.class,
                r -> assertThat(r.error()).isEqualTo(KeDecodeError.TOO_LONG));
        assertThat(KeCodec.decodeMessage(b, 0, 1000)).isInstanceOf(KeDecodeResult.Incomplete.class);
        assertThat(KeCodec.decodeMessage(b, 0, 1000, 500)).isInstanceOf(KeDecodeResult.Rejected.class);
    }

    @Test
    void decode_badBufferArguments_areRejectedNotThrown() {
        assertThat(KeCodec.decodeMessage(null, 0, 0)).isInstanceOf(KeDecodeResult.Rejected.class);
        assertThat(KeCodec.decodeMessage(new byte[4], 2, 4)).isInstanceOf(KeDecodeResult.Rejected.class);
        assertThat(KeCodec.decodeMessage(new byte[4], -1, 1)).isInstanceOf(KeDecodeResult.Rejected.class);
    }

    @Test
    void records_invalidValues_areRefusedAtConstruction() {
        assertThatThrownBy(() -> KeRecord.port(65536)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> KeRecord.nextProtocol(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> KeRecord.server("a b")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> KeRecord.server("é")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new KeRecord.Unknown(false, 5, new byte[0])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new KeRecord.Unknown(false, 0x8000, new byte[0]))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> KeRecord.cookie(new byte[0x10000])).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void cookie_arrays_areCopiedInAndOut() {
        byte[] c = {1, 2, 3, 4};
        KeRecord.NewCookie r = KeRecord.cookie(c);
        c[0] = 9;
        assertThat(r.cookie()[0]).isEqualTo((byte) 1);
        r.cookie()[1] = 9;
        assertThat(r.cookie()[1]).isEqualTo((byte) 2);
        assertThat(r.toString()).doesNotContain("01020304");
    }

    @Test
    void errorCodes_haveDescriptions() {
        assertThat(KeErrorCode.describe(KeErrorCode.BAD_REQUEST)).isEqualTo("bad request");
        assertThat(KeErrorCode.describe(KeErrorCode.UNRECOGNIZED_CRITICAL_RECORD)).contains("critical");
        assertThat(KeErrorCode.describe(99)).isEqualTo("error 99");
    }
}
