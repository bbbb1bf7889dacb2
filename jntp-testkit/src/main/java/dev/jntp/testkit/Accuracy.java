// Figures of merit of a simulated run and the assertions scenarios make on them, failing with seed and trace.
package dev.jntp.testkit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * Reduces a {@link Trace} to the numbers a scenario promises, as chrony's simulation tests do:
 * time to first synchronisation, and after a settling time the largest and RMS true offset and
 * the largest frequency error. {@link #check} starts a list of criteria; {@link Check#verify}
 * tests them all and, when any fails, throws one {@link AssertionError} that names every
 * failure, the seed (and how to replay it) and a compact offset trace.
 */
public final class Accuracy {

    private Accuracy() {}

    /**
     * The figures of a run.
     *
     * @param samples samples after the settling time (those the offset figures cover)
     * @param maxAbsOffset largest |true offset| after settling, seconds
     * @param rmsOffset RMS true offset after settling, seconds
     * @param meanOffset mean true offset after settling, seconds
     * @param maxAbsFrequencyErrorPpm largest |frequency error| after settling, ppm
     * @param maxAbsEstimateError largest |estimate error| after settling, seconds (NaN without estimates)
     * @param timeToFirstSyncNanos from the trace's start to the first synchronised sample, or -1 if none
     * @param synchronisedFraction share of samples after settling that were synchronised
     */
    public record Summary(int samples, double maxAbsOffset, double rmsOffset, double meanOffset,
            double maxAbsFrequencyErrorPpm, double maxAbsEstimateError, long timeToFirstSyncNanos,
            double synchronisedFraction) {

        /** Whether some sample was synchronised. */
        public boolean everSynchronised() {
            return timeToFirstSyncNanos >= 0;
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT,
                    "%d samples: max |offset| %s, RMS %s, mean %s, max |freq err| %.3fppm, max |est err| %s, "
                            + "first sync %s, synchronised %.1f%%",
                    samples, Trace.formatSeconds(maxAbsOffset), Trace.formatSeconds(rmsOffset),
                    Trace.formatSeconds(meanOffset), maxAbsFrequencyErrorPpm, Trace.formatSeconds(maxAbsEstimateError),
                    everSynchronised() ? "+" + Trace.formatElapsed(timeToFirstSyncNanos) : "never",
                    100 * synchronisedFraction);
        }
    }

    /** The figures of {@code trace}, offsets and frequency counted from {@code settle} after its start. */
    public static Summary summarize(Trace trace, Duration settle) {
        long from = trace.start() + settle.toNanos();
        int n = 0;
        int synced = 0;
        double max = 0;
        double sumSq = 0;
        double sum = 0;
        double maxFreq = 0;
        double maxEst = Double.NaN;
        long firstSync = -1;
        for (Trace.Sample s : trace.samples()) {
            if (firstSync < 0 && s.synchronised()) {
                firstSync = s.trueNanos() - trace.start();
            }
            if (s.trueNanos() < from) {
                continue;
            }
            n++;
            synced += s.synchronised() ? 1 : 0;
            double o = s.trueOffset();
            max = Math.max(max, Math.abs(o));
            sum += o;
            sumSq += o * o;
            maxFreq = Math.max(maxFreq, Math.abs(s.frequencyErrorPpm()));
            double e = Math.abs(s.estimateError());
            if (!Double.isNaN(e)) {
                maxEst = Double.isNaN(maxEst) ? e : Math.max(maxEst, e);
            }
        }
        return new Summary(n, max, n == 0 ? 0 : Math.sqrt(sumSq / n), n == 0 ? 0 : sum / n, maxFreq, maxEst,
                firstSync, n == 0 ? 0 : (double) synced / n);
    }

    /** Starts the checks of a run simulated from {@code seed}. */
    public static Check check(Trace trace, long seed) {
        return new Check(trace, seed);
    }

    /** Criteria on one trace, tested together by {@link #verify}. */
    public static final class Check {
        private record Criterion(String name, boolean ok, String actual) {}

        private interface Test {
            Criterion on(Summary s);
        }

        private final Trace trace;
        private final long seed;
        private String scenario = "simulation";
        private Duration settle = Duration.ZERO;
        private final List<Test> tests = new ArrayList<>();

        private Check(Trace trace, long seed) {
            this.trace = trace;
            this.seed = seed;
        }

        /** Names the scenario in the failure message. */
        public Check scenario(String name) {
            this.scenario = name;
            return this;
        }

        /** Offset and frequency criteria ignore samples before this much time from the start. */
        public Check settlingTime(Duration d) {
            this.settle = d;
            return this;
        }

        /** Max |true offset| after settling at most {@code seconds}. */
        public Check maxAbsOffset(double seconds) {
            return atMost("max |offset|", seconds, Summary::maxAbsOffset);
        }

        /** RMS true offset after settling at most {@code seconds}. */
        public Check rmsOffset(double seconds) {
            return atMost("RMS offset", seconds, Summary::rmsOffset);
        }

        /** Max |estimate error| after settling at most {@code seconds}. */
        public Check maxAbsEstimateError(double seconds) {
            return atMost("max |estimate error|", seconds, Summary::maxAbsEstimateError);
        }

        /** Max |frequency error| after settling at most {@code ppm}. */
        public Check maxFrequencyErrorPpm(double ppm) {
            tests.add(s -> new Criterion(String.format(Locale.ROOT, "max |frequency error| <= %.3fppm", ppm),
                    s.samples() > 0 && s.maxAbsFrequencyErrorPpm() <= ppm,
                    String.format(Locale.ROOT, "%.3fppm", s.maxAbsFrequencyErrorPpm())));
            return this;
        }

        /** A figure in seconds, over the settled samples, at most {@code limit}. */
        private Check atMost(String name, double limit, ToDoubleFunction<Summary> figure) {
            tests.add(s -> new Criterion(name + " <= " + Trace.formatSeconds(limit),
                    s.samples() > 0 && figure.applyAsDouble(s) <= limit, Trace.formatSeconds(figure.applyAsDouble(s))));
            return this;
        }

        /** First synchronised sample no later than {@code d} after the start. */
        public Check synchronisedWithin(Duration d) {
            tests.add(s -> new Criterion("first sync within " + Trace.formatElapsed(d.toNanos()),
                    s.everSynchronised() && s.timeToFirstSyncNanos() <= d.toNanos(),
                    s.everSynchronised() ? Trace.formatElapsed(s.timeToFirstSyncNanos()) : "never"));
            return this;
        }

        /** No sample synchronised, ever (e.g. when a majority of sources are falsetickers). */
        public Check neverSynchronised() {
            tests.add(s -> new Criterion("never synchronised", !s.everSynchronised(),
                    s.everSynchronised() ? "synchronised at +" + Trace.formatElapsed(s.timeToFirstSyncNanos()) : "never"));
            return this;
        }

        /** Every sample after settling synchronised. */
        public Check staysSynchronised() {
            tests.add(s -> new Criterion("synchronised throughout after settling",
                    s.samples() > 0 && s.synchronisedFraction() == 1.0,
                    String.format(Locale.ROOT, "%.2f%% of samples", 100 * s.synchronisedFraction())));
            return this;
        }

        /** Tests every criterion; returns the figures, or throws one AssertionError naming every failure. */
        public Summary verify() {
            Summary s = summarize(trace, settle);
            List<Criterion> failed = new ArrayList<>();
            for (Test t : tests) {
                Criterion c = t.on(s);
                if (!c.ok()) {
                    failed.add(c);
                }
            }
            if (failed.isEmpty()) {
                return s;
            }
            StringBuilder m = new StringBuilder();
            m.append(String.format(Locale.ROOT, "%s failed with seed %d (0x%x); replay with -D%s=%d%n", scenario, seed,
                    seed, Seeds.PROPERTY, seed));
            for (Criterion c : failed) {
                m.append("  ").append(c.name()).append(": was ").append(c.actual()).append('\n');
            }
            m.append("  after settling ").append(Trace.formatElapsed(settle.toNanos())).append(": ").append(s).append('\n');
            m.append("offset trace (true offset = local - true; est.err = local estimate error):\n");
            m.append(trace.compact());
            throw new AssertionError(m.toString());
        }
    }
}
