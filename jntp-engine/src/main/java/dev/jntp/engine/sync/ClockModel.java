// The correction jntp has applied to the local clock, as a function of time, mirroring what the clock driver does.
package dev.jntp.engine.sync;

/**
 * Tracks C(t), the total correction applied to the local clock (frequency correction integrated
 * over time, completed part of the current slew, steps), from the commands the engine gives.
 * Every {@link dev.jntp.engine.clock.NtpClock} applies a slew at exactly its maximum rate until
 * done, so the model and the clock agree. With C known, a measured offset converts to the
 * offset against the free-running clock (raw offset = offset + C) and a local time to raw time
 * (local - C), where a clock with a constant frequency error draws a straight line.
 */
final class ClockModel {

    private long baseNanos;
    private double baseCorrection;
    private double frequencyPpm;
    private double slew;
    private double slewRatePpm;

    ClockModel(long nowNanos, double frequencyPpm) {
        this.baseNanos = nowNanos;
        this.frequencyPpm = frequencyPpm;
    }

    /** C at local time {@code t}, seconds. */
    double correctionAt(long t) {
        double dt = (t - baseNanos) / 1e9;
        return baseCorrection + frequencyPpm * 1e-6 * dt + slewDone(dt);
    }

    /** Raw (free-running) time of local time {@code t}. */
    long rawNanos(long t) {
        return t - Math.round(correctionAt(t) * 1e9);
    }

    /** The part of the current slew still to be applied at local time {@code t}. */
    double remainingSlew(long t) {
        return slew - slewDone((t - baseNanos) / 1e9);
    }

    double frequencyPpm() {
        return frequencyPpm;
    }

    private double slewDone(double dt) {
        if (slew == 0 || dt <= 0) {
            return 0;
        }
        double done = slewRatePpm * 1e-6 * dt;
        return done >= Math.abs(slew) ? slew : Math.copySign(done, slew);
    }

    private void rebase(long now) {
        baseCorrection = correctionAt(now);
        slew = remainingSlew(now);
        baseNanos = now;
    }

    void setFrequency(long now, double ppm) {
        rebase(now);
        frequencyPpm = ppm;
    }

    /** A new slew replaces what is left of the previous one. */
    void slew(long now, double seconds, double ratePpm) {
        rebase(now);
        slew = seconds;
        slewRatePpm = ratePpm;
    }

    /** A step moves the local time axis itself: right after it, local time is {@code now + seconds}. */
    void step(long now, double seconds) {
        rebase(now);
        slew = 0;
        baseCorrection += seconds;
        baseNanos = now + Math.round(seconds * 1e9);
    }
}
