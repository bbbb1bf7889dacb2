// What one relay run does: where it listens, where it forwards, the impairment, and the hard caps on all of them.
package dev.jntp.daemon.bench.relay;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The parameters of a relay run, checked against hard caps so that no relay runs for long or
 * forwards without bound, whatever the caller asks.
 *
 * @param listen where clients send (port 0: any free port)
 * @param upstream the server every client's datagrams go to
 * @param impairment applied to each direction separately (a datagram is delayed once out, its reply once back)
 * @param seed of the impairment draws; the two directions draw from generators derived from it
 * @param duration how long the relay runs, at most {@link #MAX_DURATION}
 * @param maxPackets datagrams received (both directions together) after which the relay stops
 */
public record RelaySpec(InetSocketAddress listen, InetSocketAddress upstream, Impairment.Spec impairment, long seed,
        Duration duration, long maxPackets) {

    /** The longest run, in seconds. */
    public static final int MAX_DURATION_SECONDS = 3600;
    /** The longest run. */
    public static final Duration MAX_DURATION = Duration.ofSeconds(MAX_DURATION_SECONDS);
    /** The most datagrams one run receives. */
    public static final long MAX_PACKETS = 10_000_000;
    /** The default bound on datagrams received. */
    public static final long DEFAULT_MAX_PACKETS = 1_000_000;

    public RelaySpec {
        List<String> problems = problems(duration, maxPackets);
        if (listen == null) {
            problems.addFirst("no listen address");
        }
        if (upstream == null) {
            problems.addFirst("no upstream");
        }
        if (impairment == null) {
            problems.addFirst("no impairment");
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
    }

    /** What is wrong with these bounds, one phrase each; empty when they are within the caps. */
    public static List<String> problems(Duration duration, long maxPackets) {
        List<String> p = new ArrayList<>();
        if (duration == null || duration.isNegative() || duration.isZero() || duration.compareTo(MAX_DURATION) > 0) {
            p.add("duration must be more than 0 and at most " + MAX_DURATION_SECONDS + " s");
        }
        if (maxPackets < 1 || maxPackets > MAX_PACKETS) {
            p.add("packet count must be 1 to " + MAX_PACKETS);
        }
        return p;
    }
}
