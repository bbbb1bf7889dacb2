// The 'ratelimit' directive's settings: how often each client address is answered, as chrony's.
package dev.jntp.config;

/**
 * Response rate limiting per client address, with chrony's options, defaults and ranges
 * (chrony.conf(5), {@code ratelimit}). Without a {@code ratelimit} line nothing is limited.
 *
 * @param interval minimum interval between responses, log2 seconds (-19 to 12; default 3, 8 s)
 * @param burst responses allowed in a burst beyond the interval (1 to 255; default 8)
 * @param leak 1 in 2^leak requests beyond the limit is answered anyway (1 to 4; default 2)
 * @param kod 1 in 2^kod of the other requests beyond the limit gets a KoD RATE; 0 none (0 to 4; default 0)
 * @param line the line of the directive
 */
public record RateLimit(int interval, int burst, int leak, int kod, int line) {

    public static final int DEFAULT_INTERVAL = 3;
    public static final int DEFAULT_BURST = 8;
    public static final int DEFAULT_LEAK = 2;
    public static final int DEFAULT_KOD = 0;
    /**
     * The smallest {@code clientloglimit} that holds a client table for the buckets: one bucket of
     * 16 records of 64 bytes (the daemon's table; a test keeps the two in step).
     */
    public static final long MIN_CLIENT_LOG_LIMIT = 1024;
}
