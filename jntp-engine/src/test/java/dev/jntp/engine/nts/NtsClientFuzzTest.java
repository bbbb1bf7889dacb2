// Fuzzes the NTS client's check of replies: any datagram is authenticated, a NAK or invalid, never an exception.
package dev.jntp.engine.nts;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.jntp.engine.server.AccessFilter;
import dev.jntp.engine.server.ReferenceState;
import dev.jntp.engine.server.ServerResponder;
import dev.jntp.engine.server.ServerStats;
import dev.jntp.proto.LeapIndicator;
import dev.jntp.proto.NtpCodec;
import dev.jntp.proto.NtpPacket;
import dev.jntp.proto.NtpShort;
import dev.jntp.proto.NtpTimestamp;
import dev.jntp.proto.ReferenceId;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Jazzer fuzz test of {@link NtsClient#onReply}. Each input meets a client in the same state: the
 * keys of {@link NtsFuzzFixture}, one request in flight with a Unique Identifier fixed by the seed
 * ({@link #client()}). Without {@code JAZZER_FUZZ} it replays
 * {@code NtsClientFuzzTestInputs/replyNeverThrows/} (the authenticated reply to that request, a NAK,
 * a reply with another identifier, truncated and tampered ones), built by {@link #reply}.
 */
class NtsClientFuzzTest {

    static final long T = 1_000_000_000_000L;

    /** A client with keys from the fixture and a request in flight; the same every time. */
    static NtsClient client() {
        NtsClient c = new NtsClient(new Random(NtsFuzzFixture.SEED));
        c.poll(T, header());
        c.onKeyExchange(T, new NtsKeResult.Success(NtsFuzzFixture.KEYS, List.of(NtsFuzzFixture.cookie()), null, -1));
        return c;
    }

    static byte[] header() {
        return NtpCodec.encode(NtpPacket.clientRequest(4, new NtpTimestamp(0x0A0B_0C0D_0E0F_1011L)));
    }

    /** The request {@link #client()} has in flight, and a server's answer to it (for the corpus). */
    static byte[] reply(boolean otherKeys) {
        byte[] request = ((NtsClient.Poll.Send) client().poll(T, header())).request();
        NtpTimestamp rx = NtpTimestamp.fromUnixNanos(NtsFuzzFixture.NOW * 1_000_000_000L);
        ServerResponder r = new ServerResponder(AccessFilter.of(List.of(new AccessFilter.Rule(true, true, null))),
                new ServerStats());
        CookieKeys ring = otherKeys ? CookieKeys.empty().rotate(NtsFuzzFixture.NOW, 604_800, new Random(2))
                : NtsFuzzFixture.RING;
        r.setNts(new NtsResponder(ring, NtsFuzzFixture.NOW, () -> rx, new Random(1), new NtsStats()));
        byte[] out = new byte[2048];
        int n = r.respond(request, request.length, new byte[] {127, 0, 0, 1}, rx, new ReferenceState(
                LeapIndicator.NO_WARNING, 2, -20, ReferenceId.LOCAL, NtpShort.ZERO, NtpShort.ZERO, rx), out);
        ServerResponder.stampTransmit(out, rx);
        return Arrays.copyOf(out, n);
    }

    @org.junit.jupiter.api.Test
    void corpus_seeds_areWhatTheirNamesSay() throws Exception {
        for (var e : java.util.Map.of("authenticated-reply", NtsClient.Check.AUTHENTICATED, "nak", NtsClient.Check.NAK,
                "another-unique-identifier", NtsClient.Check.INVALID, "tampered-ciphertext", NtsClient.Check.INVALID)
                .entrySet()) {
            byte[] data;
            try (var in = NtsClientFuzzTest.class.getResourceAsStream("NtsClientFuzzTestInputs/replyNeverThrows/"
                    + e.getKey())) {
                data = in.readAllBytes();
            }
            NtsClient c = client();
            c.poll(T, header());
            assertThat(c.onReply(data, data.length)).as(e.getKey()).isEqualTo(e.getValue());
        }
    }

    @FuzzTest(maxDuration = "60s")
    void replyNeverThrows(byte[] data) {
        NtsClient c = client();
        c.poll(T, header());
        NtsClient.Check check = c.onReply(data, data.length);
        assertThat(c.cookies()).isBetween(0, NtsClient.MAX_COOKIES);
        if (check != NtsClient.Check.AUTHENTICATED) {
            assertThat(c.cookies()).as("only an authenticated reply brings cookies").isZero();
        }
    }
}
