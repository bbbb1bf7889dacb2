// Fuzzes the mode 6 responder: any datagram gives replies that decode as responses to it, or nothing; never an exception.
package dev.jntp.engine.control;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.jntp.proto.ControlCodec;
import dev.jntp.proto.ControlDecodeResult;
import dev.jntp.proto.ControlHeader;
import dev.jntp.proto.ControlMessage;

/**
 * Jazzer fuzz test of {@link ControlResponder} against a synchronised view with four sources.
 * Without {@code JAZZER_FUZZ} it replays {@code ControlResponderFuzzTestInputs/respond/} (ntpq's
 * requests and hand-made edge cases). Every reply must be a response with the request's
 * sequence, at most 480 octets, a multiple of 4, and the fragments must reassemble.
 */
class ControlResponderFuzzTest {

    private static final ControlView VIEW = Views.synced();
    private static final ControlResponder RESPONDER = new ControlResponder();

    @FuzzTest(maxDuration = "60s")
    void respond(byte[] data) {
        ControlReply r = RESPONDER.respond(data, data.length, VIEW);
        if (r instanceof ControlReply.Answer a) {
            int sequence = ((data[2] & 0xFF) << 8) | (data[3] & 0xFF);
            java.util.List<ControlMessage> parts = new java.util.ArrayList<>();
            for (byte[] d : a.datagrams()) {
                assertThat(d.length).isLessThanOrEqualTo(ControlHeader.LENGTH + ControlCodec.MAX_DATA);
                assertThat(d.length % 4).isZero();
                ControlMessage m = ((ControlDecodeResult.Decoded) ControlCodec.decode(d)).message();
                assertThat(m.header().response()).isTrue();
                assertThat(m.header().sequence()).isEqualTo(sequence);
                parts.add(m);
            }
            assertThat(ControlCodec.reassemble(parts)).isNotNull();
        }
    }
}
