// Fuzzes the NTS extension field codec: every field of any datagram reads without exceptions and writes back alike.
package dev.jntp.proto.nts;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.jntp.proto.DecodeResult;
import dev.jntp.proto.ExtensionField;
import dev.jntp.proto.NtpCodec;

/**
 * Jazzer fuzz test of {@link NtsFields}. Each input is read twice: as an NTP datagram whose
 * extension fields are decoded as NTS (an authenticator written back at its length must decode to
 * the same values), and as the plaintext of an authenticator (which must re-encode to the same
 * octets). Without {@code JAZZER_FUZZ} it replays {@code NtsFieldsFuzzTestInputs/decodeFields/}.
 */
class NtsFieldsFuzzTest {

    @FuzzTest(maxDuration = "60s")
    void decodeFields(byte[] data) {
        if (NtpCodec.decode(data) instanceof DecodeResult.Decoded(var packet)) {
            for (ExtensionField f : packet.extensions()) {
                NtsFieldResult r = NtsFields.decode(f);
                if (r instanceof NtsFieldResult.Decoded(NtsField.Authenticator a)) {
                    ExtensionField again = NtsFields.authenticator(a.nonce(), a.ciphertext(), f.length());
                    assertThat(again.length()).isEqualTo(f.length());
                    assertThat(NtsFields.decode(again)).isEqualTo(r);
                }
            }
        }
        if (NtsFields.decodePlaintext(data, 0, data.length) instanceof PlaintextResult.Fields(var fields)) {
            assertThat(NtsFields.encodePlaintext(fields)).isEqualTo(data);
        }
    }
}
