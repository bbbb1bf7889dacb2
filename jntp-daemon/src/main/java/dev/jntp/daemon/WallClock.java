// The system's real-time clock, read (never set) by the daemon, and its measured precision.
package dev.jntp.daemon;

import java.time.Clock;
import java.time.Instant;

/** Reads the system clock in nanoseconds since the Unix epoch. */
public final class WallClock {

    private static final Clock SYSTEM = Clock.systemUTC();

    private WallClock() {}

    /** Nanoseconds since the Unix epoch, from the system's real-time clock. */
    public static long unixNanos() {
        Instant i = SYSTEM.instant();
        return i.getEpochSecond() * 1_000_000_000L + i.getNano();
    }

    /**
     * The clock's precision as NTP states it: log2 of the seconds it takes to read the clock or
     * of its resolution, whichever is larger (RFC 5905 section 7.3, "precision"), measured by
     * reading it many times (long enough for the JIT to compile the reading path) and keeping the
     * smallest step seen.
     */
    public static int measurePrecision() {
        long best = Long.MAX_VALUE;
        for (int round = 0; round < 50_000; round++) {
            long a = unixNanos();
            long b = unixNanos();
            while (b == a) {
                b = unixNanos();
            }
            best = Math.min(best, b - a);
        }
        return precisionOf(best);
    }

    /** log2 of {@code nanos} nanoseconds in seconds, rounded up, within a signed octet. */
    static int precisionOf(long nanos) {
        double log2 = Math.log(Math.max(1, nanos) / 1e9) / Math.log(2);
        return (int) Math.max(-30, Math.min(0, Math.ceil(log2)));
    }
}
