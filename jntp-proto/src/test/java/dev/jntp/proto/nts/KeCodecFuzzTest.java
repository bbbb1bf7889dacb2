// Fuzzes the NTS-KE record codec: whatever decodes must encode back to the same octets and decode again alike.
package dev.jntp.proto.nts;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Jazzer fuzz test of {@link KeCodec}. Without {@code JAZZER_FUZZ} it replays the seed corpus in
 * {@code KeCodecFuzzTestInputs/decodeEncodeDecode/} (chronyd's request and response, edge cases);
 * with {@code JAZZER_FUZZ=1} it fuzzes for {@code maxDuration}. Any exception escaping the
 * decoder is a finding, since decoding is total.
 */
class KeCodecFuzzTest {

    @FuzzTest(maxDuration = "60s")
    void decodeEncodeDecode(byte[] data) {
        KeDecodeResult first = KeCodec.decodeMessage(data, 0, data.length);
        if (first instanceof KeDecodeResult.Message(var records, int length)) {
            byte[] encoded = KeCodec.encode(records);
            assertThat(encoded).isEqualTo(java.util.Arrays.copyOf(data, length));
            assertThat(KeCodec.decodeMessage(encoded, 0, encoded.length)).isEqualTo(first);
        }
    }
}
