// A token bucket per client address that bounds how many mode 6 queries each one gets answered.
package dev.jntp.engine.control;

import dev.jntp.proto.Subnet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Rate limiting of control queries: each address has a bucket of {@code burst} tokens that
 * refills at {@code perSecond}; a query takes one token and is dropped when none is left. The
 * default lets {@code ntpq -p} with dozens of sources (one query per source plus one, and
 * ntpq's retries) through at once while capping a steady stream at 16 replies per second.
 * At most {@code maxClients} buckets are kept; the least recently used goes first (it then
 * starts full again, which only an allowed address can profit from). Time comes from the caller
 * (monotonic nanoseconds). Thread-safe.
 */
public final class ControlRateLimiter {

    /** Tokens a new client starts with. */
    public static final int DEFAULT_BURST = 64;
    /** Tokens added per second. */
    public static final double DEFAULT_PER_SECOND = 16;
    /** Clients remembered. */
    public static final int DEFAULT_MAX_CLIENTS = 1024;

    private final double burst;
    private final double perNano;
    private final Map<String, Bucket> buckets;

    /** The default limits. */
    public ControlRateLimiter() {
        this(DEFAULT_BURST, DEFAULT_PER_SECOND, DEFAULT_MAX_CLIENTS);
    }

    public ControlRateLimiter(int burst, double perSecond, int maxClients) {
        if (burst < 1 || !(perSecond > 0) || maxClients < 1) {
            throw new IllegalArgumentException("burst, rate and clients must be positive: " + burst + ", "
                    + perSecond + ", " + maxClients);
        }
        this.burst = burst;
        this.perNano = perSecond / 1e9;
        this.buckets = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Bucket> eldest) {
                return size() > maxClients;
            }
        };
    }

    /** Whether a query from {@code address} (4 or 16 octets) at {@code nowNanos} may be answered; takes a token if so. */
    public synchronized boolean admit(byte[] address, long nowNanos) {
        String key = HexFormat.of().formatHex(Subnet.canonical(address));
        Bucket b = buckets.get(key);
        if (b == null) {
            b = new Bucket(burst, nowNanos);
            buckets.put(key, b);
        } else {
            b.tokens = Math.min(burst, b.tokens + Math.max(0, nowNanos - b.at) * perNano);
            b.at = nowNanos;
        }
        if (b.tokens < 1) {
            return false;
        }
        b.tokens -= 1;
        return true;
    }

    /** Tokens left and when they were counted. */
    private static final class Bucket {
        double tokens;
        long at;

        Bucket(double tokens, long at) {
            this.tokens = tokens;
            this.at = at;
        }
    }
}
