// Counts round-trip times in log-linear buckets (about 3 % wide) for cheap percentiles; one per receiving thread.
package dev.jntp.daemon.bench;

/**
 * A histogram of non-negative nanosecond values: exact below 64 ns, then 32 buckets per power
 * of two (at most 1/32 wide), up to 2^40 ns (18 minutes); larger values land in the last
 * bucket. Recording is a few shifts and an array increment. Not thread-safe: each receiving
 * thread keeps its own and they are merged at the end.
 */
final class LatencyHistogram {

    private static final int SUB_BITS = 5;
    private static final int SUB_BUCKETS = 1 << SUB_BITS;
    private static final int LINEAR = 2 * SUB_BUCKETS;
    private static final int MAX_EXPONENT = 40;
    private static final int BUCKETS = LINEAR + (MAX_EXPONENT - SUB_BITS - 1) * SUB_BUCKETS;

    private final long[] counts = new long[BUCKETS];
    private long total;
    private long max;

    /** Adds one value; negative values count as 0. */
    void record(long nanos) {
        long v = Math.max(0, nanos);
        counts[indexOf(v)]++;
        total++;
        max = Math.max(max, v);
    }

    /** Adds every value of {@code other}. */
    void add(LatencyHistogram other) {
        for (int i = 0; i < BUCKETS; i++) {
            counts[i] += other.counts[i];
        }
        total += other.total;
        max = Math.max(max, other.max);
    }

    /** Values recorded. */
    long count() {
        return total;
    }

    /** The largest value recorded, exact; 0 when empty. */
    long max() {
        return max;
    }

    /**
     * The value below or at which {@code percent} % of the values lie, as the middle of its
     * bucket (never above {@link #max}; the last, open-ended bucket gives {@link #max}); -1 when
     * empty.
     */
    long percentile(double percent) {
        if (total == 0) {
            return -1;
        }
        long rank = Math.max(1, (long) Math.ceil(Math.min(100, Math.max(0, percent)) / 100 * total));
        long seen = 0;
        for (int i = 0; i < BUCKETS; i++) {
            seen += counts[i];
            if (seen >= rank) {
                return i == BUCKETS - 1 ? max : Math.min(max, middleOf(i));
            }
        }
        return max;
    }

    static int indexOf(long v) {
        if (v < LINEAR) {
            return (int) v;
        }
        int exponent = 63 - Long.numberOfLeadingZeros(v);
        if (exponent >= MAX_EXPONENT) {
            return BUCKETS - 1;
        }
        int sub = (int) (v >>> (exponent - SUB_BITS)) & (SUB_BUCKETS - 1);
        return LINEAR + (exponent - SUB_BITS - 1) * SUB_BUCKETS + sub;
    }

    static long lowestOf(int index) {
        if (index < LINEAR) {
            return index;
        }
        int exponent = (index - LINEAR) / SUB_BUCKETS + SUB_BITS + 1;
        int sub = (index - LINEAR) % SUB_BUCKETS;
        return (long) (SUB_BUCKETS + sub) << (exponent - SUB_BITS);
    }

    private static long middleOf(int index) {
        return index < LINEAR ? index : (lowestOf(index) + lowestOf(index + 1)) / 2;
    }
}
