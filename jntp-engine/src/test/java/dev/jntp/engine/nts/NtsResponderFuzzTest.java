// Fuzzes the NTS server path: any datagram gives a reply no longer than itself, or none, and never an exception.
package dev.jntp.engine.nts;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.jntp.engine.server.AccessFilter;
import dev.jntp.engine.server.ReferenceState;
import dev.jntp.engine.server.ServerResponder;
import dev.jntp.engine.server.ServerStats;
import dev.jntp.proto.LeapIndicator;
import dev.jntp.proto.NtpShort;
import dev.jntp.proto.NtpTimestamp;
import dev.jntp.proto.ReferenceId;
import java.util.List;
import java.util.Random;

/**
 * Jazzer fuzz test of {@link ServerResponder} with NTS on. Without {@code JAZZER_FUZZ} it replays
 * {@code NtsResponderFuzzTestInputs/respondNeverThrows/} (valid requests with 0 to 3
 * placeholders, chronyd's captured request, broken variants).
 */
class NtsResponderFuzzTest {

    private static final NtpTimestamp RX = NtpTimestamp.fromUnixNanos(NtsFuzzFixture.NOW * 1_000_000_000L);
    private static final ReferenceState REF = new ReferenceState(LeapIndicator.NO_WARNING, 3, -20, ReferenceId.LOCAL,
            NtpShort.ZERO, NtpShort.ZERO, RX);
    private static final ServerResponder RESPONDER = new ServerResponder(
            AccessFilter.of(List.of(new AccessFilter.Rule(true, true, null))), new ServerStats());

    static {
        RESPONDER.setNts(new NtsResponder(NtsFuzzFixture.RING, NtsFuzzFixture.NOW, () -> RX, new Random(1),
                new NtsStats()));
    }

    @FuzzTest(maxDuration = "60s")
    void respondNeverThrows(byte[] data) {
        byte[] out = new byte[Math.max(64, data.length)];
        int n = RESPONDER.respond(data, data.length, new byte[] {127, 0, 0, 1}, RX, REF, out);
        assertThat(n).isBetween(0, data.length);
    }
}
