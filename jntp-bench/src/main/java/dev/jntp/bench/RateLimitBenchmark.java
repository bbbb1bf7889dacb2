// JMH benchmarks of rate limiting: per-request cost with 10, 10k and 100k clients in the table, answered and limited.
package dev.jntp.bench;

import dev.jntp.engine.server.AccessFilter;
import dev.jntp.engine.server.ClientTable;
import dev.jntp.engine.server.RateLimiter;
import dev.jntp.engine.server.ReferenceProvider;
import dev.jntp.engine.server.ReferenceState;
import dev.jntp.engine.server.ServerResponder;
import dev.jntp.engine.server.ServerStats;
import dev.jntp.proto.NtpTimestamp;
import java.util.List;
import java.util.SplittableRandom;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Whether the cost per request grows with the number of clients: one table of 16 MiB (262,144
 * records) for every size, holding {@code clients} addresses. The {@code ...Hot} benchmarks ask
 * for 10 of them in turn, so they measure the table's work at each occupancy with the records in
 * cache; the {@code ...All} ones go through every client in a shuffled order, so with many clients
 * each request also waits for its record's cache line from L3 or RAM (100,000 records are
 * 6.4 MB), which any per-client table pays. Time advances so that each client asks once per 8 s,
 * as {@code ratelimit interval 3} allows, and is answered from its bucket; {@code limitedFlooder}
 * is one address far over its rate (the drop, leak and KoD path).
 */
public class RateLimitBenchmark extends PerPacketBenchmark {

    /** Room for 262,144 clients whatever the parameter. */
    private static final long TABLE_BYTES = 16L << 20;
    private static final long EIGHT_SECONDS = 8_000_000_000L;
    /** Clients the hot benchmarks take turns with. */
    private static final int HOT = 10;

    @Param({"10", "10000", "100000"})
    public int clients;

    private RateLimiter limiter;
    private ServerResponder responder;
    private ReferenceState state;
    private byte[] request;
    private byte[][] addresses;
    private byte[] flooder;
    private byte[] out;
    private long now;
    private long start;
    private long step;
    private int next;
    private int hot;

    @Setup
    public void setUp() {
        limiter = new RateLimiter(new RateLimiter.Settings(3, 8, 2, 1), new ClientTable(TABLE_BYTES, 7), 11);
        responder = new ServerResponder(AccessFilter.of(List.of(new AccessFilter.Rule(true, false, null))),
                new ServerStats(), limiter);
        state = ReferenceProvider.local(10, -24).at(BenchPackets.RECEIVE);
        request = BenchPackets.clientRequest();
        out = new byte[ServerResponder.MAX_REPLY_LENGTH];
        addresses = new byte[clients][];
        for (int i = 0; i < clients; i++) {
            addresses[i] = i % 2 == 0
                    ? new byte[] {10, (byte) (i >> 16), (byte) (i >> 8), (byte) i}
                    : new byte[] {0x20, 0x01, 0x0d, (byte) 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) (i >> 16),
                        (byte) (i >> 8), (byte) i};
        }
        SplittableRandom rnd = new SplittableRandom(3);
        for (int i = clients - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            byte[] t = addresses[i];
            addresses[i] = addresses[j];
            addresses[j] = t;
        }
        flooder = new byte[] {(byte) 203, 0, 113, 66};
        now = RateLimiter.timeOf(BenchPackets.RECEIVE);
        step = EIGHT_SECONDS / clients;
        for (byte[] a : addresses) { // every client has its record before measuring
            limiter.check(a, now);
        }
        start = now;
        if (responder.respond(request, request.length, addresses[0], BenchPackets.RECEIVE, state, out) != 48) {
            throw new IllegalStateException("the benchmark request is not answered");
        }
    }

    private byte[] nextClient() {
        byte[] a = addresses[next];
        next = next + 1 == clients ? 0 : next + 1;
        now += step;
        return a;
    }

    private byte[] nextHot() {
        byte[] a = addresses[hot];
        hot = hot + 1 == HOT ? 0 : hot + 1;
        now += EIGHT_SECONDS / HOT;
        return a;
    }

    /** RateLimiter.check alone, 10 clients in turn: one bucket scan, the token arithmetic. */
    @Benchmark
    public RateLimiter.Verdict checkHot() {
        return limiter.check(nextHot(), now);
    }

    /** RateLimiter.check alone, every client in turn. */
    @Benchmark
    public RateLimiter.Verdict checkAll() {
        return limiter.check(nextClient(), now);
    }

    /** ServerResponder.respond with the limiter, 10 clients in turn: the whole reply path. */
    @Benchmark
    public int respondHot(Blackhole bh) {
        return respond(nextHot(), bh);
    }

    /** ServerResponder.respond with the limiter, every client in turn. */
    @Benchmark
    public int respondAll(Blackhole bh) {
        return respond(nextClient(), bh);
    }

    private int respond(byte[] client, Blackhole bh) {
        NtpTimestamp receive = BenchPackets.RECEIVE.plusNanos(now - start);
        int n = responder.respond(request, request.length, client, receive, state, out);
        bh.consume(out);
        return n;
    }

    /** One address far over its rate: the drop, leak and KoD path (1 µs apart, never refilled enough). */
    @Benchmark
    public RateLimiter.Verdict limitedFlooder() {
        now += 1_000;
        return limiter.check(flooder, now);
    }
}
