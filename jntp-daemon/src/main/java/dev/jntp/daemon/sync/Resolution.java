// How the daemon turns source names into addresses, and how long it waits before asking again about a name.
package dev.jntp.daemon.sync;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;

/**
 * The resolver of source names and the back-off of re-resolution (see {@link PoolKeeper}): after
 * a try that left a pool short, the next comes {@code firstRetry} later, then twice as long
 * each time up to {@code maxRetry}. {@link #system()} is what the daemon uses; tests inject
 * their own resolver and shorter intervals.
 *
 * @param resolver every address of a name, both families
 * @param firstRetry the shortest time between two resolutions of one name
 * @param maxRetry the longest
 */
public record Resolution(Resolver resolver, Duration firstRetry, Duration maxRetry) {

    /** Resolves a name to all its addresses. */
    @FunctionalInterface
    public interface Resolver {
        InetAddress[] resolve(String name) throws UnknownHostException;
    }

    public Resolution {
        if (firstRetry.isNegative() || firstRetry.isZero() || maxRetry.compareTo(firstRetry) < 0) {
            throw new IllegalArgumentException("need 0 < firstRetry <= maxRetry, got " + firstRetry + " and "
                    + maxRetry);
        }
    }

    /**
     * The system resolver (so /etc/hosts counts), retried after 28 s doubling up to 3584 s:
     * chrony's intervals for names it could not resolve (7 s times 2^2 to 2^9).
     */
    public static Resolution system() {
        return new Resolution(InetAddress::getAllByName, Duration.ofSeconds(28), Duration.ofSeconds(3584));
    }
}
