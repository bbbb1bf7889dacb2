// The server's table of clients: one fixed-size record per address, bounded by clientloglimit, O(1) per packet.
package dev.jntp.engine.server;

import java.util.ArrayList;
import java.util.List;

/**
 * After chrony's clientlog.c: a hash table of fixed size chosen from {@code clientloglimit}
 * (bytes), split into buckets of {@value #BUCKET} records of {@value #RECORD_BYTES} octets. An
 * address hashes to one bucket; a new address takes a free record of its bucket or, when the
 * bucket is full, the record whose client was seen longest ago (counted in {@link #evicted},
 * chronyc serverstats' "Client log records dropped"). Every operation scans one bucket under
 * one of {@value #STRIPES} locks, so socket threads rarely wait for each other, nothing is
 * allocated, and the cost per packet does not grow with the number of clients. The whole table
 * is allocated up front: the records never take more than the limit.
 *
 * <p>Two users share a record: {@link #log} keeps what {@code jntp clients} shows (answered
 * requests, drops, first and last contact), and {@link RateLimiter} keeps its token bucket in
 * the same record. Both take {@code now} from the caller in one time base (the daemon uses the
 * served clock's Unix nanoseconds, as chrony uses its receive timestamps); records are ordered by
 * it for eviction.
 *
 * <p>A client enters the table when the server answers it (or when the rate limiter first sees
 * a request it would answer). Requests dropped for other reasons are counted as drops only for
 * addresses already in the table, so that datagrams from addresses the server never answers
 * cannot push its real clients out.
 */
public final class ClientTable {

    /** Records per bucket. */
    public static final int BUCKET = 16;
    /** Octets a record takes: eight longs, one cache line. */
    public static final int RECORD_BYTES = 64;
    /** Locks guarding the buckets. */
    public static final int STRIPES = 64;
    /** Records at most (2^20 buckets), whatever the limit. */
    static final int MAX_BUCKETS = 1 << 20;

    /*
     * Fields of a record, interleaved in one array so that a record is one cache line. HI/LO hold
     * the address (IPv4 as IPv4-mapped IPv6). COUNTS packs answered requests (high 32 bits) and
     * drops (low 32 bits), each saturating. FIRST and LAST are the first and last contact. AT,
     * CREDIT and the low bits of STATE belong to the rate limiter; STATE's top bit marks a record
     * in use.
     */
    static final int HI = 0;
    static final int LO = 1;
    static final int COUNTS = 2;
    static final int FIRST = 3;
    static final int LAST = 4;
    static final int AT = 5;
    static final int CREDIT = 6;
    static final int STATE = 7;
    static final int STRIDE = RECORD_BYTES / Long.BYTES;
    static final long USED = Long.MIN_VALUE;
    private static final long COUNT_MAX = 0xFFFF_FFFFL;

    /** The per-record hook of the rate limiter, run under the bucket's lock. */
    interface RecordHook {
        /** Decides on a request with the record at {@code i} in {@code r}; {@code stripe} names the lock held. */
        int apply(long[] r, int i, int stripe, long now);
    }

    private final int buckets;
    private final long hashKey;
    private final long[] r;
    private final Object[] locks = new Object[STRIPES];
    /** Records given to another client, per stripe (each counted under its lock). */
    private final long[] evicted = new long[STRIPES];

    /** A table in at most {@code limitBytes} (rounded down to a power of two buckets); 0 keeps no table. */
    public ClientTable(long limitBytes) {
        this(limitBytes, 0);
    }

    /**
     * As above, with addresses spread over the buckets by a hash keyed with {@code hashKey}: a
     * random key (as chrony seeds its address hash) keeps outsiders from choosing addresses that
     * land in one bucket.
     */
    public ClientTable(long limitBytes, long hashKey) {
        this.hashKey = hashKey;
        long fit = limitBytes / ((long) RECORD_BYTES * BUCKET);
        this.buckets = fit <= 0 ? 0 : Integer.highestOneBit((int) Math.min(fit, MAX_BUCKETS));
        r = new long[buckets * BUCKET * STRIDE];
        for (int i = 0; i < STRIPES; i++) {
            locks[i] = new Object();
        }
    }

    /** How many clients the table holds at most. */
    public int capacity() {
        return buckets * BUCKET;
    }

    /** Octets the records take: {@link #capacity} times {@value #RECORD_BYTES}, never more than the limit. */
    public long recordBytes() {
        return (long) r.length * Long.BYTES;
    }

    /**
     * An estimate of the heap the table retains, records and bookkeeping: with compressed oops
     * (the default below 32 GiB of heap) an array has a 16-octet header and an object with no
     * fields 16 octets; the table object holds a few fields. The records dominate; the rest is
     * a constant (about 2.4 KiB) that does not grow with clients.
     */
    public long retainedBytesEstimate() {
        long arrays = (16 + recordBytes()) + (16 + 4L * STRIPES) + (16 + 8L * STRIPES);
        return 32 + arrays + 16L * STRIPES;
    }

    /** Records given to another client because their bucket was full. */
    public long evicted() {
        long sum = 0;
        for (int s = 0; s < STRIPES; s++) {
            synchronized (locks[s]) {
                sum += evicted[s];
            }
        }
        return sum;
    }

    /**
     * Notes a request from {@code address} (4 or 16 octets) at {@code now}: an answered one
     * (adding the client when new), or a dropped one (counted only for a client in the table).
     */
    public void log(byte[] address, long now, boolean answered) {
        if (buckets == 0) {
            return;
        }
        long h = high(address);
        long l = low(address);
        int bucket = bucketOf(h, l);
        int base = bucket * BUCKET * STRIDE;
        synchronized (locks[bucket & (STRIPES - 1)]) {
            int i = find(base, h, l);
            if (i < 0) {
                if (!answered) {
                    return;
                }
                i = claim(base, bucket & (STRIPES - 1), h, l, now);
            }
            long c = r[i + COUNTS];
            if (answered) {
                r[i + COUNTS] = (c >>> 32) == COUNT_MAX ? c : c + (1L << 32);
            } else {
                r[i + COUNTS] = (c & COUNT_MAX) == COUNT_MAX ? c : c + 1;
            }
            r[i + LAST] = now;
        }
    }

    /**
     * Runs {@code hook} on the record of {@code address}, adding it when new (bucket full: the
     * oldest record goes); returns what the hook returns, or {@code orElse} without a table.
     */
    int apply(byte[] address, long now, RecordHook hook, int orElse) {
        if (buckets == 0) {
            return orElse;
        }
        long h = high(address);
        long l = low(address);
        int bucket = bucketOf(h, l);
        int base = bucket * BUCKET * STRIDE;
        int stripe = bucket & (STRIPES - 1);
        synchronized (locks[stripe]) {
            int i = find(base, h, l);
            if (i < 0) {
                i = claim(base, stripe, h, l, now);
            }
            r[i + LAST] = now;
            return hook.apply(r, i, stripe, now);
        }
    }

    /** One client of the table. Addresses are IPv6 as two longs; IPv4 is IPv4-mapped (::ffff:a.b.c.d). */
    public record Entry(long addressHigh, long addressLow, long requests, long drops, long first, long last) {

        /** The address in 4 octets for an IPv4 client, else 16. */
        public byte[] address() {
            if (addressHigh == 0 && (addressLow >>> 32) == 0xFFFF) {
                long l = addressLow;
                return new byte[] {(byte) (l >>> 24), (byte) (l >>> 16), (byte) (l >>> 8), (byte) l};
            }
            byte[] b = new byte[16];
            for (int i = 0; i < 8; i++) {
                b[i] = (byte) (addressHigh >>> (56 - 8 * i));
                b[8 + i] = (byte) (addressLow >>> (56 - 8 * i));
            }
            return b;
        }
    }

    /** Every client in the table, in table order (a copy; for status commands, not the packet path). */
    public List<Entry> entries() {
        List<Entry> all = new ArrayList<>();
        for (int b = 0; b < buckets; b++) {
            synchronized (locks[b & (STRIPES - 1)]) {
                for (int i = b * BUCKET * STRIDE; i < (b + 1) * BUCKET * STRIDE; i += STRIDE) {
                    if ((r[i + STATE] & USED) != 0) {
                        all.add(new Entry(r[i + HI], r[i + LO], r[i + COUNTS] >>> 32, r[i + COUNTS] & COUNT_MAX,
                                r[i + FIRST], r[i + LAST]));
                    }
                }
            }
        }
        return all;
    }

    /** The index of the record of (h, l) in the bucket at {@code base}, or -1. */
    private int find(int base, long h, long l) {
        for (int i = base; i < base + BUCKET * STRIDE; i += STRIDE) {
            if ((r[i + STATE] & USED) != 0 && r[i + HI] == h && r[i + LO] == l) {
                return i;
            }
        }
        return -1;
    }

    /** Takes a free record of the bucket, or the one seen longest ago, for (h, l) and clears it. */
    private int claim(int base, int stripe, long h, long l, long now) {
        int slot = -1;
        int oldest = base;
        for (int i = base; i < base + BUCKET * STRIDE; i += STRIDE) {
            if ((r[i + STATE] & USED) == 0) {
                slot = i;
                break;
            }
            if (r[i + LAST] < r[oldest + LAST]) {
                oldest = i;
            }
        }
        if (slot < 0) {
            slot = oldest;
            evicted[stripe]++;
        }
        r[slot + HI] = h;
        r[slot + LO] = l;
        r[slot + COUNTS] = 0;
        r[slot + FIRST] = now;
        r[slot + LAST] = now;
        r[slot + AT] = now;
        r[slot + CREDIT] = 0;
        r[slot + STATE] = USED;
        return slot;
    }

    private int bucketOf(long h, long l) {
        return (int) (mix(h ^ hashKey, l) & (buckets - 1));
    }

    /** IPv4 addresses are kept as IPv4-mapped IPv6 addresses (::ffff:a.b.c.d). */
    static long high(byte[] a) {
        return a.length == 4 ? 0 : readLong(a, 0);
    }

    static long low(byte[] a) {
        if (a.length == 4) {
            return 0xFFFF_0000_0000L | ((a[0] & 0xFFL) << 24) | ((a[1] & 0xFFL) << 16) | ((a[2] & 0xFFL) << 8)
                    | (a[3] & 0xFFL);
        }
        return readLong(a, 8);
    }

    private static long readLong(byte[] a, int off) {
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (a[off + i] & 0xFFL);
        }
        return v;
    }

    /**
     * A 64-bit finaliser (MurmurHash3's fmix64) over both halves (the key folded into the high
     * one): addresses of one subnet spread over all buckets.
     */
    private static long mix(long h, long l) {
        long k = h * 0x9E3779B97F4A7C15L ^ l;
        k ^= k >>> 33;
        k *= 0xFF51AFD7ED558CCDL;
        k ^= k >>> 33;
        k *= 0xC4CEB9FE1A85EC53L;
        k ^= k >>> 33;
        return k;
    }
}
