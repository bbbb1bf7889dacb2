// Fuzzes the mode 6 codec: decoding is total, decoded messages re-encode and decode alike, text parsing never throws.
package dev.jntp.proto;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Jazzer fuzz test of {@link ControlCodec} and {@link ControlVariables}. Without {@code
 * JAZZER_FUZZ} it replays the seed corpus in {@code ControlCodecFuzzTestInputs/decodeEncodeDecode/}
 * (ntpq's requests, replies, and hand-made edge cases) as ordinary tests; with {@code
 * JAZZER_FUZZ=1} it fuzzes for {@code maxDuration}. Any exception escaping is a finding.
 */
class ControlCodecFuzzTest {

    @FuzzTest(maxDuration = "60s")
    void decodeEncodeDecode(byte[] data) {
        ControlDecodeResult first = ControlCodec.decode(data);
        if (first instanceof ControlDecodeResult.Decoded(ControlMessage m)) {
            byte[] encoded = ControlCodec.encode(m);
            assertThat(encoded).hasSameSizeAs(data);
            assertThat(Arrays.copyOf(encoded, ControlHeader.LENGTH + m.count()))
                    .isEqualTo(Arrays.copyOf(data, ControlHeader.LENGTH + m.count()));
            assertThat(ControlCodec.decode(encoded)).isEqualTo(first);
            ControlVariables.parse(m.data());
            ControlVariables.requestedNames(m.data());
            if (m.header().response()) {
                ControlCodec.reassemble(List.of(m));
            }
        } else if (first instanceof ControlDecodeResult.Rejected r) {
            assertThat(r.error()).isNotNull();
        }
        reassembleSplit(data);
    }

    /** Reads the input as a run of datagrams, each preceded by one length octet, and reassembles them. */
    private static void reassembleSplit(byte[] data) {
        List<ControlMessage> parts = new ArrayList<>();
        int pos = 0;
        while (pos < data.length) {
            int n = Math.min(data[pos] & 0xFF, data.length - pos - 1);
            if (ControlCodec.decode(data, pos + 1, n) instanceof ControlDecodeResult.Decoded(ControlMessage m)) {
                parts.add(m);
            }
            pos += 1 + n;
        }
        byte[] whole = ControlCodec.reassemble(parts);
        if (whole != null) {
            assertThat(whole.length).isLessThanOrEqualTo(parts.stream().mapToInt(ControlMessage::count).sum());
        }
    }
}
