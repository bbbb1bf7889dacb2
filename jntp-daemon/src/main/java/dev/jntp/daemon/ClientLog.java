// The table of NTP clients behind 'jntp clients': requests and last contact per address, bounded in memory, O(1) per packet.
package dev.jntp.daemon;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * After chrony's clientlog.c: a hash table of fixed size chosen from {@code clientloglimit}
 * (bytes), split into buckets of {@value #BUCKET} records. An address hashes to one bucket; a
 * new address takes a free record of its bucket or, when the bucket is full, the record whose
 * client was seen longest ago (which counts as a dropped record, chronyc serverstats' "Client
 * log records dropped"). Every operation is a scan of one bucket under one of
 * {@value #STRIPES} locks, so the listener threads rarely wait for each other and the cost per
 * packet does not grow with the number of clients.
 *
 * <p>A client enters the table when the server answers it. Requests that are dropped (malformed,
 * a mode the server does not answer, not allowed) are counted as drops only for addresses
 * already in the table, so that datagrams from addresses the server never answers cannot push
 * its real clients out. Times are the served clock's Unix nanoseconds.
 */
final class ClientLog {

    /** Records per bucket. */
    static final int BUCKET = 16;
    /** Bytes a record takes: six longs (the address in two, requests, drops, first and last contact). */
    static final int RECORD_BYTES = 48;
    /** Locks guarding the buckets. */
    static final int STRIPES = 64;

    /** One client as {@code jntp clients} shows it. */
    record Client(InetAddress address, long requests, long drops, long firstNanos, long lastNanos) {

        /** log2 of the mean interval between requests, rounded; empty with a single request. */
        java.util.OptionalInt intervalLog2() {
            if (requests < 2 || lastNanos <= firstNanos) {
                return java.util.OptionalInt.empty();
            }
            double mean = (lastNanos - firstNanos) / 1e9 / (requests - 1);
            return java.util.OptionalInt.of((int) Math.round(Math.log(mean) / Math.log(2)));
        }
    }

    /** Fields of a record, interleaved in one array so that a record shares one or two cache lines. */
    private static final int HI = 0;
    private static final int LO = 1;
    private static final int REQUESTS = 2;
    private static final int DROPS = 3;
    private static final int FIRST = 4;
    private static final int LAST = 5;
    private static final int STRIDE = RECORD_BYTES / Long.BYTES;

    private final int buckets;
    private final long[] r;
    private final Object[] locks = new Object[STRIPES];
    private final LongAdder evicted = new LongAdder();

    /** A table in at most {@code limitBytes} (rounded down to a power of two buckets); 0 keeps no table. */
    ClientLog(long limitBytes) {
        long fit = limitBytes / ((long) RECORD_BYTES * BUCKET);
        int b = fit <= 0 ? 0 : Integer.highestOneBit((int) Math.min(fit, 1 << 20));
        this.buckets = b;
        r = new long[b * BUCKET * STRIDE];
        for (int i = 0; i < STRIPES; i++) {
            locks[i] = new Object();
        }
    }

    /** How many clients the table holds at most. */
    int capacity() {
        return buckets * BUCKET;
    }

    /** Records given to another client because their bucket was full. */
    long evicted() {
        return evicted.sum();
    }

    /**
     * Notes a request from {@code address} (4 or 16 octets) at {@code nowNanos}: an answered one
     * (adding the client when new), or a dropped one (counted only for a client in the table).
     */
    void log(byte[] address, long nowNanos, boolean answered) {
        if (buckets == 0) {
            return;
        }
        long h = high(address);
        long l = low(address);
        int bucket = (int) (mix(h, l) & (buckets - 1));
        int base = bucket * BUCKET * STRIDE;
        synchronized (locks[bucket & (STRIPES - 1)]) {
            int free = -1;
            int oldest = base;
            for (int i = base; i < base + BUCKET * STRIDE; i += STRIDE) {
                if (r[i + REQUESTS] == 0 && r[i + DROPS] == 0) {
                    if (free < 0) {
                        free = i;
                    }
                } else if (r[i + HI] == h && r[i + LO] == l) {
                    r[i + (answered ? REQUESTS : DROPS)]++;
                    r[i + LAST] = nowNanos;
                    return;
                } else if (r[i + LAST] < r[oldest + LAST]) {
                    oldest = i;
                }
            }
            if (!answered) {
                return;
            }
            int slot = free;
            if (slot < 0) {
                slot = oldest;
                evicted.increment();
            }
            r[slot + HI] = h;
            r[slot + LO] = l;
            r[slot + REQUESTS] = 1;
            r[slot + DROPS] = 0;
            r[slot + FIRST] = nowNanos;
            r[slot + LAST] = nowNanos;
        }
    }

    /** The clients in the table, most requests first, at most {@code max}, and how many there are in all. */
    record Listing(List<Client> clients, int total) {}

    Listing list(int max) {
        List<Client> all = new ArrayList<>();
        for (int b = 0; b < buckets; b++) {
            synchronized (locks[b & (STRIPES - 1)]) {
                for (int i = b * BUCKET * STRIDE; i < (b + 1) * BUCKET * STRIDE; i += STRIDE) {
                    if (r[i + REQUESTS] != 0 || r[i + DROPS] != 0) {
                        all.add(new Client(address(r[i + HI], r[i + LO]), r[i + REQUESTS], r[i + DROPS], r[i + FIRST],
                                r[i + LAST]));
                    }
                }
            }
        }
        all.sort(Comparator.comparingLong(Client::requests).reversed()
                .thenComparing(c -> AddressText.of(c.address())));
        return new Listing(List.copyOf(all.subList(0, Math.min(max, all.size()))), all.size());
    }

    /** IPv4 addresses are kept as IPv4-mapped IPv6 addresses (::ffff:a.b.c.d). */
    private static long high(byte[] a) {
        return a.length == 4 ? 0 : readLong(a, 0);
    }

    private static long low(byte[] a) {
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

    /** A 64-bit finaliser (MurmurHash3's fmix64) over both halves: addresses of one subnet spread over all buckets. */
    private static long mix(long h, long l) {
        long k = h * 0x9E3779B97F4A7C15L ^ l;
        k ^= k >>> 33;
        k *= 0xFF51AFD7ED558CCDL;
        k ^= k >>> 33;
        k *= 0xC4CEB9FE1A85EC53L;
        k ^= k >>> 33;
        return k;
    }

    private static InetAddress address(long h, long l) {
        byte[] b;
        if (h == 0 && (l >>> 32) == 0xFFFF) {
            b = new byte[] {(byte) (l >>> 24), (byte) (l >>> 16), (byte) (l >>> 8), (byte) l};
        } else {
            b = new byte[16];
            for (int i = 0; i < 8; i++) {
                b[i] = (byte) (h >>> (56 - 8 * i));
                b[8 + i] = (byte) (l >>> (56 - 8 * i));
            }
        }
        try {
            return InetAddress.getByAddress(b);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e); // 4 or 16 octets: cannot happen
        }
    }
}
