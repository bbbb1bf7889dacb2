// Tests the control protocol's requests with arguments and its nested replies, both ways, and their refusals.
package dev.jntp.daemon.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ControlMessagesTest {

    @Test
    void request_withArguments_parsesBackToCommandAndArguments() {
        String line = ControlMessages.request("add", List.of("server", "192.0.2.1", "iburst", "é\"\\"));

        ControlMessages.Request r = ControlMessages.parse(line);

        assertThat(r.error()).isNull();
        assertThat(r.command()).isEqualTo("add");
        assertThat(r.args()).containsExactly("server", "192.0.2.1", "iburst", "é\"\\");
        assertThat(line).doesNotContain("\n");
        assertThat(ControlProtocol.parse(line).command()).as("a daemon without arguments reads the command").isEqualTo("add");
    }

    @Test
    void request_plainOldForm_noArguments() {
        ControlMessages.Request r = ControlMessages.parse(ControlProtocol.request("sources"));

        assertThat(r.command()).isEqualTo("sources");
        assertThat(r.args()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"version\":1,\"command\":\"delete\",\"args\":\"x\"}",
        "{\"version\":1,\"command\":\"delete\",\"args\":[1]}",
        "{\"version\":1,\"command\":\"delete\",\"args\":[[\"x\"]]}",
        "{\"version\":2,\"command\":\"delete\",\"args\":[\"x\"]}",
        "{\"version\":1,\"command\":\"delete\",\"args\":[\"x\"",
    })
    void request_badArguments_errorNoException(String line) {
        ControlMessages.Request r = ControlMessages.parse(line);

        assertThat(r.command()).isNull();
        assertThat(r.error()).isNotBlank();
    }

    @Test
    void request_tooManyArguments_refused() {
        List<String> many = java.util.Collections.nCopies(ControlMessages.MAX_ARGS + 1, "x");

        assertThat(ControlMessages.parse(ControlMessages.request("add", many)).error()).contains("at most");
        assertThat(ControlMessages.parse(ControlMessages.request("add", many.subList(0, ControlMessages.MAX_ARGS)))
                .args()).hasSize(ControlMessages.MAX_ARGS);
    }

    @Test
    void reply_nestedListsAndMaps_readBackWithNumbersAsLongAndDoubleAndNaNAsNull() throws Exception {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("id", 3);
        row.put("offset", -1.5e-6);
        row.put("missing", Double.NaN);
        row.put("name", "a");
        row.put("ok", true);
        row.put("none", null);
        row.put("tests", List.of(Map.of("passed", false)));

        Map<String, Object> data = ControlMessages.data(ControlMessages.ok("sources", Map.of("sources", List.of(row))));

        @SuppressWarnings("unchecked")
        Map<String, Object> back = ((List<Map<String, Object>>) data.get("sources")).getFirst();
        assertThat(back).containsEntry("id", 3L).containsEntry("offset", -1.5e-6).containsEntry("missing", null)
                .containsEntry("name", "a").containsEntry("ok", true).containsEntry("none", null)
                .containsEntry("tests", List.of(Map.of("passed", false)));
        assertThat(back.keySet()).containsExactly("id", "offset", "missing", "name", "ok", "none", "tests");
    }

    @Test
    void reply_error_thrownWithTheDaemonsMessage() {
        assertThatThrownBy(() -> ControlMessages.data(ControlProtocol.error("no source x")))
                .isInstanceOf(ControlProtocol.ControlException.class).hasMessage("no source x");
        assertThatThrownBy(() -> ControlMessages.data("{\"version\":1,\"ok\":true}"))
                .isInstanceOf(ControlProtocol.ControlException.class).hasMessageContaining("no data");
        assertThatThrownBy(() -> ControlMessages.data("[" .repeat(100)))
                .isInstanceOf(ControlProtocol.ControlException.class).hasMessageContaining("malformed");
    }
}
