// Disciplines the Linux system clock through clock_adjtime: frequency, slew, step, leap and sync status.
package dev.jntp.daemon.clock;

import dev.jntp.proto.LeapIndicator;
import java.util.OptionalLong;

/**
 * The system clock, disciplined through {@link Kernel#adjtime}. Every write needs CAP_SYS_TIME;
 * without it the kernel answers EPERM and the call throws a {@link ClockException} (which
 * {@link ClockDrivers} turns into monitor mode). A failed write leaves this object unchanged.
 *
 * <ul>
 *   <li>Frequency: {@code ADJ_FREQUENCY}, ppm scaled by 2^16. |ppm| above 500 (the kernel's
 *       MAXFREQ, which the kernel would silently clamp to) is rejected with
 *       {@link IllegalArgumentException}.
 *   <li>Slew: as chrony does, a temporary extra frequency, never the kernel's PLL or
 *       {@code ADJ_OFFSET_SINGLESHOT}. See "Slew without a timer" below.
 *   <li>Step: {@code ADJ_SETOFFSET | ADJ_NANO} (the kernel adds the offset atomically; ADJ_NANO
 *       also leaves STA_NANO set, so the kernel reports its offset and time in nanoseconds).
 *   <li>Leap and sync status: {@code ADJ_STATUS}, read-modify-write of the kernel's status so the
 *       bits jntp does not own survive; STA_PLL is cleared so the kernel's own PLL never acts beside
 *       jntp's discipline. {@code setSynchronised} also writes maxerror/esterror in microseconds
 *       (maxerror rounded up); with STA_UNSYNC clear and maxerror below 16 s, {@code timedatectl}
 *       shows "System clock synchronized: yes" and the kernel copies the time to the RTC. The
 *       kernel adds 500 us/s to maxerror and declares the clock unsynchronised past 16 s, so the
 *       daemon repeats {@code setSynchronised} at each clock update.
 * </ul>
 *
 * <h2>Slew without a timer</h2>
 * A slew of {@code s} seconds runs the kernel at {@code base + r} ppm for {@code s / r} seconds of
 * the raw oscillator ({@link Kernel#rawNanos}: CLOCK_MONOTONIC_RAW, which no frequency correction
 * touches, so the amount applied is exactly {@code r × elapsed raw time}). The driver owns no
 * thread and no timer: its state is the slew's target, the part applied by finished segments and
 * the running segment (rate, start), so {@link #remainingSlew()} is computed from the raw clock at
 * any moment, and {@link #readNanos()} is simply the kernel's clock. Ending a segment needs a
 * call: {@link #tick()}, {@link #remainingSlew()} and every write settle the slew first. The daemon
 * schedules {@link #tick()} at {@link #nanosToSegmentEnd()}. A settle that comes late finds the
 * clock moved too far by {@code r × lateness}; that surplus is known exactly and is slewed back by
 * the next segment (so {@code remainingSlew()} may briefly have the opposite sign). Every segment
 * lasts at least {@link #MIN_SEGMENT_SECONDS} (its rate is lowered for small remainders), so each
 * correction is far smaller than the one before and a slew converges even when settles are
 * always late by a similar amount. The rate also stays within the kernel's ±500 ppm together with
 * the base frequency; with no room left the slew waits, unchanged, for a new base frequency.
 */
public final class LinuxClock implements ClockDriver {

    /** The shortest slew segment: lower rates for remainders below {@code maxRate × 1 s}. */
    public static final double MIN_SEGMENT_SECONDS = 1.0;
    /** Remainders below this are done. */
    private static final double RESOLUTION_SECONDS = 1e-9;
    private static final long MAX_SCALED = Timex.scaledPpm(Timex.MAX_FREQ_PPM);
    private static final long UNKNOWN = Long.MIN_VALUE;

    private final Kernel kernel;

    // All guarded by this.
    private double basePpm;
    private long baseScaled;
    /** The kernel frequency last written, or UNKNOWN. */
    private long kernelScaled = UNKNOWN;
    private double slewTarget;
    private double slewDone;
    private double slewMaxRatePpm;
    /** Kernel frequency units added to the base by the running segment; 0 when none runs. */
    private long segmentRate;
    private long segmentStart;
    private long segmentEnd;

    /** A driver over {@code kernel}; reads (modes = 0, no privilege needed) its current frequency as the base. */
    public LinuxClock(Kernel kernel) {
        this.kernel = kernel;
        Kernel.Reply state = kernel.adjtime(Timex.READ);
        if (!state.ok()) {
            throw new ClockException("clock_adjtime(read)", state.errno());
        }
        baseScaled = state.timex().freq();
        basePpm = Timex.ppmOf(baseScaled);
    }

    @Override
    public long readNanos() {
        return kernel.realtimeNanos();
    }

    @Override
    public synchronized void setFrequencyPpm(double ppm) {
        requireFrequency(ppm);
        long now = kernel.rawNanos();
        retarget(now, ppm, slewTarget, slewDone + segmentProgress(now), slewMaxRatePpm, true);
    }

    @Override
    public synchronized double frequencyPpm() {
        return basePpm;
    }

    @Override
    public synchronized void slew(double seconds, double maxRatePpm) {
        if (!Double.isFinite(seconds) || !Double.isFinite(maxRatePpm) || maxRatePpm <= 0) {
            throw new IllegalArgumentException("slew of " + seconds + " s at " + maxRatePpm
                    + " ppm: need a finite offset and a positive rate");
        }
        if (Math.abs(seconds) >= RESOLUTION_SECONDS && rateFor(seconds, maxRatePpm, baseScaled) == 0) {
            throw new IllegalArgumentException("slew of " + seconds + " s: the frequency correction "
                    + basePpm + " ppm leaves no room below the kernel's " + Timex.MAX_FREQ_PPM + " ppm");
        }
        retarget(kernel.rawNanos(), basePpm, seconds, 0, maxRatePpm, false);
    }

    @Override
    public synchronized double remainingSlew() {
        long now = kernel.rawNanos();
        settle(now);
        return slewTarget - slewDone - segmentProgress(now);
    }

    /** Ends a slew segment that is due; the daemon calls it at {@link #nanosToSegmentEnd()}. */
    @Override
    public synchronized void tick() {
        settle(kernel.rawNanos());
    }

    /** Nanoseconds of the raw clock until the running slew segment should end (0: now); empty when none runs. */
    @Override
    public synchronized OptionalLong nanosToSegmentEnd() {
        if (segmentRate == 0) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(Math.max(0, segmentEnd - kernel.rawNanos()));
    }

    @Override
    public boolean monitorMode() {
        return false;
    }

    @Override
    public synchronized void step(double seconds) {
        if (!Double.isFinite(seconds)) {
            throw new IllegalArgumentException("step of " + seconds + " s");
        }
        long now = kernel.rawNanos();
        if (segmentRate != 0 || slewTarget != slewDone) {
            retarget(now, basePpm, 0, 0, slewMaxRatePpm, false);
        }
        long nanos = Math.round(seconds * 1e9);
        write(Timex.setOffset(Timex.ADJ_SETOFFSET | Timex.ADJ_NANO,
                Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L)));
    }

    @Override
    public synchronized void setLeap(LeapIndicator leap) {
        int bits = switch (leap) {
            case INSERT_SECOND -> Timex.STA_INS;
            case DELETE_SECOND -> Timex.STA_DEL;
            // No leap second to arm: UNSYNCHRONIZED is reported through setSynchronised.
            case NO_WARNING, UNSYNCHRONIZED -> 0;
        };
        writeStatus(Timex.ADJ_STATUS, Timex.STA_INS | Timex.STA_DEL, bits, 0, 0);
    }

    @Override
    public synchronized void setSynchronised(boolean synchronised, double maxErrorSeconds, double estErrorSeconds) {
        if (!(maxErrorSeconds >= 0) || !(estErrorSeconds >= 0)) {
            throw new IllegalArgumentException("errors must be >= 0 s: max " + maxErrorSeconds
                    + ", est " + estErrorSeconds);
        }
        long max = synchronised ? micros(Math.ceil(maxErrorSeconds * 1e6)) : Timex.PHASE_LIMIT_MICROS;
        long est = synchronised ? micros(Math.rint(estErrorSeconds * 1e6)) : Timex.PHASE_LIMIT_MICROS;
        writeStatus(Timex.ADJ_STATUS | Timex.ADJ_MAXERROR | Timex.ADJ_ESTERROR,
                Timex.STA_UNSYNC, synchronised ? 0 : Timex.STA_UNSYNC, max, est);
    }

    /** Microseconds for the kernel: at most NTP_PHASE_LIMIT (16 s), the kernel's own ceiling for these fields. */
    private static long micros(double value) {
        return (long) Math.min(value, Timex.PHASE_LIMIT_MICROS);
    }

    private void writeStatus(int modes, int clear, int set, long maxErrorMicros, long estErrorMicros) {
        Kernel.Reply current = kernel.adjtime(Timex.READ);
        if (!current.ok()) {
            throw new ClockException("clock_adjtime(read)", current.errno());
        }
        int status = current.timex().status() & ~(Timex.STA_RONLY | Timex.STA_PLL | clear) | set;
        write(Timex.status(modes, status, maxErrorMicros, estErrorMicros));
    }

    static void requireFrequency(double ppm) {
        if (!(Math.abs(ppm) <= Timex.MAX_FREQ_PPM)) {
            throw new IllegalArgumentException("frequency correction " + ppm
                    + " ppm is beyond the kernel's limit of +-" + Timex.MAX_FREQ_PPM + " ppm");
        }
    }

    /** Ends the running segment if it is due, planning the next one for whatever remains. */
    private void settle(long now) {
        if (segmentRate != 0 && now - segmentEnd >= 0) {
            retarget(now, basePpm, slewTarget, slewDone + segmentProgress(now), slewMaxRatePpm, false);
        }
    }

    /** Seconds the running segment has moved the clock by {@code now}. */
    private double segmentProgress(long now) {
        return segmentRate == 0 ? 0 : Timex.ppmOf(segmentRate) * 1e-6 * ((now - segmentStart) * 1e-9);
    }

    /**
     * Writes the kernel frequency for base {@code ppm} plus a segment towards {@code target - done},
     * then (only once the write succeeded) commits the new state.
     */
    private void retarget(long now, double ppm, double target, double done, double maxRatePpm, boolean force) {
        long scaled = Timex.scaledPpm(ppm);
        double remaining = target - done;
        if (Math.abs(remaining) < RESOLUTION_SECONDS) {
            target = 0;
            done = 0;
            remaining = 0;
        }
        long rate = remaining == 0 ? 0 : rateFor(remaining, maxRatePpm, scaled);
        long frequency = scaled + rate;
        if (force || frequency != kernelScaled) {
            write(Timex.frequency(frequency));
            kernelScaled = frequency;
        }
        basePpm = ppm;
        baseScaled = scaled;
        slewTarget = target;
        slewDone = done;
        slewMaxRatePpm = maxRatePpm;
        segmentRate = rate;
        segmentStart = now;
        segmentEnd = rate == 0 ? now : now + Math.round(remaining / (Timex.ppmOf(rate) * 1e-6) * 1e9);
    }

    /**
     * The segment rate for {@code remaining} seconds, kernel units, signed: at most
     * {@code maxRatePpm}, at most what lasts {@link #MIN_SEGMENT_SECONDS}, and within the kernel
     * limit together with the base; 0 when there is no room.
     */
    private static long rateFor(double remaining, double maxRatePpm, long baseScaled) {
        double ppm = Math.min(maxRatePpm, Math.abs(remaining) / MIN_SEGMENT_SECONDS * 1e6);
        long room = MAX_SCALED - (remaining > 0 ? baseScaled : -baseScaled);
        long rate = Math.min(Timex.scaledPpm(ppm), room);
        if (rate <= 0) {
            return 0;
        }
        return remaining > 0 ? rate : -rate;
    }

    private void write(Timex request) {
        Kernel.Reply reply = kernel.adjtime(request);
        if (!reply.ok()) {
            throw new ClockException("clock_adjtime(" + modeNames(request.modes()) + ")", reply.errno());
        }
    }

    static String modeNames(int modes) {
        StringBuilder names = new StringBuilder();
        String[] known = {"ADJ_OFFSET", "ADJ_FREQUENCY", "ADJ_MAXERROR", "ADJ_ESTERROR", "ADJ_STATUS",
            "ADJ_TIMECONST", "0x40", "ADJ_TAI", "ADJ_SETOFFSET", "0x200", "0x400", "0x800", "ADJ_MICRO",
            "ADJ_NANO", "ADJ_TICK", "0x8000"};
        for (int bit = 0; bit < known.length; bit++) {
            if ((modes & (1 << bit)) != 0) {
                names.append(names.isEmpty() ? "" : "|").append(known[bit]);
            }
        }
        return names.isEmpty() ? "read" : names.toString();
    }
}
