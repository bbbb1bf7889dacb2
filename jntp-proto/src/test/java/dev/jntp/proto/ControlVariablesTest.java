// Tests the text of mode 6 variable lists: ntpd's layout with line breaks, quoted strings, request name lists.
package dev.jntp.proto;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jntp.proto.ControlVariables.Variable;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ControlVariablesTest {

    private static String text(byte[] b) {
        return new String(b, StandardCharsets.ISO_8859_1);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void format_fewItems_commaBlankAndClosingCrLf() {
        assertThat(text(ControlVariables.format(List.of(new Variable("stratum", "2"), new Variable("offset",
                "-0.012345"))))).isEqualTo("stratum=2, offset=-0.012345\r\n");
    }

    @Test
    void format_noItems_noData() {
        assertThat(ControlVariables.format(List.of())).isEmpty();
    }

    @Test
    void format_manyItems_linesBrokenBefore72Characters() {
        List<Variable> vars = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            vars.add(new Variable("name" + i, "\"value, " + i + "\""));
        }
        String t = text(ControlVariables.format(vars));
        assertThat(t).endsWith("\r\n").contains(",\r\n");
        for (String line : t.split("\r\n")) {
            assertThat(line.length()).as(line).isLessThan(72);
        }
        assertThat(ControlVariables.parse(bytes(t))).isEqualTo(vars);
    }

    @Test
    void parse_quotedCommasAndLineBreaks_itemsAsSent() {
        List<Variable> v = ControlVariables.parse(bytes("version=\"jntp 0.1, java\", leap=0,\r\nrefid=127.127.1.1,"
                + " bare, \u0001 , x = y\r\n"));
        assertThat(v).containsExactly(new Variable("version", "\"jntp 0.1, java\""), new Variable("leap", "0"),
                new Variable("refid", "127.127.1.1"), new Variable("bare", null), new Variable("x", "y"));
        assertThat(v.getFirst().unquoted()).isEqualTo("jntp 0.1, java");
        assertThat(v.get(1).unquoted()).isEqualTo("0");
        assertThat(v.get(3).unquoted()).isNull();
    }

    @Test
    void parse_unterminatedStringOrGarbage_neverThrows() {
        assertThat(ControlVariables.parse(bytes("a=\"open, b=2"))).containsExactly(new Variable("a", "\"open, b=2"));
        assertThat(ControlVariables.parse(new byte[] {(byte) 0xFF, 0, ',', ','})).isEmpty();
        assertThat(ControlVariables.parse(null)).isEmpty();
    }

    @Test
    void requestedNames_ntpqList_namesInOrder() {
        assertThat(ControlVariables.requestedNames(bytes("stratum,offset"))).containsExactly("stratum", "offset");
        assertThat(ControlVariables.requestedNames(bytes(" stratum , ,offset=3,\r\n"))).containsExactly("stratum",
                "offset");
        assertThat(ControlVariables.requestedNames(new byte[0])).isEmpty();
    }

    @Test
    void requestedNames_controlOctetsInsideAName_keptSoTheyMatchNothing() {
        assertThat(ControlVariables.requestedNames(bytes("stra\u0000tum"))).containsExactly("stra\u0000tum");
    }
}
