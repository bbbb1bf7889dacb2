// Response rate limiting per client address (chrony's 'ratelimit'): a token bucket in each client's record.
package dev.jntp.engine.server;

import dev.jntp.proto.NtpTimestamp;

/**
 * Limits how often each client address is answered, with the semantics of chrony's
 * {@code ratelimit} directive (chrony.conf(5); the behaviour of chrony's clientlog.c and
 * ntp_core.c, reimplemented):
 *
 * <ul>
 *   <li>Each address has a bucket of {@code burst} responses, full when the address is first
 *       seen, that refills at one response per 2^{@code interval} seconds. A request finding a
 *       whole response's worth of credit is answered and pays for it.
 *   <li>Beyond that, 1 in 2^{@code leak} requests is answered anyway, chosen at random (and the
 *       bucket emptied), so that someone sending requests with a forged source address cannot
 *       cut the real owner of that address off completely.
 *   <li>Of the rest, 1 in 2^{@code kod} gets a Kiss-o'-Death RATE reply asking the client to
 *       slow down (with {@code kod 0}, chrony's default, none does); the others are dropped.
 *   <li>A client that polls more than twice as fast when it is not answered as when it is (a
 *       broken client retrying) gets the leak inverted: most of its requests are answered,
 *       since dropping them would only raise the traffic.
 *   <li>Every reply's poll field says at least {@code interval}, suggesting a slower poll.
 * </ul>
 *
 * <p>The bucket is kept in nanoseconds of credit, so limiting is exact at every interval
 * (chrony's is coarse below 2^-4 s). Time is the caller's {@code now}, in the time base of the
 * {@link ClientTable}; a step back gives no credit, a step forward at most a full bucket.
 * Randomness comes from a SplitMix64 generator per lock stripe, seeded by the caller (the daemon
 * seeds it from a SecureRandom; tests with a fixed seed). Thread-safe; nothing is allocated per
 * request.
 */
public final class RateLimiter implements ClientTable.RecordHook {

    /** What becomes of a request. */
    public enum Verdict {
        /** Answer it normally. */
        ANSWER,
        /** Answer with a Kiss-o'-Death RATE. */
        KISS,
        /** Drop it. */
        DROP
    }

    /** chrony's limits of the options. */
    public static final int MIN_INTERVAL = -19;
    public static final int MAX_INTERVAL = 12;
    public static final int MIN_BURST = 1;
    public static final int MAX_BURST = 255;
    public static final int MIN_LEAK = 1;
    public static final int MAX_LEAK = 4;
    public static final int MIN_KOD = 0;
    public static final int MAX_KOD = 4;

    /**
     * The options of {@code ratelimit}.
     *
     * @param interval minimum interval between responses, log2 seconds (-19 to 12; chrony's default 3)
     * @param burst responses allowed at once (1 to 255; default 8)
     * @param leak 1 in 2^leak requests beyond the limit is answered anyway (1 to 4; default 2)
     * @param kod 1 in 2^kod of the others gets a KoD RATE; 0 none (0 to 4; default 0)
     */
    public record Settings(int interval, int burst, int leak, int kod) {

        /** chrony's defaults: {@code ratelimit} with no options. */
        public static final Settings DEFAULTS = new Settings(3, 8, 2, 0);

        public Settings {
            check("interval", interval, MIN_INTERVAL, MAX_INTERVAL);
            check("burst", burst, MIN_BURST, MAX_BURST);
            check("leak", leak, MIN_LEAK, MAX_LEAK);
            check("kod", kod, MIN_KOD, MAX_KOD);
        }

        private static void check(String name, int value, int min, int max) {
            if (value < min || value > max) {
                throw new IllegalArgumentException(name + " " + value + " is outside " + min + " to " + max);
            }
        }

        /** Nanoseconds of credit one response costs: 2^interval seconds. */
        public long costNanos() {
            return Math.round(Math.scalb(1e9, interval));
        }
    }

    private static final Verdict[] VERDICTS = Verdict.values();
    private static final RateLimiter NONE = new RateLimiter();

    /*
     * The limiter's bits of a record's STATE: two moving averages of log2 of the interval between
     * requests (1/16 units, signed 16 bits), one over requests that followed an answered request,
     * one over those that followed a dropped one; their validity; whether the last request was
     * dropped; whether the bucket was set up.
     */
    private static final int ANSWERED_SHIFT = 0;
    private static final int UNANSWERED_SHIFT = 16;
    private static final long ANSWERED_VALID = 1L << 32;
    private static final long UNANSWERED_VALID = 1L << 33;
    private static final long DROPPED = 1L << 34;
    private static final long STARTED = 1L << 35;
    /** 16 log2(10^9): the interval's log2 in seconds from its log2 in nanoseconds, 1/16 units. */
    private static final int NANOS_LOG = 478;
    private static final int MIN_LOG = -512;
    private static final int MAX_LOG = 511;
    /** One log2 unit: twice the rate. */
    private static final int TWICE = 16;
    private static final long GOLDEN = 0x9E3779B97F4A7C15L;
    /** 2036-01-01T00:00:00Z, near the end of NTP era 0. */
    private static final long PIVOT_UNIX_NANOS = 2_082_758_400L * 1_000_000_000L;
    private static final NtpTimestamp PIVOT = NtpTimestamp.fromUnixNanos(PIVOT_UNIX_NANOS);

    private final ClientTable table;
    private final Settings settings;
    private final long cost;
    private final long capacity;
    private final long leakMask;
    private final long kodMask;
    private final boolean kiss;
    /** SplitMix64 state per lock stripe of the table, used under that stripe's lock. */
    private final long[] random;

    private RateLimiter() {
        this.table = null;
        this.settings = null;
        this.cost = 0;
        this.capacity = 0;
        this.leakMask = 0;
        this.kodMask = 0;
        this.kiss = false;
        this.random = null;
    }

    /** Limits with {@code settings}, keeping buckets in {@code table}, which must hold at least one bucket of records. */
    public RateLimiter(Settings settings, ClientTable table, long seed) {
        if (table.capacity() == 0) {
            throw new IllegalArgumentException("rate limiting needs a client table, and clientloglimit leaves none");
        }
        this.table = table;
        this.settings = settings;
        this.cost = settings.costNanos();
        this.capacity = cost * settings.burst();
        this.leakMask = (1L << settings.leak()) - 1;
        this.kodMask = (1L << settings.kod()) - 1;
        this.kiss = settings.kod() > 0;
        this.random = new long[ClientTable.STRIPES];
        for (int s = 0; s < random.length; s++) {
            random[s] = seed + s * GOLDEN;
        }
    }

    /** No limiting: every request is answered and the poll is echoed. */
    public static RateLimiter none() {
        return NONE;
    }

    /** Whether this limiter limits anything. */
    public boolean enabled() {
        return table != null;
    }

    /** The settings; null for {@link #none}. */
    public Settings settings() {
        return settings;
    }

    /** What to do with a request from {@code address} (4 or 16 octets) received at {@code now}. */
    public Verdict check(byte[] address, long now) {
        if (table == null) {
            return Verdict.ANSWER;
        }
        return VERDICTS[table.apply(address, now, this, Verdict.ANSWER.ordinal())];
    }

    /**
     * A receive timestamp as Unix nanoseconds, the time base the daemon's client log uses: the
     * NTP era is the one within 68 years of 2036, right from 1968 to 2104.
     */
    public static long timeOf(NtpTimestamp receive) {
        return PIVOT_UNIX_NANOS + receive.nanosSince(PIVOT);
    }

    /** The poll a reply states: the request's, but at least the limiting interval (chrony's hint to slow down). */
    public int poll(int requestPoll) {
        return table == null ? requestPoll : Math.max(settings.interval(), requestPoll);
    }

    @Override
    public int apply(long[] r, int i, int stripe, long now) {
        long state = r[i + ClientTable.STATE];
        long credit;
        if ((state & STARTED) == 0) {
            state |= STARTED;
            credit = capacity;
        } else {
            long elapsed = now - r[i + ClientTable.AT];
            credit = r[i + ClientTable.CREDIT];
            if (elapsed > 0) {
                credit = Math.min(capacity, credit + Math.min(elapsed, capacity));
            }
            if (elapsed >= 0) {
                state = sample(state, log2Sixteenths(elapsed));
            }
        }
        r[i + ClientTable.AT] = now;
        state &= ~DROPPED;
        Verdict v;
        if (credit >= cost) {
            credit -= cost;
            v = Verdict.ANSWER;
        } else {
            long bits = next(stripe);
            boolean leak = (bits & leakMask) == 0;
            if (suspended(state)) {
                leak = !leak;
            }
            if (leak) {
                credit = 0;
                v = Verdict.ANSWER;
            } else if (kiss && ((bits >>> 8) & kodMask) == 0) {
                v = Verdict.KISS;
            } else {
                state |= DROPPED;
                v = Verdict.DROP;
            }
        }
        r[i + ClientTable.CREDIT] = credit;
        r[i + ClientTable.STATE] = state;
        return v.ordinal();
    }

    /** Adds an interval to the average it belongs to: after a dropped request, or after an answered one. */
    private static long sample(long state, int log) {
        boolean afterDrop = (state & DROPPED) != 0;
        int shift = afterDrop ? UNANSWERED_SHIFT : ANSWERED_SHIFT;
        long valid = afterDrop ? UNANSWERED_VALID : ANSWERED_VALID;
        int avg = (short) (state >>> shift);
        int next = (state & valid) == 0 ? log : avg + ((log - avg) >> 2);
        return (state & ~(0xFFFFL << shift)) | ((next & 0xFFFFL) << shift) | valid;
    }

    /** Whether the client polls more than twice as fast unanswered as answered. */
    private static boolean suspended(long state) {
        if ((state & (ANSWERED_VALID | UNANSWERED_VALID)) != (ANSWERED_VALID | UNANSWERED_VALID)) {
            return false;
        }
        int answered = (short) (state >>> ANSWERED_SHIFT);
        int unanswered = (short) (state >>> UNANSWERED_SHIFT);
        return unanswered < answered - TWICE;
    }

    /** log2 of an interval in seconds, in 1/16 units (linear between powers of two), clamped. */
    static int log2Sixteenths(long nanos) {
        if (nanos <= 0) {
            return MIN_LOG;
        }
        int msb = 63 - Long.numberOfLeadingZeros(nanos);
        int frac = msb >= 4 ? (int) ((nanos >>> (msb - 4)) & 15) : (int) ((nanos << (4 - msb)) & 15);
        return Math.clamp(msb * 16L + frac - NANOS_LOG, MIN_LOG, MAX_LOG);
    }

    /** The next 64 random bits of a stripe (SplitMix64). */
    private long next(int stripe) {
        long z = (random[stripe] += GOLDEN);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
