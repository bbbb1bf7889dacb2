// Fuzzes the NTP codec: whatever decodes must encode back to the same octets and decode again alike.
package dev.jntp.proto;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Jazzer fuzz test of {@link NtpCodec}. Without {@code JAZZER_FUZZ} it replays the seed corpus in
 * {@code NtpCodecFuzzTestInputs/decodeEncodeDecode/} (the golden captures and hand-made edge
 * cases) as ordinary tests; with {@code JAZZER_FUZZ=1} it fuzzes for {@code maxDuration}.
 * Any exception escaping the codec is a finding, since decoding is total.
 */
class NtpCodecFuzzTest {

    @FuzzTest(maxDuration = "60s")
    void decodeEncodeDecode(byte[] data) {
        DecodeResult first = NtpCodec.decode(data);
        if (first instanceof DecodeResult.Decoded(NtpPacket packet)) {
            byte[] encoded = NtpCodec.encode(packet);
            assertThat(encoded).isEqualTo(data);
            assertThat(NtpCodec.decode(encoded)).isEqualTo(first);
        }
    }
}
