// Tests the delay-bounds estimate: exact on noiseless lines, tighter than a fitted line under one-sided delays, unbiased by a one-way tail.
package dev.jntp.engine.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DelayBoundsTest {

    private static final double FLOOR = 0.0015;

    /**
     * {@code n} exchanges 4 s apart with a true offset {@code a + b t}: each direction takes the floor plus
     * {@code out} or {@code back} drawn by the caller; returns t, y, d.
     */
    private static double[][] exchanges(SplittableRandom r, int n, double a, double b, double outTail,
            double backTail) {
        double[] t = new double[n];
        double[] y = new double[n];
        double[] d = new double[n];
        for (int i = 0; i < n; i++) {
            t[i] = (i - (n - 1)) * 4.0;
            double out = FLOOR + r.nextDouble() * 0.001 + (r.nextDouble() < 0.25 ? r.nextDouble() * outTail : 0);
            double back = FLOOR + r.nextDouble() * 0.001 + (r.nextDouble() < 0.25 ? r.nextDouble() * backTail : 0);
            // Offset measured = true offset + (out - back) / 2; delay = out + back.
            y[i] = a + b * t[i] + (out - back) / 2;
            d[i] = out + back;
        }
        return new double[][] {t, y, d};
    }

    @Test
    void midpoint_noiselessLine_isTheLineAtTheGivenTime() {
        double[] t = {-12, -8, -4, 0};
        double[] y = new double[4];
        double[] d = {0.003, 0.003, 0.003, 0.003};
        for (int i = 0; i < 4; i++) {
            y[i] = 0.0002 + 5e-6 * t[i];
        }
        assertThat(DelayBounds.midpoint(t, y, d, 4, 2.0, 4e-6, 1e-4)).isCloseTo(0.0002 + 5e-6 * 2, within(1e-9));
        assertThat(DelayBounds.slope(t, y, d, 4, 2.0, 4e-6, 1e-4)).isCloseTo(5e-6, within(1e-9));
    }

    @Test
    void midpoint_tooFewSamplesOrNoRange_isNaN() {
        double[] one = {0};
        assertThat(DelayBounds.midpoint(one, one, one, 1, 0, 0, 1e-4)).isNaN();
        double[] two = {0, 1};
        assertThat(DelayBounds.midpoint(two, two, two, 2, 0, 0, 0)).isNaN();
        assertThat(DelayBounds.midpoint(two, two, two, 2, 0, 0, Double.NaN)).isNaN();
    }

    @Test
    void midpoint_oneSidedUniformDelays_64Samples_beatsTheLeastSquaresLineAtItsEnd() {
        SplittableRandom r = new SplittableRandom(7);
        double sqBounds = 0;
        double sqLine = 0;
        for (int run = 0; run < 200; run++) {
            double[][] e = exchanges(r, 64, 0, 0, 0, 0);
            double m = DelayBounds.midpoint(e[0], e[1], e[2], 64, 0, 0, 1e-5);
            double l = leastSquaresAt(e[0], e[1], 0);
            sqBounds += m * m;
            sqLine += l * l;
        }
        // A straight line fitted to 64 samples of 204 us noise errs at its end by ~50 us; the bounds by ~2/3 of that.
        assertThat(Math.sqrt(sqBounds / 200)).isLessThan(0.8 * Math.sqrt(sqLine / 200));
    }

    private static double leastSquaresAt(double[] t, double[] y, double x) {
        int n = t.length;
        double tm = 0;
        double ym = 0;
        for (int i = 0; i < n; i++) {
            tm += t[i] / n;
            ym += y[i] / n;
        }
        double stt = 0;
        double sty = 0;
        for (int i = 0; i < n; i++) {
            stt += (t[i] - tm) * (t[i] - tm);
            sty += (t[i] - tm) * (y[i] - ym);
        }
        return ym + sty / stt * (x - tm);
    }

    @Test
    void midpoint_heavyTailOnTheWayOutOnly_staysUnbiasedWhereAFittedLineDoesNot() {
        SplittableRandom r = new SplittableRandom(11);
        double sumBounds = 0;
        double sumLine = 0;
        for (int run = 0; run < 200; run++) {
            // A quarter of the requests held up by up to 4 ms on the way out (a busy client), replies not.
            double[][] e = exchanges(r, 64, 0.001, 2e-6, 0.004, 0);
            sumBounds += DelayBounds.midpoint(e[0], e[1], e[2], 64, 0, 2e-6, 1e-5) - 0.001;
            sumLine += leastSquaresAt(e[0], e[1], 0) - 0.001;
        }
        assertThat(sumLine / 200).as("fitted line's bias").isGreaterThan(100e-6);
        assertThat(Math.abs(sumBounds / 200)).as("bounds' bias").isLessThan(10e-6);
    }
}
