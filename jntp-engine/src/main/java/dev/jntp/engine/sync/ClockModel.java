// The correction jntp has applied to the local clock, as a function of local time, mirroring what the clock driver does.
package dev.jntp.engine.sync;

import java.util.ArrayDeque;
import java.util.Iterator;

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
 *
 * <p>Time stamps can come late: a reply stamped by the kernel at T4 may be handed over after a
 * later command changed the frequency. The model therefore keeps the last few segments (the
 * parameters between two commands) and converts a past local time with the segment that was in
 * force then, not by running the current one backwards.
 */
final class ClockModel {

    /** Past segments kept for late time stamps. */
    private static final int HISTORY = 16;

    /**
     * The parameters from local time {@code base} on: the correction there, the frequency, and a
     * slew of {@code slew} seconds at {@code slewRate} (s/s) begun there.
     */
    private record Segment(long base, double baseCorrection, double frequency, double slew, double slewRate) {

        /** Free-running seconds elapsed between the base and local time {@code t}, and the slew done by then. */
        double[] progress(long t) {
            double dl = (t - base) / 1e9;
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

        double correctionAt(long t) {
            double[] p = progress(t);
            return baseCorrection + frequency * p[0] + p[1];
        }

        /** This segment carried on to local time {@code now}: the completed slew folded into the correction. */
        Segment rebased(long now) {
            double[] p = progress(now);
            return new Segment(now, baseCorrection + frequency * p[0] + p[1], frequency, slew - p[1], slewRate);
        }
    }

    private Segment current;
    /** Earlier segments, newest first. */
    private final ArrayDeque<Segment> history = new ArrayDeque<>();

    ClockModel(long nowNanos, double frequencyPpm) {
        this.current = new Segment(nowNanos, 0, frequencyPpm * 1e-6, 0, 0);
    }

    /** The segment in force at local time {@code t}. */
    private Segment at(long t) {
        if (t >= current.base() || history.isEmpty()) {
            return current;
        }
        Segment s = null;
        for (Iterator<Segment> it = history.iterator(); it.hasNext();) {
            s = it.next();
            if (s.base() <= t) {
                return s;
            }
        }
        return s;
    }

    /** C at local time {@code t}, seconds. */
    double correctionAt(long t) {
        return at(t).correctionAt(t);
    }

    /** Raw (free-running) time of local time {@code t}. */
    long rawNanos(long t) {
        return t - Math.round(correctionAt(t) * 1e9);
    }

    /** The part of the current slew still to be applied at local time {@code t}. */
    double remainingSlew(long t) {
        return current.slew() - current.progress(t)[1];
    }

    double frequencyPpm() {
        return current.frequency() * 1e6;
    }

    /** Starts a new segment at {@code now}, keeping the old one for late time stamps. */
    private Segment rebase(long now) {
        history.addFirst(current);
        while (history.size() > HISTORY) {
            history.removeLast();
        }
        return current.rebased(now);
    }

    void setFrequency(long now, double ppm) {
        Segment s = rebase(now);
        current = new Segment(s.base(), s.baseCorrection(), ppm * 1e-6, s.slew(), s.slewRate());
    }

    /** A new slew replaces what is left of the previous one. */
    void slew(long now, double seconds, double ratePpm) {
        Segment s = rebase(now);
        current = new Segment(s.base(), s.baseCorrection(), s.frequency(), seconds, ratePpm * 1e-6);
    }

    /** A step moves the local time axis itself: right after it, local time is {@code now + seconds}. */
    void step(long now, double seconds) {
        Segment s = rebase(now);
        current = new Segment(now + Math.round(seconds * 1e9), s.baseCorrection() + seconds, s.frequency(), 0,
                s.slewRate());
    }
}
