// The correction jntp has applied to the local clock, as a function of local time, mirroring what the clock driver does.
package dev.jntp.engine.sync;

/**
 * Tracks C(t), the total correction applied to the local clock (frequency correction integrated
 * over time, the completed part of the current slew, steps), from the commands the engine gives.
 * Every {@link dev.jntp.engine.clock.NtpClock} applies a slew at exactly its rate, measured on
 * the free-running time scale, until it is done, so the model and the clock agree. With C known,
 * a local time converts to raw time (local - C), the time scale of the free-running clock, in
 * which a clock with a constant frequency error draws a straight line of offsets.
 *
 * <p>Rates matter at second order during a fast slew: at chrony's default 83333 ppm the local
 * clock runs 8.3% fast, so elapsed local time is converted to free-running time before the
 * slew's progress is computed.
 */
final class ClockModel {

    private long baseNanos;
    private double baseCorrection;
    private double frequency;
    private double slew;
    private double slewRate;

    ClockModel(long nowNanos, double frequencyPpm) {
        this.baseNanos = nowNanos;
        this.frequency = frequencyPpm * 1e-6;
    }

    /** Free-running seconds elapsed between the base and local time {@code t}, and the slew done by then. */
    private double[] progress(long t) {
        double dl = (t - baseNanos) / 1e9;
        double g = 1 + frequency;
        if (slew == 0 || dl <= 0) {
            return new double[] {dl / g, 0};
        }
        double sigma = Math.copySign(slewRate, slew);
        double ts = Math.abs(slew) / slewRate;
        double ls = ts * (g + sigma);
        if (dl <= ls) {
            double tt = dl / (g + sigma);
            return new double[] {tt, sigma * tt};
        }
        return new double[] {ts + (dl - ls) / g, slew};
    }

    /** C at local time {@code t}, seconds. */
    double correctionAt(long t) {
        double[] p = progress(t);
        return baseCorrection + frequency * p[0] + p[1];
    }

    /** Raw (free-running) time of local time {@code t}. */
    long rawNanos(long t) {
        return t - Math.round(correctionAt(t) * 1e9);
    }

    /** The part of the current slew still to be applied at local time {@code t}. */
    double remainingSlew(long t) {
        return slew - progress(t)[1];
    }

    double frequencyPpm() {
        return frequency * 1e6;
    }

    private void rebase(long now) {
        double[] p = progress(now);
        baseCorrection += frequency * p[0] + p[1];
        slew -= p[1];
        baseNanos = now;
    }

    void setFrequency(long now, double ppm) {
        rebase(now);
        frequency = ppm * 1e-6;
    }

    /** A new slew replaces what is left of the previous one. */
    void slew(long now, double seconds, double ratePpm) {
        rebase(now);
        slew = seconds;
        slewRate = ratePpm * 1e-6;
    }

    /** A step moves the local time axis itself: right after it, local time is {@code now + seconds}. */
    void step(long now, double seconds) {
        rebase(now);
        slew = 0;
        baseCorrection += seconds;
        baseNanos = now + Math.round(seconds * 1e9);
    }
}
