// Fuzzes the control socket's request parser and the client's reply parser: any bytes, no exception, bounded work.
package dev.jntp.daemon.control;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;

class ControlProtocolFuzzTest {

    @FuzzTest(maxDuration = "30s")
    void parseNeverThrows(byte[] data) {
        String line = new String(data, StandardCharsets.UTF_8);
        ControlProtocol.Request r = ControlProtocol.parse(line);
        assertThat(r.command() == null).isEqualTo(r.error() != null);
        String reply = r.error() != null ? ControlProtocol.error(r.error()) : ControlProtocol.error("ok");
        assertThat(reply).doesNotContain("\n");
        try {
            ControlProtocol.data(line);
        } catch (ControlProtocol.ControlException expected) {
            // a malformed or refused reply is reported, never thrown otherwise
        }
    }
}
