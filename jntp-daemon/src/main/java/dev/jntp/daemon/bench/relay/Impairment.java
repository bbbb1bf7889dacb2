// What the relay does to each datagram of one direction: lose it, or hold it for a delay with jitter, in order or not.
package dev.jntp.daemon.bench.relay;

import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * The impairment of one direction of a path, as arithmetic on {@link System#nanoTime} values and
 * draws from a seeded generator; the relay's sockets only carry out the verdicts. In the manner
 * of Linux netem ({@code delay D J distribution, loss P, reorder R}), with every bound explicit:
 *
 * <ul>
 *   <li>loss: each datagram is dropped with probability {@code loss}, independently;</li>
 *   <li>delay: {@code delay + jitter × u}, u uniform in [-1, 1), or {@code delay + jitter × g}, g a
 *       standard normal truncated to [-3, 3] (by redrawing, so the mean stays {@code delay}); the
 *       spec refuses a jitter that could make a delay negative, rather than clamping it;</li>
 *   <li>order: a datagram never leaves before one that arrived before it on the same flow
 *       (departure = max(arrival + delay, the flow's last departure)), except that with
 *       probability {@code reorder} it leaves at once, overtaking whatever the flow holds, as
 *       netem's reorder does.</li>
 * </ul>
 *
 * <p>Draws per datagram, in this order: loss; then, if kept, reorder (only when {@code reorder > 0});
 * then, if not reordered, the delay. A seed therefore fixes every verdict for a given sequence of
 * arrivals. Not thread-safe: one instance per direction, used by one thread.
 */
public final class Impairment {

    /** How the jitter is spread around the delay. */
    public enum Distribution {
        /** delay ± jitter, every value in between equally likely. */
        UNIFORM,
        /** Normal with standard deviation jitter, truncated at ± 3 jitter. */
        NORMAL
    }

    /** The largest delay or jitter, 10 s. */
    public static final long MAX_NANOS = 10_000_000_000L;
    /** Where the normal distribution is cut, in standard deviations. */
    static final double NORMAL_CUT = 3.0;
    private static final int MAX_REDRAWS = 100;

    /**
     * The settings of one direction.
     *
     * @param delayNanos the mean delay
     * @param jitterNanos half the width (uniform) or the standard deviation (normal) of the spread
     * @param distribution how the spread is drawn
     * @param loss probability of dropping a datagram, 0 to 1
     * @param reorder probability of sending a kept datagram at once, ahead of its flow, 0 to 1
     */
    public record Spec(long delayNanos, long jitterNanos, Distribution distribution, double loss, double reorder) {

        /** No impairment at all. */
        public static final Spec NONE = new Spec(0, 0, Distribution.UNIFORM, 0, 0);

        public Spec {
            List<String> p = problems(delayNanos, jitterNanos, distribution, loss, reorder);
            if (!p.isEmpty()) {
                throw new IllegalArgumentException(String.join("; ", p));
            }
        }

        /** What is wrong with these settings, one phrase each; empty when they are usable. */
        public static List<String> problems(long delayNanos, long jitterNanos, Distribution distribution, double loss,
                double reorder) {
            List<String> p = new ArrayList<>();
            if (delayNanos < 0 || delayNanos > MAX_NANOS) {
                p.add("delay must be 0 to " + MAX_NANOS / 1_000_000 + " ms");
            }
            if (jitterNanos < 0 || jitterNanos > MAX_NANOS) {
                p.add("jitter must be 0 to " + MAX_NANOS / 1_000_000 + " ms");
            }
            if (distribution == null) {
                p.add("no distribution");
            } else if (jitterNanos > 0 && lowestDelay(delayNanos, jitterNanos, distribution) < 0) {
                p.add(distribution == Distribution.UNIFORM
                        ? "jitter must not exceed the delay (a delay cannot be negative)"
                        : "3 x jitter must not exceed the delay with the normal distribution (a delay cannot be negative)");
            }
            if (!(loss >= 0 && loss <= 1)) {
                p.add("loss must be a probability, 0 to 1");
            }
            if (!(reorder >= 0 && reorder <= 1)) {
                p.add("reorder must be a probability, 0 to 1");
            }
            return p;
        }

        /** The shortest delay a kept, not reordered datagram can get. */
        public long minDelayNanos() {
            return lowestDelay(delayNanos, jitterNanos, distribution);
        }

        /** The longest delay a datagram can get from the draw (waiting behind its flow may add to it). */
        public long maxDelayNanos() {
            return delayNanos + spread(jitterNanos, distribution);
        }

        private static long lowestDelay(long delay, long jitter, Distribution d) {
            return delay - spread(jitter, d);
        }

        private static long spread(long jitter, Distribution d) {
            return d == Distribution.NORMAL ? (long) Math.ceil(NORMAL_CUT * jitter) : jitter;
        }
    }

    /** What happens to one datagram. */
    public sealed interface Verdict {
        /** Dropped. */
        record Drop() implements Verdict {}

        /**
         * Sent at {@code at} ({@link System#nanoTime} time).
         *
         * @param reordered sent at once, ahead of anything its flow still holds
         */
        record Deliver(long at, boolean reordered) implements Verdict {}
    }

    private static final Verdict DROP = new Verdict.Drop();

    private final Spec spec;
    private final RandomGenerator random;

    /** One direction with these settings, drawing from {@code random} (seed it to repeat a run). */
    public Impairment(Spec spec, RandomGenerator random) {
        this.spec = spec;
        this.random = random;
    }

    public Spec spec() {
        return spec;
    }

    /**
     * The verdict on a datagram that arrived at {@code arrival}, on a flow whose last datagram
     * was scheduled to leave at {@code flowDeparture} (any time not after {@code arrival} when
     * the flow holds nothing, such as the time the flow opened). Both are {@link System#nanoTime}
     * values, compared by their difference, so they must lie within 2^63 ns of each other.
     */
    public Verdict next(long arrival, long flowDeparture) {
        if (spec.loss() > 0 && random.nextDouble() < spec.loss()) {
            return DROP;
        }
        if (spec.reorder() > 0 && random.nextDouble() < spec.reorder()) {
            return new Verdict.Deliver(arrival, true);
        }
        long at = arrival + delay();
        return new Verdict.Deliver(at - flowDeparture < 0 ? flowDeparture : at, false);
    }

    /** One delay drawn from the distribution, within {@link Spec#minDelayNanos} and {@link Spec#maxDelayNanos}. */
    long delay() {
        long jitter = spec.jitterNanos();
        if (jitter == 0) {
            return spec.delayNanos();
        }
        double spread = switch (spec.distribution()) {
            case UNIFORM -> 2 * random.nextDouble() - 1;
            case NORMAL -> truncatedGaussian();
        };
        return spec.delayNanos() + Math.round(jitter * spread);
    }

    private double truncatedGaussian() {
        for (int i = 0; i < MAX_REDRAWS; i++) {
            double g = random.nextGaussian();
            if (Math.abs(g) <= NORMAL_CUT) {
                return g;
            }
        }
        return 0; // 100 draws beyond 3 sigma in a row: about 1e-257, but the loop stays bounded
    }
}
