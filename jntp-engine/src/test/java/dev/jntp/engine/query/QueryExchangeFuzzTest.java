// Fuzzes the one-shot query's reply check ('jntp query', 'jntp check'): any datagram gives a typed outcome.
package dev.jntp.engine.query;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.jntp.proto.NtpCodec;
import java.util.HexFormat;
import java.util.SplittableRandom;

/**
 * Jazzer fuzz test of {@link QueryExchange#evaluate}. Each input is evaluated twice: as it is (a
 * forged or stray datagram, which must not count as the reply unless it echoes the request's
 * random transmit timestamp) and with that timestamp copied into its origin field, which lets the
 * fuzzer reach the checks behind the origin test. Without {@code JAZZER_FUZZ} it replays
 * {@code QueryExchangeFuzzTestInputs/evaluate/}. Properties: no exception; a sample has a finite
 * offset, a finite non-negative delay and a finite root distance.
 */
class QueryExchangeFuzzTest {

    private static final long T1 = 1_767_225_600_000_000_000L;
    private static final long T4 = T1 + 25_000_000L;

    @FuzzTest(maxDuration = "60s")
    void evaluate(byte[] data) {
        QueryExchange ex = new QueryExchange(4, new SplittableRandom(0x5EED_0001L));
        QueryOutcome raw = ex.evaluate(data, data.length, T1, T4, -20);
        byte[] request = ex.request();
        boolean echoes = data.length >= NtpCodec.OFF_ORIGIN + 8 && java.util.Arrays.equals(data, NtpCodec.OFF_ORIGIN,
                NtpCodec.OFF_ORIGIN + 8, request, NtpCodec.OFF_TRANSMIT, NtpCodec.OFF_TRANSMIT + 8);
        check(echoes || raw instanceof QueryOutcome.Discarded, "a reply that does not echo the cookie is discarded",
                data);
        check(raw);
        if (data.length >= NtpCodec.OFF_ORIGIN + 8) {
            byte[] patched = data.clone();
            System.arraycopy(request, NtpCodec.OFF_TRANSMIT, patched, NtpCodec.OFF_ORIGIN, 8);
            check(ex.evaluate(patched, patched.length, T1, T4, -20));
        }
    }

    private static void check(QueryOutcome outcome) {
        QuerySample s = switch (outcome) {
            case QueryOutcome.Answered a -> a.sample();
            case QueryOutcome.Unsynchronised u -> u.sample();
            case QueryOutcome.Kiss k -> null;
            case QueryOutcome.Discarded d -> null;
        };
        if (s != null && !(Double.isFinite(s.offset()) && Double.isFinite(s.delay()) && s.delay() >= 0
                && Double.isFinite(s.rootDistance()))) {
            throw new AssertionError("a sample with finite figures: " + s);
        }
    }

    private static void check(boolean ok, String property, byte[] input) {
        if (!ok) {
            throw new AssertionError(property + ": " + HexFormat.of().formatHex(input));
        }
    }
}
