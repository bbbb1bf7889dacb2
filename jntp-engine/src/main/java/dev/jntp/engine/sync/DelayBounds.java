// The offset a source's samples bound from both sides once each direction's delay is taken to be at least its floor.
package dev.jntp.engine.sync;

/**
 * A second estimate of a source's offset line, from the extremes of its samples rather than their
 * average: the estimate of maximum likelihood when network delays are one-sided (queueing adds to a
 * fixed floor in each direction, independently), as the minimum-delay clock filter of RFC 5905
 * section 10 assumes (Jeske, "On maximum-likelihood estimation of clock offset", IEEE Trans.
 * Commun. 53(1), 2005; with a frequency error, the line is fitted between the samples' bounds as in
 * Moon, Skelly and Towsley, "Estimation and removal of clock skew from network delay measurements",
 * INFOCOM 1999).
 *
 * <p>A sample with offset {@code y} and round-trip delay {@code d} says that the true offset lies
 * in {@code [y - d/2 + f_b, y + d/2 - f_a]} where {@code f_a}, {@code f_b} are the unknown delay
 * floors of the two directions. For a line of slope {@code s} the lowest upper bound and the
 * highest lower bound, carried to a common time, enclose the line's position; their midpoint does
 * not depend on the floors when they are equal, and the slope that makes the enclosure widest is
 * the one that tilts no sample out of place (for a wrong slope, bounds at one end of the window
 * move in). The error of the midpoint then shrinks as 1/n with n samples where an average's shrinks
 * as 1/sqrt(n), and a heavy tail of delays in one direction, which biases an average, leaves the
 * extremes alone.
 *
 * <p>Extremes are also what one bad sample moves, so {@link SourceStats} only lets this estimate
 * pull its regression's part of the way, within the regression's own error.
 */
final class DelayBounds {

    /** Ternary-search rounds: the slope range shrinks by 2/3 each, 1e-3 s/s to below 1e-11. */
    private static final int ROUNDS = 64;

    private DelayBounds() {}

    /**
     * The midpoint of the bounds at time {@code x}, seconds (same scale as {@code t}), with the slope
     * searched in {@code [slope - range, slope + range]}; NaN with fewer than two samples.
     *
     * @param t sample times, seconds
     * @param y sample offsets, seconds
     * @param d sample round-trip delays, seconds
     */
    static double midpoint(double[] t, double[] y, double[] d, int n, double x, double slope, double range) {
        if (n < 2 || !(range > 0)) {
            return Double.NaN;
        }
        double s = slope(t, y, d, n, x, slope, range);
        return (lower(t, y, d, n, x, s) + upper(t, y, d, n, x, s)) / 2;
    }

    /** The slope that holds the bounds widest apart, searched in {@code [slope - range, slope + range]}. */
    static double slope(double[] t, double[] y, double[] d, int n, double x, double slope, double range) {
        double lo = slope - range;
        double hi = slope + range;
        for (int r = 0; r < ROUNDS; r++) {
            double m1 = lo + (hi - lo) / 3;
            double m2 = hi - (hi - lo) / 3;
            if (width(t, y, d, n, x, m1) < width(t, y, d, n, x, m2)) {
                lo = m1;
            } else {
                hi = m2;
            }
        }
        return (lo + hi) / 2;
    }

    /** How far apart the bounds are at {@code x} for slope {@code s}: concave in {@code s}. */
    private static double width(double[] t, double[] y, double[] d, int n, double x, double s) {
        return upper(t, y, d, n, x, s) - lower(t, y, d, n, x, s);
    }

    private static double lower(double[] t, double[] y, double[] d, int n, double x, double s) {
        double m = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            m = Math.max(m, y[i] - d[i] / 2 + s * (x - t[i]));
        }
        return m;
    }

    private static double upper(double[] t, double[] y, double[] d, int n, double x, double s) {
        double m = Double.POSITIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            m = Math.min(m, y[i] + d[i] / 2 + s * (x - t[i]));
        }
        return m;
    }
}
