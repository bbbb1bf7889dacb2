// Tests the rate limiter's arithmetic in simulated time: burst, limit, refill, leak and KoD fractions, steps, suspension.
package dev.jntp.engine.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jntp.engine.server.RateLimiter.Settings;
import dev.jntp.engine.server.RateLimiter.Verdict;
import java.lang.management.ManagementFactory;
import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RateLimiterTest {

    private static final long SEED = 0x5EED_4A7EL;
    private static final long SECOND = 1_000_000_000L;
    private static final long T0 = 1_767_225_600L * SECOND;
    private static final byte[] CLIENT = {(byte) 192, 0, 2, 10};

    private static RateLimiter limiter(int interval, int burst, int leak, int kod) {
        return new RateLimiter(new Settings(interval, burst, leak, kod), new ClientTable(1 << 20), SEED);
    }

    /** How many of {@code n} requests at {@code now} get each verdict. */
    private static Map<Verdict, Integer> tally(RateLimiter l, int n, long now) {
        Map<Verdict, Integer> m = new EnumMap<>(Verdict.class);
        for (Verdict v : Verdict.values()) {
            m.put(v, 0);
        }
        for (int i = 0; i < n; i++) {
            m.merge(l.check(CLIENT, now), 1, Integer::sum);
        }
        return m;
    }

    @Test
    void check_burstAtOnce_allAnsweredFromTheFullBucket() {
        for (long seed = 0; seed < 50; seed++) {
            RateLimiter l = new RateLimiter(new Settings(3, 8, 4, 0), new ClientTable(1 << 20), seed);
            for (int i = 0; i < 8; i++) {
                assertThat(l.check(CLIENT, T0)).as("seed %d, request %d", seed, i).isEqualTo(Verdict.ANSWER);
            }
        }
    }

    @Test
    void check_beyondTheBurst_limitedToTheLeak() {
        RateLimiter l = limiter(3, 8, 2, 0);
        tally(l, 8, T0);

        Map<Verdict, Integer> t = tally(l, 4000, T0);

        assertThat(t.get(Verdict.KISS)).as("kod 0: no KoD").isZero();
        assertThat(t.get(Verdict.ANSWER)).as("about 1 in 4 leaks through").isBetween(800, 1200);
    }

    @Test
    void check_afterOneInterval_exactlyOneCreditEarned() {
        RateLimiter l = limiter(3, 8, 4, 0);
        tally(l, 100, T0); // bucket empty (leaks empty it too)

        assertThat(l.check(CLIENT, T0 + 8 * SECOND)).isEqualTo(Verdict.ANSWER);
        int answered = 0;
        for (int i = 0; i < 1000; i++) {
            answered += l.check(CLIENT, T0 + 8 * SECOND) == Verdict.ANSWER ? 1 : 0;
        }
        assertThat(answered).as("only leaks (1 in 16) after the one credit").isBetween(30, 100);
    }

    @Test
    void check_idleForBurstTimesInterval_fullBurstAgainButNoMore() {
        RateLimiter l = limiter(3, 8, 4, 0);
        tally(l, 100, T0);
        long later = T0 + 3600 * SECOND; // far more than 8 x 8 s: capped at the burst

        for (int i = 0; i < 8; i++) {
            assertThat(l.check(CLIENT, later)).as("request %d", i).isEqualTo(Verdict.ANSWER);
        }
        Map<Verdict, Integer> t = tally(l, 1600, later);
        assertThat(t.get(Verdict.ANSWER)).as("then leaks only").isBetween(50, 160);
    }

    @Test
    void check_pollingAtTheInterval_alwaysAnswered() {
        RateLimiter l = limiter(3, 1, 4, 0);
        for (int i = 0; i < 1000; i++) {
            assertThat(l.check(CLIENT, T0 + i * 8 * SECOND)).isEqualTo(Verdict.ANSWER);
        }
    }

    @Test
    void check_shortestInterval_exactNotCoarse() {
        // 2^-19 s = 1907 ns a response: requests exactly that far apart are all answered, at twice the rate about half.
        RateLimiter l = limiter(-19, 1, 4, 0);
        for (int i = 0; i < 10_000; i++) {
            assertThat(l.check(CLIENT, T0 + i * 1907L)).isEqualTo(Verdict.ANSWER);
        }
        RateLimiter fast = limiter(-19, 1, 4, 0);
        int answered = 0;
        for (int i = 0; i < 10_000; i++) {
            answered += fast.check(CLIENT, T0 + i * 954L) == Verdict.ANSWER ? 1 : 0;
        }
        // Every other request finds a credit, unless a leak (1 in 16) emptied the bucket one request early: 16 in 31.
        assertThat(answered).as("16 in 31 answered").isBetween(5000, 5330);
    }

    @ParameterizedTest(name = "leak {0} kod {1}")
    @CsvSource({"1,0", "2,0", "3,0", "4,0", "1,1", "2,1", "2,2", "4,4"})
    void check_overLimit_leakAndKodFractionsAsChrony(int leak, int kod) {
        RateLimiter l = limiter(3, 8, leak, kod);
        tally(l, 8, T0);
        int n = 200_000;

        Map<Verdict, Integer> t = tally(l, n, T0);

        double pAnswer = Math.scalb(1.0, -leak);
        double pKiss = kod == 0 ? 0 : (1 - pAnswer) * Math.scalb(1.0, -kod);
        assertWithinSixSd(t.get(Verdict.ANSWER), n, pAnswer, "answered (leak)");
        assertWithinSixSd(t.get(Verdict.KISS), n, pKiss, "KoD RATE");
        assertThat(t.get(Verdict.ANSWER) + t.get(Verdict.KISS) + t.get(Verdict.DROP)).isEqualTo(n);
    }

    private static void assertWithinSixSd(int count, int n, double p, String what) {
        double mean = n * p;
        double sd = Math.sqrt(n * p * (1 - p));
        assertThat((double) count).as("%s: %d of %d, expected %.0f +- 6 x %.1f (seed %d)", what, count, n, mean, sd,
                SEED).isBetween(mean - 6 * sd, mean + 6 * sd);
    }

    @Test
    void check_clockStepsBack_noCreditUntilTimeMovesOnFromThere() {
        RateLimiter l = limiter(3, 8, 4, 0);
        tally(l, 100, T0);

        int answered = 0;
        for (int i = 0; i < 1000; i++) {
            answered += l.check(CLIENT, T0 - 3600 * SECOND) == Verdict.ANSWER ? 1 : 0;
        }
        assertThat(answered).as("leaks only").isLessThan(120);
        assertThat(l.check(CLIENT, T0 - 3600 * SECOND + 8 * SECOND)).as("one interval after the step")
                .isEqualTo(Verdict.ANSWER);
    }

    @Test
    void check_clientsApart_eachHasItsOwnBucket() {
        RateLimiter l = limiter(3, 8, 4, 0);
        tally(l, 100, T0);

        for (int c = 1; c <= 100; c++) {
            assertThat(l.check(new byte[] {10, 0, 0, (byte) c}, T0)).isEqualTo(Verdict.ANSWER);
        }
    }

    @Test
    void check_clientRetryingFasterWhenUnanswered_limitingSuspendedAsChrony() {
        // Polls every 4 s when answered, retries after 0.5 s when not: more than twice as fast unanswered.
        RateLimiter l = limiter(4, 1, 2, 0);
        int answered = 0;
        int sent = 0;
        long t = T0;
        for (int i = 0; i < 4000; i++) {
            boolean a = l.check(CLIENT, t) == Verdict.ANSWER;
            sent++;
            answered += a ? 1 : 0;
            t += a ? 4 * SECOND : SECOND / 2;
        }
        assertThat((double) answered / sent).as("the leak is inverted: about 3 in 4 answered").isBetween(0.6, 0.9);
    }

    @Test
    void check_steadyFlooder_notSuspended() {
        RateLimiter l = limiter(3, 8, 2, 0);
        int answered = 0;
        for (int i = 0; i < 100_000; i++) {
            answered += l.check(CLIENT, T0 + i * 10_000L) == Verdict.ANSWER ? 1 : 0;
        }
        assertThat(answered).as("8 from the bucket, 1 in 4 of the rest").isBetween(8 + 24_000, 8 + 26_000);
    }

    @Test
    void poll_withLimiter_atLeastTheInterval() {
        RateLimiter l = limiter(3, 8, 2, 0);
        assertThat(l.poll(6)).isEqualTo(6);
        assertThat(l.poll(1)).isEqualTo(3);
        assertThat(l.poll(-6)).isEqualTo(3);
        assertThat(RateLimiter.none().poll(-6)).isEqualTo(-6);
        assertThat(RateLimiter.none().check(CLIENT, T0)).isEqualTo(Verdict.ANSWER);
    }

    @Test
    void log2Sixteenths_knownIntervals_withinASixteenth() {
        assertThat(RateLimiter.log2Sixteenths(SECOND)).isBetween(-1, 1);
        assertThat(RateLimiter.log2Sixteenths(64 * SECOND)).isBetween(95, 97);
        assertThat(RateLimiter.log2Sixteenths(SECOND / 1024)).isBetween(-161, -159);
        assertThat(RateLimiter.log2Sixteenths(0)).isEqualTo(-512);
        assertThat(RateLimiter.log2Sixteenths(Long.MAX_VALUE)).isEqualTo(511);
    }

    @Test
    void settings_outOfChronysRange_rejected() {
        assertThatThrownBy(() -> new Settings(-20, 8, 2, 0)).hasMessageContaining("interval");
        assertThatThrownBy(() -> new Settings(13, 8, 2, 0)).hasMessageContaining("interval");
        assertThatThrownBy(() -> new Settings(3, 0, 2, 0)).hasMessageContaining("burst");
        assertThatThrownBy(() -> new Settings(3, 256, 2, 0)).hasMessageContaining("burst");
        assertThatThrownBy(() -> new Settings(3, 8, 0, 0)).hasMessageContaining("leak");
        assertThatThrownBy(() -> new Settings(3, 8, 5, 0)).hasMessageContaining("leak");
        assertThatThrownBy(() -> new Settings(3, 8, 2, 5)).hasMessageContaining("kod");
        assertThat(Settings.DEFAULTS).isEqualTo(new Settings(3, 8, 2, 0));
        assertThat(new Settings(-19, 1, 1, 0).costNanos()).isEqualTo(1907);
        assertThat(new Settings(12, 1, 1, 0).costNanos()).isEqualTo(4096 * SECOND);
    }

    @Test
    void constructor_noTable_rejected() {
        assertThatThrownBy(() -> new RateLimiter(Settings.DEFAULTS, new ClientTable(0), SEED))
                .hasMessageContaining("clientloglimit");
    }

    @Test
    void check_steadyState_allocatesNothing() {
        RateLimiter l = limiter(3, 8, 2, 1);
        byte[][] clients = new byte[1000][];
        for (int c = 0; c < clients.length; c++) {
            clients[c] = new byte[] {10, 1, (byte) (c >> 8), (byte) c};
        }
        int sink = 0;
        for (int i = 0; i < 200_000; i++) { // warm up: records exist, code compiled
            sink += l.check(clients[i % clients.length], T0 + i * 1000L).ordinal();
        }
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long tid = Thread.currentThread().threadId();
        long before = mx.getThreadAllocatedBytes(tid);
        int n = 1_000_000;
        for (int i = 0; i < n; i++) {
            sink += l.check(clients[i % clients.length], T0 + (200_000L + i) * 1000L).ordinal();
        }
        long allocated = mx.getThreadAllocatedBytes(tid) - before;
        assertThat(sink).isPositive();
        assertThat(allocated).as("bytes allocated by %d checks", n).isLessThan(n / 100);
    }
}
