// Per-source regression of offsets against the free-running clock: offset and frequency estimates with errors.
package dev.jntp.engine.sync;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Iterator;

/**
 * The statistics of one source's samples, after chrony's sourcestats (weighted linear regression
 * of offset against time, with a runs test deciding how many samples to keep) rather than
 * RFC 5905's eight-stage clock filter: regression uses every recent sample instead of one, which
 * averages network jitter away and measures the frequency error directly.
 *
 * <p>Samples are stored as <em>raw</em> offsets: the offset the source would have shown against
 * the free-running (uncorrected) local clock, i.e. measured offset plus the correction jntp had
 * applied at that moment ({@link ClockModel}). Raw offsets are a straight line in time for a
 * clock with a constant frequency error, whatever corrections were applied meanwhile, so no
 * sample has to be rewritten when the clock is slewed, stepped or retuned.
 *
 * <p>Weights favour samples whose delay is near the smallest recent delay: a sample delayed by
 * queueing carries up to half the extra delay as offset error (RFC 5905 section 10, the reason
 * for the clock filter's minimum-delay choice). The scale of the errors comes from the
 * residuals themselves.
 *
 * <p>With a dozen samples or more, the offset is then pulled halfway toward what the samples' delay
 * bounds say ({@link DelayBounds}), by at most one standard error of the regression: network delays are
 * one-sided, and the extremes of a window locate the line better than its average once there are
 * some dozens of them, and without the bias a busy direction gives an average (replayed real bench
 * path, RMS over five minutes 120 -> 69 us; simulated steady LAN 9.9 -> 5.6 us). The frequency stays
 * the regression's.
 */
final class SourceStats {

    /** Most samples kept. */
    static final int MAX_SAMPLES = 64;
    /** Fewest samples that give a delay spread. */
    static final int MIN_FOR_DELAY_SPREAD = 4;
    /** Fewest samples before the delay bounds take part in the offset ({@link DelayBounds}). */
    static final int MIN_FOR_BOUNDS = 12;
    /** Fewest samples the runs test may trim to. */
    static final int MIN_SAMPLES = 6;

    /**
     * One stored sample, in the free-running clock's time scale: {@code rawNanos} is the local
     * time minus the correction in force, {@code rawOffset} the measured offset plus it.
     */
    record Point(long rawNanos, double rawOffset, double delay, double dispersion) {}

    /**
     * The regression at a moment.
     *
     * @param rawOffset estimated raw offset at the requested raw time, seconds
     * @param frequency estimated slope of the raw offset, seconds per second (the free-running
     *     clock's frequency error, with its sign: raw offset grows when the clock runs slow)
     * @param offsetError standard error of {@code rawOffset}, seconds
     * @param skew standard error of {@code frequency}, s/s
     * @param stdDev standard deviation of the residuals, seconds (the source's jitter)
     * @param samples samples used
     * @param minDelay smallest delay among them, seconds
     * @param lastDispersion dispersion of the newest sample, seconds
     * @param lastDelay delay of the newest sample, seconds
     */
    record Estimate(double rawOffset, double frequency, double offsetError, double skew, double stdDev, int samples,
            double minDelay, double lastDispersion, double lastDelay) {}

    private final ArrayDeque<Point> points = new ArrayDeque<>();
    private final double precision;

    /** @param precision floor of the per-sample error, seconds (the clocks' precision) */
    SourceStats(double precision) {
        this.precision = Math.max(precision, 1e-9);
    }

    /** Adds a sample; returns how many of the oldest samples the runs test then discarded. */
    int add(Point p) {
        if (!points.isEmpty() && p.rawNanos() <= points.peekLast().rawNanos()) {
            points.clear();
        }
        points.addLast(p);
        while (points.size() > MAX_SAMPLES) {
            points.removeFirst();
        }
        int before = points.size();
        trimByRunsTest();
        return before - points.size();
    }

    void clear() {
        points.clear();
    }

    int size() {
        return points.size();
    }

    /** The newest sample, or null. */
    Point last() {
        return points.peekLast();
    }

    /** Smallest delay of the stored samples, or NaN when there are none. */
    double minDelay() {
        double m = Double.NaN;
        for (Point p : points) {
            m = Double.isNaN(m) ? p.delay() : Math.min(m, p.delay());
        }
        return m;
    }

    /**
     * How far the delays of the stored samples typically lie above the smallest (the median excess),
     * or NaN with fewer than {@value #MIN_FOR_DELAY_SPREAD} samples: the scale of the delay test.
     */
    double delaySpread() {
        return points.size() < MIN_FOR_DELAY_SPREAD ? Double.NaN : medianExcess();
    }

    /** The median of the stored samples' delays above the smallest; there is at least one sample. */
    private double medianExcess() {
        double min = minDelay();
        double[] excess = new double[points.size()];
        int i = 0;
        for (Point p : points) {
            excess[i++] = p.delay() - min;
        }
        Arrays.sort(excess);
        return excess[excess.length / 2];
    }

    /**
     * The estimate at raw time {@code atNanos}, or null without samples. With one sample (or
     * samples too close together) the frequency is taken to be {@code assumedFrequency} with
     * a large skew.
     */
    Estimate estimate(long atNanos, double assumedFrequency) {
        return estimate(atNanos, assumedFrequency, true);
    }

    /** The estimate, with the delay bounds' pull on the offset or (for the runs test) the regression line alone. */
    Estimate estimate(long atNanos, double assumedFrequency, boolean withBounds) {
        int n = points.size();
        if (n == 0) {
            return null;
        }
        Point last = points.peekLast();
        double minDelay = minDelay();
        // The scale of the delay weights: the median excess once there are enough samples to tell; before,
        // an eighth of the smallest delay, so that of two or three samples the one held up by much more than
        // that hardly counts (the clock filter's minimum-delay choice, RFC 5905 section 10).
        double typicalExcess = Math.max(n < MIN_FOR_DELAY_SPREAD ? minDelay / 8 : medianExcess(), precision);
        double[] t = new double[n];
        double[] y = new double[n];
        double[] w = new double[n];
        double[] d = new double[n];
        int i = 0;
        for (Point p : points) {
            t[i] = (p.rawNanos() - last.rawNanos()) / 1e9;
            y[i] = p.rawOffset();
            d[i] = p.delay();
            // A sample delayed by x typical excess delays (the median excess, which one late sample
            // cannot inflate) counts as (1 + 2x)^2 times less precise. Twice as steep as chrony's
            // scale: on a busy machine the held-up exchanges are mostly held up one way, so their
            // offsets are biased, not just noisier (simulated busy bench path: RMS over the first
            // five minutes 68 -> 60 us with test C; the quiet path unchanged within 1 us).
            double k = 1 + (p.delay() - minDelay) / (typicalExcess * 0.5);
            w[i] = 1 / (k * k);
            i++;
        }
        double sw = 0, st = 0, sy = 0;
        for (i = 0; i < n; i++) {
            sw += w[i];
            st += w[i] * t[i];
            sy += w[i] * y[i];
        }
        double tm = st / sw;
        double ym = sy / sw;
        double stt = 0, sty = 0;
        for (i = 0; i < n; i++) {
            stt += w[i] * (t[i] - tm) * (t[i] - tm);
            sty += w[i] * (t[i] - tm) * (y[i] - ym);
        }
        double span = t[n - 1] - t[0];
        boolean slopeKnown = n >= 3 && span > 1.0 && stt > 0;
        double b = slopeKnown ? sty / stt : assumedFrequency;
        double a = ym - b * tm;
        double rss = 0;
        for (i = 0; i < n; i++) {
            double r = y[i] - (a + b * t[i]);
            rss += w[i] * r * r;
        }
        // Var(y_i) = s2 / w_i. s2 comes from the residuals, shrunk toward a prior of half the
        // smallest delay (the error bound of one sample) while there are few degrees of freedom.
        int dof = n - (slopeKnown ? 2 : 1);
        double prior = Math.max(minDelay / 2, precision);
        double s2 = (rss + prior * prior) / (dof + 1);
        s2 = Math.max(s2, precision * precision);
        double x = (atNanos - last.rawNanos()) / 1e9;
        double skew = slopeKnown ? Math.sqrt(s2 / stt) : 1e-4;
        double varA = s2 / sw + (x - tm) * (x - tm) * skew * skew;
        double offset = a + b * x;
        if (withBounds && slopeKnown && n >= MIN_FOR_BOUNDS) {
            // Halfway to the delay bounds' estimate, at most one standard error of the regression's away
            // (DelayBounds: it beats the average once there are some dozens of samples, and one bad sample
            // can move it).
            double bound = DelayBounds.midpoint(t, y, d, n, x, b, Math.min(1e-3, Math.max(8 * skew, 1e-7)));
            double limit = 2 * Math.sqrt(varA);
            if (!Double.isNaN(bound)) {
                offset += Math.max(-limit, Math.min(limit, bound - offset)) / 2;
            }
        }
        return new Estimate(offset, b, Math.sqrt(varA), skew, Math.sqrt(s2), n, minDelay, last.dispersion(),
                last.delay());
    }

    /**
     * Drops the oldest samples while the residuals of a straight line through them show too few
     * sign changes (runs) to be noise: the frequency has changed and old samples would bias the
     * estimate (chrony's runs test, a Wald-Wolfowitz test on residual signs).
     */
    private void trimByRunsTest() {
        while (points.size() > MIN_SAMPLES) {
            Estimate e = estimate(points.peekLast().rawNanos(), 0, false);
            if (e == null || e.samples() < 3) {
                return;
            }
            double[] residuals = residuals(e);
            double maxResidual = 0;
            int pos = 0;
            for (double res : residuals) {
                maxResidual = Math.max(maxResidual, Math.abs(res));
                pos += res >= 0 ? 1 : 0;
            }
            if (maxResidual <= precision) {
                return;
            }
            int runs = runs(residuals);
            int n = residuals.length;
            int neg = n - pos;
            if (pos == 0 || neg == 0) {
                return;
            }
            double mean = 2.0 * pos * neg / n + 1;
            double var = (mean - 1) * (mean - 2) / (n - 1);
            if (runs >= mean - 2.0 * Math.sqrt(Math.max(var, 1e-9))) {
                return;
            }
            int drop = Math.max(1, (n - MIN_SAMPLES) / 2);
            Iterator<Point> it = points.iterator();
            for (int d = 0; d < drop && it.hasNext(); d++) {
                it.next();
                it.remove();
            }
        }
    }

    /** The samples' residuals from the line of {@code e}, an estimate at the newest sample, oldest first. */
    private double[] residuals(Estimate e) {
        long lastNanos = points.peekLast().rawNanos();
        double[] out = new double[points.size()];
        int k = 0;
        for (Point p : points) {
            double x = (p.rawNanos() - lastNanos) / 1e9;
            out[k++] = p.rawOffset() - (e.rawOffset() + e.frequency() * x);
        }
        return out;
    }

    /** Runs of residuals of one sign (a residual of 0 counts as positive). */
    private static int runs(double[] residuals) {
        int runs = residuals.length == 0 ? 0 : 1;
        for (int k = 1; k < residuals.length; k++) {
            if ((residuals[k] >= 0) != (residuals[k - 1] >= 0)) {
                runs++;
            }
        }
        return runs;
    }

    /** Runs of residuals of one sign in the current regression (chronyc sourcestats' NR); 0 without samples. */
    int runs() {
        if (points.isEmpty()) {
            return 0;
        }
        return runs(residuals(estimate(points.peekLast().rawNanos(), 0, false)));
    }

    /** Seconds from the oldest to the newest sample; 0 with fewer than two. */
    double spanSeconds() {
        return points.isEmpty() ? 0 : (points.peekLast().rawNanos() - points.peekFirst().rawNanos()) / 1e9;
    }

    @Override
    public String toString() {
        return "SourceStats" + Arrays.toString(points.toArray());
    }
}
