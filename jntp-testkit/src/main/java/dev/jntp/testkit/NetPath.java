// How one direction of a simulated network path treats datagrams: delay, jitter, loss, reordering, duplication.
package dev.jntp.testkit;

import java.time.Duration;
import java.util.Objects;

/**
 * One direction of a path. A datagram's delay is {@code max(0, baseDelay + jitter)}, plus
 * {@code reorderDelay} with probability {@code reorderProbability} (which makes it arrive after
 * datagrams sent later); it is lost with probability {@code loss} and delivered twice with
 * probability {@code duplicateProbability}. Asymmetry is two different paths, one each way.
 *
 * @param baseDelayNanos fixed one-way delay
 * @param jitter variable delay
 * @param loss probability of losing a datagram, 0 to 1
 * @param reorderProbability probability of holding a datagram back by {@code reorderDelayNanos}
 * @param reorderDelayNanos how long a held-back datagram waits
 * @param duplicateProbability probability of delivering a second copy (with its own delay)
 */
public record NetPath(long baseDelayNanos, Jitter jitter, double loss, double reorderProbability,
        long reorderDelayNanos, double duplicateProbability) {

    public NetPath {
        Objects.requireNonNull(jitter, "jitter");
        if (baseDelayNanos < 0 || reorderDelayNanos < 0) {
            throw new IllegalArgumentException("delays must not be negative");
        }
        requireProbability(loss, "loss");
        requireProbability(reorderProbability, "reorderProbability");
        requireProbability(duplicateProbability, "duplicateProbability");
    }

    /** A perfect path with a fixed delay. */
    public static NetPath delay(Duration baseDelay) {
        return new NetPath(baseDelay.toNanos(), Jitter.none(), 0, 0, 0, 0);
    }

    public NetPath withJitter(Jitter j) {
        return new NetPath(baseDelayNanos, j, loss, reorderProbability, reorderDelayNanos, duplicateProbability);
    }

    public NetPath withLoss(double p) {
        return new NetPath(baseDelayNanos, jitter, p, reorderProbability, reorderDelayNanos, duplicateProbability);
    }

    public NetPath withReordering(double p, Duration holdBack) {
        return new NetPath(baseDelayNanos, jitter, loss, p, holdBack.toNanos(), duplicateProbability);
    }

    public NetPath withDuplication(double p) {
        return new NetPath(baseDelayNanos, jitter, loss, reorderProbability, reorderDelayNanos, p);
    }

    private static void requireProbability(double p, String name) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException(name + " must be a probability, 0 to 1: " + p);
        }
    }
}
