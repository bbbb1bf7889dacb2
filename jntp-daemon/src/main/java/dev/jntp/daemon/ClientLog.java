// The table of NTP clients behind 'jntp clients': requests and last contact per address, bounded in memory, O(1) per packet.
package dev.jntp.daemon;

import dev.jntp.engine.server.ClientTable;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The daemon's view of the engine's {@link ClientTable} (after chrony's clientlog.c: a hash table
 * of fixed size chosen from {@code clientloglimit}, buckets of {@value #BUCKET} records, the
 * record seen longest ago given up when a bucket is full, one bucket scanned per packet under one
 * of {@value #STRIPES} locks). The same table holds the rate limiter's buckets ({@code ratelimit}),
 * so one record per client serves both. This class turns records into addresses for
 * {@code jntp clients}.
 *
 * <p>A client enters the table when the server answers it. Requests that are dropped (malformed,
 * a mode the server does not answer, not allowed, rate limited) are counted as drops only for
 * addresses already in the table, so that datagrams from addresses the server never answers cannot
 * push its real clients out. Times are the served clock's Unix nanoseconds.
 */
final class ClientLog {

    /** Records per bucket. */
    static final int BUCKET = ClientTable.BUCKET;
    /** Bytes a record takes. */
    static final int RECORD_BYTES = ClientTable.RECORD_BYTES;
    /** Locks guarding the buckets. */
    static final int STRIPES = ClientTable.STRIPES;

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

    private final ClientTable table;

    /** A table in at most {@code limitBytes} (rounded down to a power of two buckets); 0 keeps no table. */
    ClientLog(long limitBytes) {
        this(new ClientTable(limitBytes));
    }

    /** The view of {@code table}. */
    ClientLog(ClientTable table) {
        this.table = table;
    }

    /** The engine's table, which the rate limiter shares. */
    ClientTable table() {
        return table;
    }

    /** How many clients the table holds at most. */
    int capacity() {
        return table.capacity();
    }

    /** Records given to another client because their bucket was full. */
    long evicted() {
        return table.evicted();
    }

    /**
     * Notes a request from {@code address} (4 or 16 octets) at {@code nowNanos}: an answered one
     * (adding the client when new), or a dropped one (counted only for a client in the table).
     */
    void log(byte[] address, long nowNanos, boolean answered) {
        table.log(address, nowNanos, answered);
    }

    /** The clients in the table, most requests first, at most {@code max}, and how many there are in all. */
    record Listing(List<Client> clients, int total) {}

    Listing list(int max) {
        List<Client> all = new ArrayList<>();
        for (ClientTable.Entry e : table.entries()) {
            all.add(new Client(address(e.address()), e.requests(), e.drops(), e.first(), e.last()));
        }
        all.sort(Comparator.comparingLong(Client::requests).reversed()
                .thenComparing(c -> AddressText.of(c.address())));
        return new Listing(List.copyOf(all.subList(0, Math.min(max, all.size()))), all.size());
    }

    private static InetAddress address(byte[] b) {
        try {
            return InetAddress.getByAddress(b);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e); // 4 or 16 octets: cannot happen
        }
    }
}
