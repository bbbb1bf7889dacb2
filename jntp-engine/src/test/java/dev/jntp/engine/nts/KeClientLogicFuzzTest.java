// Fuzzes the NTS-KE client's reading of responses: any octets decode and read to an answer, never an exception.
package dev.jntp.engine.nts;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.jntp.proto.nts.KeCodec;
import dev.jntp.proto.nts.KeDecodeResult;

/**
 * Jazzer fuzz test of {@link KeCodec} then {@link KeClientLogic#read}, as the daemon's NTS-KE client
 * runs them on what a server sent. Without {@code JAZZER_FUZZ} it replays
 * {@code KeClientLogicFuzzTestInputs/readNeverThrows/} (chronyd's response with 8 cookies and a
 * port, error and refusal responses, odd cookies, a Server record, truncations).
 */
class KeClientLogicFuzzTest {

    @FuzzTest(maxDuration = "60s")
    void readNeverThrows(byte[] data) {
        if (!(KeCodec.decodeMessage(data, 0, data.length) instanceof KeDecodeResult.Message m)) {
            return;
        }
        if (KeClientLogic.read(m.records()) instanceof KeClientLogic.Response.Accepted a) {
            assertThat(a.aead()).isEqualTo(AeadAlgorithm.AES_SIV_CMAC_256);
            assertThat(a.cookies()).hasSizeBetween(1, NtsClient.MAX_COOKIES)
                    .allSatisfy(c -> assertThat(c.length % 4 == 0 && c.length <= KeClientLogic.MAX_COOKIE_LENGTH)
                            .isTrue());
            assertThat(a.port()).isBetween(-1, 65535).isNotZero();
        }
    }
}
