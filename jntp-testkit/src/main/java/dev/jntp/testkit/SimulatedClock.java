// A simulated disciplinable clock: true time plus an error that drifts, wanders and answers corrections exactly.
package dev.jntp.testkit;

import dev.jntp.engine.clock.NtpClock;
import dev.jntp.proto.LeapIndicator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * An {@link NtpClock} whose reading is true time plus an error E(t). E starts at an initial
 * offset and grows at the clock's rate error: intrinsic frequency error + random-walk wander +
 * the frequency correction in force + the slew in progress, all in ppm and additive (the product
 * terms a real oscillator would add are below 0.01 ppm for errors of 100 ppm). Steps, scripted
 * or commanded, move E at once. Positive values make the clock run fast or jump forward, as in
 * {@link NtpClock}; {@link #trueOffset()} is reading minus true UTC, so a clock that is ahead has
 * a positive true offset and the engine, which measures reference minus local, sees it negative.
 *
 * <p>Arithmetic is piecewise exact: E is kept as whole nanoseconds plus a fraction, rebased only
 * at boundaries that do not depend on when the clock is read (a correction, a wander tick, the
 * end of a slew, a scripted step, a leap), and each linear piece is computed from its own start
 * in one multiplication. Reading the clock never changes what it will read later, so a day of
 * simulation accumulates no rounding drift and the same seed gives the same readings whoever
 * reads the clock and how often.
 *
 * <p>Wander is a random walk of the frequency, as in clknetsim: every tick (1 s by default) the
 * fractional frequency changes by a normal deviate of standard deviation
 * {@code sigma * sqrt(tick / 1 s)}, so {@code wander(1e-9, seed)} drifts about 0.3 ppm a day.
 *
 * <p>Leaps: {@link #setLeap} arms a leap for the end of the clock's current UTC day, and the
 * clock performs it when its own reading gets there (23:59:59 repeated, or skipped), as the
 * kernel does; a clock built with {@code followsUtcLeaps} (an upstream server's) instead follows
 * the true leaps of {@link SimTime} exactly.
 */
public final class SimulatedClock implements NtpClock {

    /** A step commanded through {@link #step}: when (true time) and by how much, seconds. */
    public record Step(long trueNanos, double seconds) {}

    private static final long NS = SimTime.NANOS_PER_SECOND;

    private final SimTime time;
    private final boolean followsUtcLeaps;
    private final double maxSlewRatePpm;

    // E at the anchor, as whole nanoseconds plus a fraction in [0, 1).
    private long anchor;
    private long errWhole;
    private double errFrac;

    private final double intrinsicPpm;
    private double wanderPpm;
    private double correctionPpm;

    private boolean slewing;
    private double slewRemainingNs;
    private double slewRatePpm;
    private long slewEnd;

    private final double wanderSigma;
    private final long wanderTick;
    private final SplittableRandom wanderRandom;
    private long nextTick;

    private final TreeMap<Long, Double> scriptedSteps;

    private LeapIndicator leap = LeapIndicator.NO_WARNING;
    private long leapTarget;
    private int leapsApplied;

    private final List<Step> steps = new ArrayList<>();
    private boolean synchronised;
    private double maxErrorSeconds = 16.0;
    private double estErrorSeconds = 16.0;

    private SimulatedClock(Builder b) {
        this.time = b.time;
        this.followsUtcLeaps = b.followsUtcLeaps;
        this.maxSlewRatePpm = b.maxSlewRatePpm;
        this.anchor = time.now();
        addError(b.offsetNanos);
        this.intrinsicPpm = b.frequencyErrorPpm;
        this.wanderSigma = b.wanderSigma;
        this.wanderTick = b.wanderTickNanos;
        this.wanderRandom = b.wanderSigma > 0 ? new SplittableRandom(b.wanderSeed) : null;
        this.nextTick = anchor + wanderTick;
        this.scriptedSteps = new TreeMap<>(b.scriptedSteps);
        if (!scriptedSteps.isEmpty() && scriptedSteps.firstKey() < anchor) {
            throw new IllegalArgumentException("a scripted step lies before the clock starts");
        }
    }

    /** A clock that starts now with no error at all, until told otherwise. */
    public static SimulatedClock perfect(SimTime time) {
        return builder(time).build();
    }

    /** Starts describing a clock that starts at {@code time}'s present. */
    public static Builder builder(SimTime time) {
        return new Builder(time);
    }

    // ---- NtpClock ----

    @Override
    public long readNanos() {
        long u = advance();
        double d = deltaTo(u);
        long dw = (long) Math.floor(d);
        return base(u) + errWhole + dw + Math.round(errFrac + (d - dw));
    }

    @Override
    public void setFrequencyPpm(double ppm) {
        commitNow();
        correctionPpm = ppm;
    }

    @Override
    public double frequencyPpm() {
        return correctionPpm;
    }

    @Override
    public void slew(double seconds, double maxRatePpm) {
        if (!(maxRatePpm > 0)) {
            throw new IllegalArgumentException("slew rate must be positive: " + maxRatePpm);
        }
        long u = commitNow();
        slewRemainingNs = seconds * 1e9;
        slewing = slewRemainingNs != 0;
        if (slewing) {
            double rate = Math.min(maxRatePpm, maxSlewRatePpm);
            slewRatePpm = Math.copySign(rate, seconds);
            slewEnd = Math.addExact(u, (long) Math.ceil(Math.abs(slewRemainingNs) / (rate * 1e-6)));
        }
    }

    @Override
    public double remainingSlew() {
        long u = advance();
        return slewing ? (slewRemainingNs - slewPart(u - anchor, u)) / 1e9 : 0.0;
    }

    @Override
    public void step(double seconds) {
        long u = commitNow();
        slewing = false;
        slewRemainingNs = 0;
        addError(seconds * 1e9);
        steps.add(new Step(u, seconds));
    }

    @Override
    public void setLeap(LeapIndicator leap) {
        commitNow();
        long reading = readNanos();
        long midnight = Math.floorDiv(reading, SimTime.NANOS_PER_DAY) * SimTime.NANOS_PER_DAY + SimTime.NANOS_PER_DAY;
        leapTarget = leap == LeapIndicator.DELETE_SECOND ? midnight - NS : midnight;
        this.leap = leap;
    }

    @Override
    public void setSynchronised(boolean synchronised, double maxErrorSeconds, double estErrorSeconds) {
        this.synchronised = synchronised;
        this.maxErrorSeconds = maxErrorSeconds;
        this.estErrorSeconds = estErrorSeconds;
    }

    // ---- what scenarios assert on ----

    /** Reading minus true UTC now, seconds: positive when this clock is ahead. */
    public double trueOffset() {
        long u = advance();
        double d = deltaTo(u);
        long dw = (long) Math.floor(d);
        return ((errWhole + dw + leapLag(u)) + (errFrac + (d - dw))) / 1e9;
    }

    /** Reading minus true UTC now, rounded to whole nanoseconds. */
    public long trueOffsetNanos() {
        return readNanos() - time.utc();
    }

    /** The rate error in force, ppm: intrinsic + wander + frequency correction (the slew excluded). */
    public double frequencyErrorPpm() {
        advance();
        return intrinsicPpm + wanderPpm + correctionPpm;
    }

    /** The free-running rate error now, ppm: intrinsic + wander, without the correction. */
    public double naturalFrequencyErrorPpm() {
        advance();
        return intrinsicPpm + wanderPpm;
    }

    /** The leap armed and not yet performed ({@link LeapIndicator#NO_WARNING} after it happened). */
    public LeapIndicator leap() {
        return leap;
    }

    /** Leap seconds this clock has performed itself (not counting {@code followsUtcLeaps}). */
    public int leapsApplied() {
        advance();
        return leapsApplied;
    }

    /** Whether the discipline last reported synchronisation. */
    public boolean synchronised() {
        return synchronised;
    }

    /** The maximum error last reported, seconds. */
    public double maxErrorSeconds() {
        return maxErrorSeconds;
    }

    /** The estimated error last reported, seconds. */
    public double estErrorSeconds() {
        return estErrorSeconds;
    }

    /** Steps commanded through {@link #step} (scripted steps excluded). */
    public int stepCount() {
        return steps.size();
    }

    /** Every commanded step, oldest first. */
    public List<Step> steps() {
        return List.copyOf(steps);
    }

    /** Adds a scripted step of {@code seconds} at true time {@code at} (a disturbance, not counted as a step). */
    public void scriptStep(long at, double seconds) {
        if (at < time.now()) {
            throw new IllegalArgumentException("scripted step in the past: " + SimTime.instantOf(at));
        }
        advance();
        scriptedSteps.merge(at, seconds, Double::sum);
    }

    /** The true time this clock lives in. */
    public SimTime time() {
        return time;
    }

    // ---- the arithmetic ----

    private long base(long u) {
        return followsUtcLeaps ? time.utcAt(u) : u;
    }

    /** How far the clock's own reading is behind uniform time beyond E: the true leaps it ignores. */
    private long leapLag(long u) {
        return followsUtcLeaps ? 0 : time.leapShiftAt(u);
    }

    private long commitNow() {
        long u = advance();
        commit(u);
        return u;
    }

    /** Processes every boundary up to now and returns now. */
    private long advance() {
        long u = time.now();
        while (true) {
            long b = nextBoundary();
            if (b > u) {
                return u;
            }
            commit(b);
            if (wanderRandom != null && b == nextTick) {
                wanderPpm += wanderRandom.nextGaussian() * wanderSigma * 1e6 * Math.sqrt(wanderTick / 1e9);
                nextTick += wanderTick;
            }
            Double s = scriptedSteps.remove(b);
            if (s != null) {
                addError(s * 1e9);
            }
            if (isLeapArmed() && b == leapBoundary()) {
                addError(leap == LeapIndicator.INSERT_SECOND ? -NS : NS);
                leapsApplied++;
                leap = LeapIndicator.NO_WARNING;
            }
        }
    }

    private long nextBoundary() {
        long b = Long.MAX_VALUE;
        if (wanderRandom != null) {
            b = nextTick;
        }
        if (slewing) {
            b = Math.min(b, slewEnd);
        }
        if (!scriptedSteps.isEmpty()) {
            b = Math.min(b, scriptedSteps.firstKey());
        }
        if (isLeapArmed()) {
            b = Math.min(b, leapBoundary());
        }
        return b;
    }

    private boolean isLeapArmed() {
        return !followsUtcLeaps && (leap == LeapIndicator.INSERT_SECOND || leap == LeapIndicator.DELETE_SECOND);
    }

    /** The first true time, from the anchor on, at which this clock reads the leap target. */
    private long leapBoundary() {
        double behind = (double) (leapTarget - anchor - errWhole) - errFrac;
        if (behind <= 0) {
            return anchor;
        }
        double speed = 1 + (intrinsicPpm + wanderPpm + correctionPpm + (slewing ? slewRatePpm : 0)) * 1e-6;
        if (speed <= 0) {
            return Long.MAX_VALUE;
        }
        double dt = Math.ceil(behind / speed);
        return dt >= Long.MAX_VALUE - anchor ? Long.MAX_VALUE : anchor + Math.max(1, (long) dt);
    }

    /** E(u) - E(anchor), nanoseconds, for a u no later than the next boundary. */
    private double deltaTo(long u) {
        long dt = u - anchor;
        double d = dt * (intrinsicPpm + wanderPpm + correctionPpm) / 1e6;
        return slewing ? d + slewPart(dt, u) : d;
    }

    /** The part of the slew applied between the anchor and u: exactly the remainder once u reaches its end. */
    private double slewPart(long dt, long u) {
        if (u >= slewEnd) {
            return slewRemainingNs;
        }
        double s = slewRatePpm * dt / 1e6;
        return Math.abs(s) >= Math.abs(slewRemainingNs) ? slewRemainingNs : s;
    }

    /** Moves the anchor to u, folding the linear piece into E. */
    private void commit(long u) {
        if (u == anchor) {
            return;
        }
        double d = deltaTo(u);
        if (slewing) {
            slewRemainingNs -= slewPart(u - anchor, u);
            if (u >= slewEnd) {
                slewing = false;
                slewRemainingNs = 0;
            }
        }
        addError(d);
        anchor = u;
    }

    private void addError(double nanos) {
        double whole = Math.floor(nanos);
        double x = errFrac + (nanos - whole);
        double carry = Math.floor(x);
        errWhole += (long) whole + (long) carry;
        errFrac = x - carry;
    }

    @Override
    public String toString() {
        return String.format("SimulatedClock[offset %+.9f s, frequency error %+.4f ppm, correction %+.4f ppm%s]",
                trueOffset(), frequencyErrorPpm(), correctionPpm, slewing ? ", slewing" : "");
    }

    /** Describes a simulated clock. */
    public static final class Builder {
        private final SimTime time;
        private long offsetNanos;
        private double frequencyErrorPpm;
        private double wanderSigma;
        private long wanderSeed;
        private long wanderTickNanos = NS;
        private double maxSlewRatePpm = Double.MAX_VALUE;
        private boolean followsUtcLeaps;
        private final Map<Long, Double> scriptedSteps = new TreeMap<>();

        private Builder(SimTime time) {
            this.time = time;
        }

        /** Initial error, seconds: reading minus true time (positive: ahead). */
        public Builder offset(double seconds) {
            return offsetNanos(Math.round(seconds * 1e9));
        }

        /** Initial error, nanoseconds. */
        public Builder offsetNanos(long nanos) {
            this.offsetNanos = nanos;
            return this;
        }

        /** Intrinsic frequency error, ppm (positive: runs fast). */
        public Builder frequencyErrorPpm(double ppm) {
            this.frequencyErrorPpm = ppm;
            return this;
        }

        /** Random-walk frequency wander: standard deviation of the fractional frequency change per second. */
        public Builder wander(double sigmaPerSecond, long seed) {
            if (sigmaPerSecond < 0) {
                throw new IllegalArgumentException("wander must not be negative: " + sigmaPerSecond);
            }
            this.wanderSigma = sigmaPerSecond;
            this.wanderSeed = seed;
            return this;
        }

        /** How often the wander changes the frequency (default 1 s). */
        public Builder wanderTick(Duration tick) {
            if (tick.isNegative() || tick.isZero()) {
                throw new IllegalArgumentException("wander tick must be positive: " + tick);
            }
            this.wanderTickNanos = tick.toNanos();
            return this;
        }

        /** A disturbance: the clock jumps by {@code seconds} at true time {@code at}. */
        public Builder stepAt(long at, double seconds) {
            scriptedSteps.merge(at, seconds, Double::sum);
            return this;
        }

        /** The fastest this clock slews whatever it is asked, ppm (default: as fast as asked). */
        public Builder maxSlewRatePpm(double ppm) {
            if (!(ppm > 0)) {
                throw new IllegalArgumentException("max slew rate must be positive: " + ppm);
            }
            this.maxSlewRatePpm = ppm;
            return this;
        }

        /** Whether the clock follows the true leap seconds by itself, as a server on a good reference does. */
        public Builder followsUtcLeaps(boolean follows) {
            this.followsUtcLeaps = follows;
            return this;
        }

        public SimulatedClock build() {
            return new SimulatedClock(this);
        }
    }
}
