// Random delay added to a network path's base delay, per datagram.
package dev.jntp.testkit;

import java.time.Duration;
import java.util.random.RandomGenerator;

/** How much a datagram's delay varies. Every sample draws exactly one value from the path's stream. */
public sealed interface Jitter {

    /** Extra delay for one datagram, nanoseconds (may be negative for {@link Normal}; the path clips the total at 0). */
    long sampleNanos(RandomGenerator random);

    /** The mean of the samples, nanoseconds. */
    double averageNanos();

    /** No variation. */
    record None() implements Jitter {
        @Override
        public long sampleNanos(RandomGenerator random) {
            random.nextDouble();
            return 0;
        }

        @Override
        public double averageNanos() {
            return 0;
        }
    }

    /** Uniform in {@code [0, maxNanos)}. */
    record Uniform(long maxNanos) implements Jitter {
        public Uniform {
            requireNonNegative(maxNanos);
        }

        @Override
        public long sampleNanos(RandomGenerator random) {
            return (long) (random.nextDouble() * maxNanos);
        }

        @Override
        public double averageNanos() {
            return maxNanos / 2.0;
        }
    }

    /** Exponential with the given mean: mostly small, with a long tail, as queueing delay is. */
    record Exponential(long meanNanos) implements Jitter {
        public Exponential {
            requireNonNegative(meanNanos);
        }

        @Override
        public long sampleNanos(RandomGenerator random) {
            return Math.round(-Math.log(1.0 - random.nextDouble()) * meanNanos);
        }

        @Override
        public double averageNanos() {
            return meanNanos;
        }
    }

    /** Normal with mean 0 and the given standard deviation. */
    record Normal(long sigmaNanos) implements Jitter {
        public Normal {
            requireNonNegative(sigmaNanos);
        }

        @Override
        public long sampleNanos(RandomGenerator random) {
            return Math.round(random.nextGaussian() * sigmaNanos);
        }

        @Override
        public double averageNanos() {
            return 0;
        }
    }

    /**
     * Uniform in {@code [0, maxNanos)}, except that with probability {@code spikeProbability} the
     * datagram is held up further, by an exponential amount of mean {@code spikeMeanNanos} beyond
     * {@code maxNanos}: the delays of a path through a busy machine (a relay or stack that does not
     * get the CPU at once). One draw decides both.
     */
    record UniformWithSpikes(long maxNanos, double spikeProbability, long spikeMeanNanos) implements Jitter {
        public UniformWithSpikes {
            requireNonNegative(maxNanos);
            requireNonNegative(spikeMeanNanos);
            if (!(spikeProbability >= 0 && spikeProbability < 1)) {
                throw new IllegalArgumentException("spike probability must be in [0, 1): " + spikeProbability);
            }
        }

        @Override
        public long sampleNanos(RandomGenerator random) {
            double u = random.nextDouble();
            if (u >= spikeProbability) {
                return (long) ((u - spikeProbability) / (1 - spikeProbability) * maxNanos);
            }
            return maxNanos + Math.round(-spikeMeanNanos * Math.log(Math.max(u / spikeProbability, 1e-300)));
        }

        @Override
        public double averageNanos() {
            return (1 - spikeProbability) * maxNanos / 2.0 + spikeProbability * (maxNanos + spikeMeanNanos);
        }
    }

    /**
     * Delays recorded on a real path, replayed in order and then from the start again: the noise of a
     * real run (e.g. {@code bench/sync-vs-chronyd}) fed to the simulation, so that an algorithm can be
     * judged on it without the machine that produced it. {@link SimNetwork} draws two values per datagram
     * (its delay and a possible duplicate's), so each recorded delay answers two draws; the stream is
     * not used. Not thread-safe, like the simulation.
     */
    final class Replay implements Jitter {
        private final long[] nanos;
        private final double average;
        private long draws;

        public Replay(long[] nanos) {
            if (nanos.length == 0) {
                throw new IllegalArgumentException("a replay needs at least one delay");
            }
            this.nanos = nanos.clone();
            this.average = java.util.Arrays.stream(nanos).average().orElse(0);
        }

        @Override
        public long sampleNanos(RandomGenerator random) {
            return nanos[(int) ((draws++ / 2) % nanos.length)];
        }

        @Override
        public double averageNanos() {
            return average;
        }
    }

    static Jitter none() {
        return new None();
    }

    static Jitter uniform(Duration max) {
        return new Uniform(max.toNanos());
    }

    static Jitter exponential(Duration mean) {
        return new Exponential(mean.toNanos());
    }

    static Jitter normal(Duration sigma) {
        return new Normal(sigma.toNanos());
    }

    private static void requireNonNegative(long nanos) {
        if (nanos < 0) {
            throw new IllegalArgumentException("jitter must not be negative: " + nanos);
        }
    }
}
