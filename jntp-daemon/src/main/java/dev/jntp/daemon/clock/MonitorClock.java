// Monitor mode: never touches the system clock, keeps jntp's correction to itself and serves corrected time.
package dev.jntp.daemon.clock;

import dev.jntp.proto.LeapIndicator;
import java.util.OptionalLong;

/**
 * A clock that needs no privilege: {@code readNanos = system time + correction}. The correction
 * is pure arithmetic over the monotonic reading of a {@link TimeSource}:
 *
 * <pre>
 * correction(m) = anchor + f·(m − a) + slewed(m)
 * slewed(m)     = s · min(1, (m − m0) / (|s| / r))     for a slew of s seconds at r ppm begun at m0
 * </pre>
 *
 * where {@code f} is the frequency correction relative to the system clock's own rate (the
 * monotonic clock runs at that rate) and a slew always runs at its maximum rate. A step adds to
 * {@code anchor} at once; each write re-anchors at the current monotonic time, so no background
 * thread is needed and readers only read one immutable state (safe to read from any thread;
 * writes are serialised).
 *
 * <p>A leap second armed with {@link #setLeap} is applied the way the kernel applies it, to the
 * served time only: past midnight UTC the correction loses one second (insertion, 23:59:59 is
 * served twice) or gains one from 23:59:59 (deletion). Synchronisation and error estimates are
 * kept for display and change nothing.
 */
public final class MonitorClock implements ClockDriver {

    private static final long DAY_NANOS = 86_400_000_000_000L;
    private static final long SECOND_NANOS = 1_000_000_000L;

    /**
     * One consistent set of the clock's parameters.
     *
     * @param anchorMono       monotonic time of the last re-anchoring
     * @param anchorNanos      correction at {@code anchorMono}, excluding the slew in progress
     * @param ppm              frequency correction
     * @param slewNanos        the slew in progress, nanoseconds (0: none)
     * @param slewStart        monotonic time the slew began
     * @param slewDuration     monotonic nanoseconds it takes at its rate
     * @param leap             the leap second armed
     * @param leapAt           served time at which an armed leap applies
     */
    private record State(long anchorMono, double anchorNanos, double ppm, double slewNanos, long slewStart,
            double slewDuration, LeapIndicator leap, long leapAt) {

        double slewed(long mono) {
            if (slewNanos == 0) {
                return 0;
            }
            double elapsed = mono - slewStart;
            return elapsed >= slewDuration ? slewNanos : slewNanos * (elapsed / slewDuration);
        }

        /** The correction without an armed leap second, nanoseconds. */
        double correction(long mono) {
            return anchorNanos + ppm * 1e-6 * (mono - anchorMono) + slewed(mono);
        }

        /** The leap adjustment due at served time {@code nanos}: 0, or ∓1 s once the leap applies. */
        long leapAdjustment(long nanos) {
            return switch (leap) {
                case INSERT_SECOND -> nanos >= leapAt ? -SECOND_NANOS : 0;
                case DELETE_SECOND -> nanos >= leapAt - SECOND_NANOS ? SECOND_NANOS : 0;
                case NO_WARNING, UNSYNCHRONIZED -> 0;
            };
        }
    }

    private final TimeSource time;
    private volatile State state;
    private volatile boolean synchronised;
    private volatile double maxErrorSeconds = 16;
    private volatile double estErrorSeconds = 16;

    public MonitorClock(TimeSource time) {
        this.time = time;
        this.state = new State(time.monotonicNanos(), 0, 0, 0, 0, 0, LeapIndicator.NO_WARNING, 0);
    }

    @Override
    public long readNanos() {
        State s = state;
        long nanos = time.realtimeNanos() + Math.round(s.correction(time.monotonicNanos()));
        return nanos + s.leapAdjustment(nanos);
    }

    /**
     * Exact, unlike the default, which reads the two clocks one after the other: the correction in force now is
     * added to the system time given (it changes by parts per million, so its age does not matter).
     */
    @Override
    public long fromSystemTime(long systemNanos) {
        State s = state;
        long nanos = systemNanos + Math.round(s.correction(time.monotonicNanos()));
        return nanos + s.leapAdjustment(nanos);
    }

    /** The correction applied to the system time now, seconds (leap second included). */
    public double correctionSeconds() {
        State s = state;
        double correction = s.correction(time.monotonicNanos());
        long served = time.realtimeNanos() + Math.round(correction);
        return (correction + s.leapAdjustment(served)) * 1e-9;
    }

    @Override
    public synchronized void setFrequencyPpm(double ppm) {
        LinuxClock.requireFrequency(ppm);
        long mono = time.monotonicNanos();
        State s = settled(mono);
        state = new State(mono, s.anchorNanos + s.ppm * 1e-6 * (mono - s.anchorMono), ppm,
                s.slewNanos, s.slewStart, s.slewDuration, s.leap, s.leapAt);
    }

    @Override
    public double frequencyPpm() {
        return state.ppm;
    }

    @Override
    public synchronized void slew(double seconds, double maxRatePpm) {
        if (!Double.isFinite(seconds) || !Double.isFinite(maxRatePpm) || maxRatePpm <= 0) {
            throw new IllegalArgumentException("slew of " + seconds + " s at " + maxRatePpm
                    + " ppm: need a finite offset and a positive rate");
        }
        long mono = time.monotonicNanos();
        State s = settled(mono);
        double nanos = seconds * 1e9;
        state = new State(mono, s.correction(mono), s.ppm, nanos, mono, Math.abs(nanos) / (maxRatePpm * 1e-6),
                s.leap, s.leapAt);
    }

    @Override
    public double remainingSlew() {
        State s = state;
        return (s.slewNanos - s.slewed(time.monotonicNanos())) * 1e-9;
    }

    @Override
    public synchronized void step(double seconds) {
        if (!Double.isFinite(seconds)) {
            throw new IllegalArgumentException("step of " + seconds + " s");
        }
        long mono = time.monotonicNanos();
        State s = settled(mono);
        state = new State(mono, s.correction(mono) + seconds * 1e9, s.ppm, 0, 0, 0, s.leap, s.leapAt);
    }

    @Override
    public synchronized void setLeap(LeapIndicator leap) {
        long mono = time.monotonicNanos();
        State s = settled(mono);
        long served = time.realtimeNanos() + Math.round(s.correction(mono));
        long midnight = Math.floorDiv(served, DAY_NANOS) * DAY_NANOS + DAY_NANOS;
        LeapIndicator armed = leap == LeapIndicator.UNSYNCHRONIZED ? LeapIndicator.NO_WARNING : leap;
        state = new State(s.anchorMono, s.anchorNanos, s.ppm, s.slewNanos, s.slewStart, s.slewDuration, armed,
                midnight);
    }

    /** Nothing to do: the correction is a function of time. */
    @Override
    public void tick() {}

    @Override
    public OptionalLong nanosToSegmentEnd() {
        return OptionalLong.empty();
    }

    @Override
    public boolean monitorMode() {
        return true;
    }

    /** The leap second armed and not yet applied. */
    public LeapIndicator leap() {
        return state.leap;
    }

    @Override
    public synchronized void setSynchronised(boolean synchronised, double maxErrorSeconds, double estErrorSeconds) {
        if (!(maxErrorSeconds >= 0) || !(estErrorSeconds >= 0)) {
            throw new IllegalArgumentException("errors must be >= 0 s: max " + maxErrorSeconds
                    + ", est " + estErrorSeconds);
        }
        this.synchronised = synchronised;
        this.maxErrorSeconds = maxErrorSeconds;
        this.estErrorSeconds = estErrorSeconds;
    }

    public boolean synchronised() {
        return synchronised;
    }

    public double maxErrorSeconds() {
        return maxErrorSeconds;
    }

    public double estErrorSeconds() {
        return estErrorSeconds;
    }

    /** The state with a leap second that has come to pass folded into the anchor (and disarmed). */
    private State settled(long mono) {
        State s = state;
        long served = time.realtimeNanos() + Math.round(s.correction(mono));
        long adjustment = s.leapAdjustment(served);
        if (adjustment == 0) {
            return s;
        }
        return new State(s.anchorMono, s.anchorNanos + adjustment, s.ppm, s.slewNanos, s.slewStart, s.slewDuration,
                LeapIndicator.NO_WARNING, 0);
    }
}
