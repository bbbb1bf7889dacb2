// Fuzzes the request parser with arguments and the nested reply reader: any bytes, no exception, bounded work.
package dev.jntp.daemon.control;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;

/** Replays {@code ControlMessagesFuzzTestInputs/parseNeverThrows/} in every run; fuzzes with {@code JAZZER_FUZZ=1}. */
class ControlMessagesFuzzTest {

    @FuzzTest(maxDuration = "30s")
    void parseNeverThrows(byte[] data) {
        String line = new String(data, StandardCharsets.UTF_8);
        ControlMessages.Request r = ControlMessages.parse(line);
        assertThat(r.command() == null).isEqualTo(r.error() != null);
        assertThat(r.args().size()).isLessThanOrEqualTo(ControlMessages.MAX_ARGS);
        if (r.command() != null) {
            assertThat(ControlMessages.parse(ControlMessages.request(r.command(), r.args()))).isEqualTo(r);
        }
        try {
            ControlMessages.data(line);
        } catch (ControlProtocol.ControlException expected) {
            // reported, never thrown otherwise
        }
    }
}
