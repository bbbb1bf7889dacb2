// The mode 6 client codec: request layout, response decoding, fragment reassembly, variable lists.
package dev.jntp.cli.check;

import dev.jntp.proto.ControlOpcode;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class Mode6MessagesTest {

    private static Mode6Messages.Decoded.Fragment fragment(byte[] datagram) {
        return (Mode6Messages.Decoded.Fragment) Mode6Messages.decode(datagram, datagram.length);
    }

    @Test
    void request_readvarWithNames_headerAsNtpqSendsAndDataPaddedToFourOctets() {
        byte[] r = Mode6Messages.request(ControlOpcode.READVAR, 0x1234, 0, "stratum,offset");

        assertThat(r).hasSize(12 + 16);
        assertThat(r[0]).isEqualTo((byte) 0x16); // LI 0, VN 2, mode 6
        assertThat(r[1]).isEqualTo((byte) 2); // R=0 E=0 M=0, READVAR
        assertThat(r[2]).isEqualTo((byte) 0x12);
        assertThat(r[3]).isEqualTo((byte) 0x34);
        assertThat(r[10]).isZero();
        assertThat(r[11]).isEqualTo((byte) 14);
        assertThat(new String(r, 12, 14, StandardCharsets.US_ASCII)).isEqualTo("stratum,offset");
        assertThat(r[26]).isZero();
        assertThat(r[27]).isZero();
    }

    @Test
    void decode_response_everyHeaderField() {
        byte[] d = ScriptedMode6Server.response(2, 77, 0x0618, 6699, 468, true, false, "abc".getBytes());

        Mode6Messages.Decoded.Fragment f = fragment(d);

        assertThat(f.opcode()).isEqualTo(2);
        assertThat(f.sequence()).isEqualTo(77);
        assertThat(f.status()).isEqualTo(0x0618);
        assertThat(f.associationId()).isEqualTo(6699);
        assertThat(f.offset()).isEqualTo(468);
        assertThat(f.more()).isTrue();
        assertThat(f.error()).isFalse();
        assertThat(f.data()).containsExactly('a', 'b', 'c');
    }

    @Test
    void decode_errorResponse_codeFromStatusHighOctet() {
        byte[] d = ScriptedMode6Server.response(2, 1, 7 << 8, 0, 0, false, true, new byte[0]);

        Mode6Messages.Decoded.Fragment f = fragment(d);

        assertThat(f.error()).isTrue();
        assertThat(Mode6Messages.errorText(f.errorCode())).isEqualTo("administratively prohibited");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "short           | 160000000000000000000000 | 11 | a control header needs 12",
        "client mode     | 23000000000000000000000000000000 | 16 | mode 3",
        "request         | 16020000000000000000000000000000 | 16 | R bit clear",
        "version 0       | 06820000000000000000000000000000 | 16 | version 0",
        "count too large | 16820000000000000000000800000000 | 16 | count 8 but 4",
        "count over 468  | 168200000000000000000FFF00000000 | 16 | count 4095",
    })
    void decode_malformed_invalidWithReason(String name, String hex, int length, String reason) {
        byte[] b = java.util.HexFormat.of().parseHex(hex.strip());

        Mode6Messages.Decoded d = Mode6Messages.decode(b, length);

        assertThat(d).isInstanceOfSatisfying(Mode6Messages.Decoded.Invalid.class,
                i -> assertThat(i.reason()).contains(reason.strip()));
    }

    @Test
    void reassembly_fragmentsOutOfOrderAndRepeated_joinedOnceComplete() {
        ScriptedMode6Server.Request req = new ScriptedMode6Server.Request(2, 9, 0, "");
        byte[] text = "a=1, b=2, c=3, d=4, e=5".getBytes(StandardCharsets.US_ASCII);
        List<byte[]> parts = ScriptedMode6Server.fragments(req, 0x0618, text, 5);
        Mode6Messages.Reassembly r = new Mode6Messages.Reassembly();

        r.add(fragment(parts.getLast()));
        assertThat(r.complete()).isFalse();
        for (int i = parts.size() - 2; i >= 1; i--) {
            r.add(fragment(parts.get(i)));
        }
        r.add(fragment(parts.get(2)));
        assertThat(r.complete()).as("first fragment still missing").isFalse();
        r.add(fragment(parts.getFirst()));

        assertThat(r.problem()).isNull();
        assertThat(r.complete()).isTrue();
        assertThat(new String(r.data(), StandardCharsets.US_ASCII)).isEqualTo("a=1, b=2, c=3, d=4, e=5");
        assertThat(r.status()).isEqualTo(0x0618);
    }

    @Test
    void reassembly_disagreeingOverlap_problem() {
        Mode6Messages.Reassembly r = new Mode6Messages.Reassembly();
        r.add(fragment(ScriptedMode6Server.response(2, 1, 0, 0, 0, true, false, "abcd".getBytes())));
        r.add(fragment(ScriptedMode6Server.response(2, 1, 0, 0, 2, false, false, "XYZ".getBytes())));

        assertThat(r.problem()).contains("disagree at octet 2");
        assertThat(r.complete()).isFalse();
    }

    @Test
    void reassembly_twoDifferentLastFragments_problem() {
        Mode6Messages.Reassembly r = new Mode6Messages.Reassembly();
        r.add(fragment(ScriptedMode6Server.response(2, 1, 0, 0, 0, false, false, "ab".getBytes())));
        r.add(fragment(ScriptedMode6Server.response(2, 1, 0, 0, 2, false, false, "cd".getBytes())));

        assertThat(r.problem()).contains("two last fragments");
    }

    @Test
    void variables_ntpdText_quotedCommasCrlfAndPaddingHandled() {
        byte[] data = (ScriptedMode6Server.NTPD_VARIABLES + "\0\0\0").getBytes(StandardCharsets.US_ASCII);

        Map<String, String> v = Mode6Messages.variables(data);

        assertThat(v).containsEntry("version", "ntpd 4.2.8p15@1.3728-o (1)")
                .containsEntry("system", "Linux/6.1.0, amd64").containsEntry("leap", "00")
                .containsEntry("stratum", "2").containsEntry("offset", "0.000776")
                .containsEntry("reftime", "0xe5f1a2b3.12345678").containsEntry("clk_wander", "0.002");
        assertThat(v.keySet()).doesNotContain("").allSatisfy(k -> assertThat(k).doesNotContain(" ", "\r", "\n"));
    }

    @Test
    void variables_nameWithoutValueAndUnterminatedQuote_readWithoutError() {
        Map<String, String> v = Mode6Messages.variables("flag, x=\"open, y=2".getBytes(StandardCharsets.US_ASCII));

        assertThat(v).containsEntry("flag", "").containsEntry("x", "open, y=2").hasSize(2);
    }

    @Test
    void associations_pairs_reachAndSelectionFromPeerStatusWord() {
        List<Mode6Messages.Association> a = Mode6Messages.associations(
                ScriptedMode6Server.pairs(ScriptedMode6Server.NTPD_PEERS));

        assertThat(a).extracting(Mode6Messages.Association::id).containsExactly(6699, 6700, 6701);
        assertThat(a).extracting(Mode6Messages.Association::reachable).containsExactly(true, true, false);
        assertThat(a).extracting(Mode6Messages.Association::selection).containsExactly(6, 4, 0);
    }

    @Test
    void variables_itemWithoutAName_skipped() {
        Map<String, String> v = Mode6Messages.variables("=orphan, leap=00, =\"x\"".getBytes(StandardCharsets.US_ASCII));

        assertThat(v).containsOnlyKeys("leap");
    }
}
