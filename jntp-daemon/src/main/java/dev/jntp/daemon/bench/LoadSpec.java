// What one load run does: target, duration, offered rate or max, client sockets, and the hard caps on all of them.
package dev.jntp.daemon.bench;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The parameters of a load run, checked against hard caps so that no run can go on for long
 * or send without bound: at most {@link #MAX_DURATION} and {@link #MAX_REQUESTS} requests,
 * whatever the caller asks.
 *
 * @param target the server
 * @param duration how long to send, at most {@link #MAX_DURATION}
 * @param rate requests per second over all clients, or 0 for as fast as the server answers
 *     (closed loop: each client keeps {@code window} requests in flight)
 * @param clients how many source sockets, each with a sending and a receiving thread
 * @param maxRequests requests to send at most, over all clients
 * @param window requests each client keeps in flight when {@code rate} is 0; unused otherwise
 */
public record LoadSpec(InetSocketAddress target, Duration duration, long rate, int clients, long maxRequests,
        int window) {

    /** The longest run, in seconds. */
    public static final int MAX_DURATION_SECONDS = 60;
    /** The longest run. */
    public static final Duration MAX_DURATION = Duration.ofSeconds(MAX_DURATION_SECONDS);
    /** The most requests one run sends. */
    public static final long MAX_REQUESTS = 10_000_000;
    /** The highest offered rate, requests per second. */
    public static final long MAX_RATE = 5_000_000;
    /** The most source sockets. */
    public static final int MAX_CLIENTS = 64;
    /** The most requests in flight per client in max mode. */
    public static final int MAX_WINDOW = 4096;
    /** The default number of requests in flight per client in max mode. */
    public static final int DEFAULT_WINDOW = 64;

    public LoadSpec {
        List<String> problems = problems(duration, rate, clients, maxRequests, window);
        if (target == null) {
            problems.addFirst("no target");
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
    }

    /** Open loop at {@code rate} requests per second; the count defaults to rate × duration. */
    public static LoadSpec atRate(InetSocketAddress target, Duration duration, long rate, int clients) {
        return new LoadSpec(target, duration, rate, clients, defaultCount(duration, rate), DEFAULT_WINDOW);
    }

    /** Closed loop, as fast as the server answers, {@code window} requests in flight per client. */
    public static LoadSpec maxRate(InetSocketAddress target, Duration duration, int clients, int window) {
        return new LoadSpec(target, duration, 0, clients, MAX_REQUESTS, window);
    }

    /** rate × duration, rounded up, within {@link #MAX_REQUESTS}; {@link #MAX_REQUESTS} for max mode. */
    public static long defaultCount(Duration duration, long rate) {
        if (rate <= 0 || duration == null || duration.isNegative()) {
            return MAX_REQUESTS;
        }
        double n = Math.ceil(rate * (duration.toNanos() / 1e9));
        return (long) Math.max(1, Math.min(MAX_REQUESTS, n));
    }

    /** What is wrong with these parameters, one phrase each; empty when they are within the caps. */
    public static List<String> problems(Duration duration, long rate, int clients, long maxRequests, int window) {
        List<String> p = new ArrayList<>();
        if (duration == null || duration.isNegative() || duration.isZero() || duration.compareTo(MAX_DURATION) > 0) {
            p.add("duration must be more than 0 and at most " + MAX_DURATION.toSeconds() + " s");
        }
        if (clients < 1 || clients > MAX_CLIENTS) {
            p.add("clients must be 1 to " + MAX_CLIENTS);
        }
        if (rate < 0 || rate > MAX_RATE) {
            p.add("rate must be 1 to " + MAX_RATE + " requests/s (or max)");
        } else if (rate > 0 && rate < clients) {
            p.add("rate must be at least one request/s per client (" + clients + ")");
        }
        if (maxRequests < clients || maxRequests > MAX_REQUESTS) {
            p.add("count must be at least one per client (" + clients + ") and at most " + MAX_REQUESTS);
        }
        if (window < 1 || window > MAX_WINDOW) {
            p.add("window must be 1 to " + MAX_WINDOW);
        }
        return p;
    }

    /** Whether this is a max-rate (closed loop) run. */
    public boolean isMax() {
        return rate == 0;
    }

    /** Requests client {@code i} sends at most: an even share of {@link #maxRequests}. */
    public long requestsOf(int i) {
        return share(maxRequests, i);
    }

    /** Requests per second client {@code i} offers: an even share of {@link #rate} (0 in max mode). */
    public long rateOf(int i) {
        return share(rate, i);
    }

    private long share(long total, int i) {
        if (i < 0 || i >= clients) {
            throw new IndexOutOfBoundsException("client " + i + " of " + clients);
        }
        return total / clients + (i < total % clients ? 1 : 0);
    }
}
