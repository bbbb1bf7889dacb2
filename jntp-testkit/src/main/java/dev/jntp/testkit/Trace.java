// The record of a simulation run: true offset, estimated offset, frequency error and sync state over time.
package dev.jntp.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.AbstractList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.DoubleSupplier;

/**
 * Samples of a run, in the order they were taken. Signs: {@code trueOffset} is the local
 * clock's reading minus true UTC (positive: ahead, as {@link SimulatedClock#trueOffset()});
 * {@code estimatedOffset} is what the engine believes in its own convention, reference minus
 * local, so a perfect estimate is {@code -trueOffset} and {@link Sample#estimateError()} is 0.
 * Use NaN when there is no estimate. Kept in primitive arrays: a day at one sample a second is
 * cheap. {@link #compact} gives a short human summary, {@link #writeCsv} every sample.
 */
public final class Trace {

    /**
     * One sample.
     *
     * @param trueNanos uniform true time it was taken
     * @param trueOffset reading minus true UTC, seconds
     * @param estimatedOffset the engine's estimate, reference minus local, seconds (NaN: none)
     * @param frequencyErrorPpm the clock's rate error in force, ppm
     * @param synchronised whether the engine reported synchronisation
     */
    public record Sample(long trueNanos, double trueOffset, double estimatedOffset, double frequencyErrorPpm,
            boolean synchronised) {

        /** How wrong the estimate is, seconds: {@code trueOffset + estimatedOffset} (NaN without estimate). */
        public double estimateError() {
            return trueOffset + estimatedOffset;
        }
    }

    private static final long[] BUCKETS = {1, 10, 60, 600, 3600, 6 * 3600, 86400};
    private static final int MAX_COMPACT_LINES = 150;

    private final long start;
    private int size;
    private long[] times = new long[1024];
    private double[] offsets = new double[1024];
    private double[] estimates = new double[1024];
    private double[] frequencies = new double[1024];
    private boolean[] synced = new boolean[1024];

    /** An empty trace of a run that starts at true time {@code startNanos} (time to sync counts from there). */
    public Trace(long startNanos) {
        this.start = startNanos;
    }

    /** An empty trace of a run that starts now. */
    public static Trace startingNow(SimScheduler scheduler) {
        return new Trace(scheduler.now());
    }

    /** When the run started. */
    public long start() {
        return start;
    }

    /** Adds a sample; times must not go back. */
    public void record(long trueNanos, double trueOffset, double estimatedOffset, double frequencyErrorPpm,
            boolean synchronised) {
        if (size > 0 && trueNanos < times[size - 1]) {
            throw new IllegalArgumentException("samples must be recorded in time order");
        }
        if (size == times.length) {
            int n = size * 2;
            times = Arrays.copyOf(times, n);
            offsets = Arrays.copyOf(offsets, n);
            estimates = Arrays.copyOf(estimates, n);
            frequencies = Arrays.copyOf(frequencies, n);
            synced = Arrays.copyOf(synced, n);
        }
        times[size] = trueNanos;
        offsets[size] = trueOffset;
        estimates[size] = estimatedOffset;
        frequencies[size] = frequencyErrorPpm;
        synced[size] = synchronised;
        size++;
    }

    /** Samples {@code clock} now: its true offset, frequency error and reported sync state, with the engine's estimate. */
    public void record(SimulatedClock clock, double estimatedOffset) {
        record(clock.time().now(), clock.trueOffset(), estimatedOffset, clock.frequencyErrorPpm(), clock.synchronised());
    }

    /** Samples {@code clock} every {@code period}, from now, until the returned event is cancelled. */
    public SimScheduler.Event sampleEvery(SimScheduler scheduler, Duration period, SimulatedClock clock,
            DoubleSupplier estimatedOffset) {
        return scheduler.every(scheduler.now(), period.toNanos(), () -> record(clock, estimatedOffset.getAsDouble()));
    }

    public int size() {
        return size;
    }

    public Sample get(int i) {
        if (i < 0 || i >= size) {
            throw new IndexOutOfBoundsException(i);
        }
        return new Sample(times[i], offsets[i], estimates[i], frequencies[i], synced[i]);
    }

    /** A read-only view of the samples. */
    public List<Sample> samples() {
        return new AbstractList<>() {
            @Override
            public Sample get(int i) {
                return Trace.this.get(i);
            }

            @Override
            public int size() {
                return size;
            }
        };
    }

    /** Every sample as CSV with a header line; seconds and ppm, full precision. */
    public String toCsv() {
        StringBuilder sb = new StringBuilder(64 * (size + 1));
        try {
            writeCsv(sb);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return sb.toString();
    }

    /** Writes {@link #toCsv()} to {@code out}. */
    public void writeCsv(Appendable out) throws IOException {
        out.append("true_unix_ns,elapsed_s,true_offset_s,estimated_offset_s,frequency_error_ppm,synchronised\n");
        for (int i = 0; i < size; i++) {
            out.append(Long.toString(times[i])).append(',')
                    .append(Double.toString((times[i] - start) / 1e9)).append(',')
                    .append(Double.toString(offsets[i])).append(',')
                    .append(Double.isNaN(estimates[i]) ? "" : Double.toString(estimates[i])).append(',')
                    .append(Double.toString(frequencies[i])).append(',')
                    .append(synced[i] ? "1" : "0").append('\n');
        }
    }

    /** Writes {@link #toCsv()} to a file, for plotting a failed run. */
    public void writeCsv(Path file) throws IOException {
        Files.writeString(file, toCsv(), StandardCharsets.US_ASCII);
    }

    /** One line per bucket of simulated time, the bucket chosen so that the whole run fits in about 150 lines. */
    public String compact() {
        long span = size == 0 ? 0 : times[size - 1] - start;
        for (long b : BUCKETS) {
            if (span / (b * SimTime.NANOS_PER_SECOND) < MAX_COMPACT_LINES) {
                return compact(Duration.ofSeconds(b));
            }
        }
        return compact(Duration.ofDays(1));
    }

    /**
     * One line per {@code bucket} of simulated time since the start: the range and mean of the
     * true offset, the largest estimate error, the frequency error at the end of the bucket, and
     * the share of samples synchronised.
     */
    public String compact(Duration bucket) {
        long width = bucket.toNanos();
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "%10s %10s %10s %10s %10s %12s %5s%n",
                "elapsed", "min", "mean", "max", "|est.err|", "freq.err", "sync"));
        int i = 0;
        while (i < size) {
            long k = Math.floorDiv(times[i] - start, width);
            double min = Double.POSITIVE_INFINITY;
            double max = Double.NEGATIVE_INFINITY;
            double sum = 0;
            double estErr = Double.NaN;
            int n = 0;
            int syncedCount = 0;
            double freq = 0;
            for (; i < size && Math.floorDiv(times[i] - start, width) == k; i++, n++) {
                min = Math.min(min, offsets[i]);
                max = Math.max(max, offsets[i]);
                sum += offsets[i];
                double e = Math.abs(offsets[i] + estimates[i]);
                if (!Double.isNaN(e)) {
                    estErr = Double.isNaN(estErr) ? e : Math.max(estErr, e);
                }
                freq = frequencies[i];
                syncedCount += synced[i] ? 1 : 0;
            }
            sb.append(String.format(Locale.ROOT, "%10s %10s %10s %10s %10s %+9.3fppm %4d%%%n",
                    "+" + formatElapsed(k * width), formatSeconds(min), formatSeconds(sum / n), formatSeconds(max),
                    Double.isNaN(estErr) ? "-" : formatSeconds(estErr), freq, Math.round(100.0 * syncedCount / n)));
        }
        return sb.toString();
    }

    /** Seconds with a unit fitting their size: {@code +1.234ms}, {@code -56.7us}, {@code +2ns}. */
    public static String formatSeconds(double s) {
        if (Double.isNaN(s)) {
            return "NaN";
        }
        double a = Math.abs(s);
        if (a >= 1) {
            return String.format(Locale.ROOT, "%+.3fs", s);
        }
        if (a >= 1e-3) {
            return String.format(Locale.ROOT, "%+.3fms", s * 1e3);
        }
        if (a >= 1e-6) {
            return String.format(Locale.ROOT, "%+.3fus", s * 1e6);
        }
        return String.format(Locale.ROOT, "%+.1fns", s * 1e9);
    }

    /** An elapsed time as {@code 1d02:03:04}, {@code 02:03:04} or {@code 03:04.5}. */
    public static String formatElapsed(long nanos) {
        long totalMillis = Math.floorDiv(nanos, 1_000_000L);
        long s = Math.floorDiv(totalMillis, 1000);
        long d = s / 86400;
        long h = (s / 3600) % 24;
        long m = (s / 60) % 60;
        long sec = s % 60;
        if (d > 0) {
            return String.format(Locale.ROOT, "%dd%02d:%02d:%02d", d, h, m, sec);
        }
        if (h > 0) {
            return String.format(Locale.ROOT, "%02d:%02d:%02d", h, m, sec);
        }
        return String.format(Locale.ROOT, "%02d:%02d.%d", m, sec, Math.floorMod(totalMillis, 1000) / 100);
    }
}
