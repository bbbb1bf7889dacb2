// A flood in simulated time: one address at full speed and 1000 normal clients against a rate-limited responder.
package dev.jntp.engine.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jntp.proto.LeapIndicator;
import dev.jntp.proto.Mode;
import dev.jntp.proto.NtpCodec;
import dev.jntp.proto.NtpShort;
import dev.jntp.proto.NtpTimestamp;
import dev.jntp.proto.ReferenceId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The scenario of the security issue, with no sockets: {@code ratelimit interval 3 burst 8 leak 2}
 * (chrony's example) in front of {@link ServerResponder}; one flooder sends a request every 10 µs
 * of simulated time for two minutes (12 million requests) while 1000 other clients poll as NTP
 * clients do (900 every 64 s, 100 every 16 s, random phases, 200 of them starting with chronyd's
 * iburst of 4 requests 2 s apart), for 5 simulated minutes. Pass criteria: at least 99.9% of the
 * normal clients' requests are answered; the flooder gets no more than its allowance (its burst,
 * one response per 8 s, and the leak of 1 in 4 within six standard deviations); the client table
 * stays within {@code clientloglimit}, once with room for fewer records than clients (so records
 * are evicted and come back) and once with room for all.
 */
class RateLimitFloodTest {

    private static final long SEED = 0xF100D_2026L;
    private static final long SECOND = 1_000_000_000L;
    private static final long T0 = 1_767_225_600L * SECOND;
    private static final long DURATION = 300 * SECOND;
    private static final long FLOOD_SPACING = 10_000;
    /** The flood starts a minute into the run, when most normal clients have polled once. */
    private static final long FLOOD_START = 60 * SECOND;
    /** Bounded: one request per 10 µs for two minutes. */
    private static final int FLOOD_REQUESTS = 12_000_000;
    private static final long FLOOD_DURATION = FLOOD_REQUESTS * FLOOD_SPACING;
    private static final int CLIENTS = 1000;
    private static final byte[] FLOODER = {(byte) 203, 0, 113, 66};
    private static final ReferenceState SYNCED = new ReferenceState(LeapIndicator.NO_WARNING, 2, -23,
            ReferenceId.ofIpv4(new byte[] {(byte) 192, 0, 2, 1}), new NtpShort(0x0001_8000), new NtpShort(0x0000_4321),
            NtpTimestamp.fromUnixNanos(T0));
    private static final RateLimiter.Settings CHRONY_EXAMPLE = new RateLimiter.Settings(3, 8, 2, 0);

    /** What one party got. */
    private static final class Tally {
        long sent;
        long answered;
        long kissed;
    }

    @ParameterizedTest(name = "clientloglimit {0}")
    @CsvSource({
        "32768, false", // 512 records for 1001 clients: records are evicted and come back with a full bucket
        "1048576, true", // 16384 records: every client keeps its record
    })
    void flood_oneAddressAtFullSpeed_normalClientsAnsweredFlooderHeldToItsAllowance(long limit, boolean roomForAll) {
        Random rnd = new Random(SEED);
        ClientTable table = new ClientTable(limit, rnd.nextLong());
        long retainedBefore = table.retainedBytesEstimate();
        ServerStats stats = new ServerStats();
        ServerResponder responder = new ServerResponder(AccessFilter.of(List.of(new AccessFilter.Rule(true, false,
                null))), stats, new RateLimiter(CHRONY_EXAMPLE, table, rnd.nextLong()));
        byte[][] addresses = clientAddresses();
        long[] schedule = normalSchedule(rnd);

        Tally normal = new Tally();
        Tally flood = new Tally();
        byte[] req = new byte[48];
        req[0] = (byte) ((4 << 3) | Mode.CLIENT.code());
        req[NtpCodec.OFF_POLL] = 6;
        byte[] out = new byte[ServerResponder.MAX_REPLY_LENGTH];
        int next = 0;
        int flooded = 0;
        long transmit = 0;
        while (next < schedule.length || flooded < FLOOD_REQUESTS) {
            long floodAt = flooded < FLOOD_REQUESTS ? FLOOD_START + flooded * FLOOD_SPACING : Long.MAX_VALUE;
            long normalAt = next < schedule.length ? schedule[next] >>> 10 : Long.MAX_VALUE;
            boolean fromFlooder = floodAt <= normalAt;
            byte[] from = fromFlooder ? FLOODER : addresses[(int) (schedule[next] & 1023)];
            long at = fromFlooder ? floodAt : normalAt;
            Tally who = fromFlooder ? flood : normal;
            if (fromFlooder) {
                flooded++;
            } else {
                next++;
            }
            NtpCodec.putLong(req, NtpCodec.OFF_TRANSMIT, ++transmit);
            int n = responder.respond(req, req.length, from, NtpTimestamp.fromUnixNanos(T0 + at), SYNCED, out);
            who.sent++;
            if (n > 0) {
                assertThat(NtpCodec.getLong(out, NtpCodec.OFF_ORIGIN)).isEqualTo(transmit);
                if (out[NtpCodec.OFF_STRATUM] == 0) {
                    who.kissed++;
                } else {
                    who.answered++;
                }
            }
        }

        double answeredShare = (double) normal.answered / normal.sent;
        // The flooder's allowance: the full bucket (8), one response per 2^3 s of the flood, and the
        // leak: 1 in 4 of the requests beyond those, within six standard deviations.
        long tokens = CHRONY_EXAMPLE.burst() + FLOOD_DURATION / CHRONY_EXAMPLE.costNanos();
        long beyond = flood.sent - tokens;
        double leakMean = beyond / 4.0;
        double leakSd = Math.sqrt(beyond * 0.25 * 0.75);
        long allowance = tokens + (long) Math.ceil(leakMean + 6 * leakSd);
        System.out.printf("clientloglimit %d: %d records (%d bytes, about %d retained), %d evicted; normal clients"
                + " %d/%d answered (%.4f%%); flooder %d sent, %d answered (allowance %d), %d KoD; %.1f%% of all"
                + " replies went to the flooder%n", limit, table.capacity(), table.recordBytes(),
                table.retainedBytesEstimate(), table.evicted(), normal.answered, normal.sent, 100 * answeredShare,
                flood.sent, flood.answered, allowance, flood.kissed,
                100.0 * flood.answered / (flood.answered + normal.answered));

        assertThat(answeredShare).as("normal clients answered (seed %d)", SEED).isGreaterThanOrEqualTo(0.999);
        assertThat(flood.answered).as("flooder held to its allowance (seed %d)", SEED).isLessThanOrEqualTo(allowance)
                .as("the leak lets about 1 in 4 through").isGreaterThan((long) (leakMean - 6 * leakSd));
        assertThat(flood.kissed + normal.kissed).as("kod 0: no KoD").isZero();
        assertThat(stats.get(ServerCounter.ANSWERED)).isEqualTo(normal.answered + flood.answered);
        assertThat(stats.get(ServerCounter.RATE_LIMITED)).isEqualTo(flood.sent - flood.answered
                + normal.sent - normal.answered);
        assertThat(table.recordBytes()).as("records within clientloglimit").isLessThanOrEqualTo(limit);
        assertThat(table.retainedBytesEstimate()).as("nothing grows during the flood").isEqualTo(retainedBefore)
                .isLessThanOrEqualTo(table.recordBytes() + 2600);
        assertThat(table.entries()).hasSizeLessThanOrEqualTo(table.capacity());
        if (roomForAll) {
            assertThat(table.evicted()).isZero();
            assertThat(table.entries()).hasSize(CLIENTS + 1);
        } else {
            assertThat(table.capacity()).isLessThan(CLIENTS + 1);
            assertThat(table.evicted()).isPositive();
        }
    }

    /** Client i: 10.0.i/256.i%256 for most, 2001:db8::i for every tenth. */
    private static byte[][] clientAddresses() {
        byte[][] a = new byte[CLIENTS][];
        for (int i = 0; i < CLIENTS; i++) {
            if (i % 10 == 9) {
                a[i] = new byte[16];
                a[i][0] = 0x20;
                a[i][1] = 0x01;
                a[i][2] = 0x0d;
                a[i][3] = (byte) 0xb8;
                a[i][14] = (byte) (i >> 8);
                a[i][15] = (byte) i;
            } else {
                a[i] = new byte[] {10, 0, (byte) (i >> 8), (byte) i};
            }
        }
        return a;
    }

    /**
     * Every normal request of the run, sorted by time: each entry is the time offset (ns) shifted
     * left by 10 bits with the client's index in the low bits.
     */
    private static long[] normalSchedule(Random rnd) {
        List<Long> events = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            long poll = (c % 10 == 0 ? 16 : 64) * SECOND;
            long t = (long) (rnd.nextDouble() * poll);
            if (c % 5 == 1) {
                for (int k = 0; k < 3; k++) { // iburst: four requests 2 s apart, then the normal poll
                    events.add((t << 10) | c);
                    t += 2 * SECOND;
                }
            }
            for (; t < DURATION; t += poll) {
                events.add((t << 10) | c);
            }
        }
        long[] s = events.stream().mapToLong(Long::longValue).toArray();
        Arrays.sort(s);
        return s;
    }
}
