// A kernel clock in memory that applies clock_adjtime requests the way Linux does, for testing the drivers safely.
package dev.jntp.daemon.clock;

import java.util.ArrayList;
import java.util.List;

/**
 * The Linux kernel clock's NTP state, simulated after kernel/time/ntp.c (ntp_validate_timex,
 * process_adjtimex_modes, process_adj_status) and timekeeping.c (ADJ_SETOFFSET). Time moves only
 * through {@link #advance}: the raw oscillator by the given nanoseconds, the real-time clock by
 * those times (1 + freq), and maxerror by 500 us a second until the clock becomes unsynchronised
 * at 16 s, as the kernel's second_overflow does. Not simulated: the kernel PLL (ADJ_OFFSET is
 * stored only), PPS, leap second insertion at midnight, old-style adjtime (ADJ_OFFSET_SINGLESHOT).
 */
final class SimulatedKernel implements Kernel {

    private static final long MAX_FREQ_SCALED = Timex.scaledPpm(Timex.MAX_FREQ_PPM);

    private long raw = 1_000_000_000_000L;
    private long realtime;
    private double realtimeFraction;
    private long secondFraction;

    private long offset;
    private long freq;
    private long maxerror = Timex.PHASE_LIMIT_MICROS;
    private long esterror = Timex.PHASE_LIMIT_MICROS;
    private int status = Timex.STA_UNSYNC;
    private long constant = 2;
    private long tick = 10_000;
    private int tai;

    private int refuseWith;
    private final List<Timex> writes = new ArrayList<>();
    private int refused;

    SimulatedKernel(long realtimeNanos) {
        this.realtime = realtimeNanos;
    }

    /** Lets time pass: {@code nanos} of the raw oscillator. */
    void advance(long nanos) {
        raw += nanos;
        double moved = nanos * (1 + Timex.ppmOf(freq) * 1e-6) + realtimeFraction;
        long whole = (long) Math.floor(moved);
        realtime += whole;
        realtimeFraction = moved - whole;
        secondFraction += nanos;
        long seconds = secondFraction / 1_000_000_000L;
        secondFraction %= 1_000_000_000L;
        maxerror += 500 * seconds;
        if (maxerror > Timex.PHASE_LIMIT_MICROS) {
            maxerror = Timex.PHASE_LIMIT_MICROS;
            status |= Timex.STA_UNSYNC;
        }
    }

    void advanceSeconds(double seconds) {
        advance(Math.round(seconds * 1e9));
    }

    /** From now on every write (modes != 0) fails with {@code errno}, as without CAP_SYS_TIME (EPERM). */
    void refuseWrites(int errno) {
        refuseWith = errno;
    }

    /** Sets state directly, as another program might have left it. */
    void preset(long freqScaled, int statusBits) {
        freq = freqScaled;
        status = statusBits;
    }

    /** The writes the kernel applied, in order (reads and refused writes are not listed). */
    List<Timex> writes() {
        return List.copyOf(writes);
    }

    int refusedWrites() {
        return refused;
    }

    long frequencyScaled() {
        return freq;
    }

    int status() {
        return status;
    }

    @Override
    public long realtimeNanos() {
        return realtime;
    }

    @Override
    public long rawNanos() {
        return raw;
    }

    @Override
    public Reply adjtime(Timex tx) {
        int modes = tx.modes();
        if (modes != 0 && refuseWith != 0) {
            refused++;
            return new Reply(-refuseWith, tx);
        }
        int invalid = validate(tx);
        if (invalid != 0) {
            return new Reply(-invalid, tx);
        }
        if (modes != 0) {
            writes.add(tx);
        }
        if ((modes & Timex.ADJ_SETOFFSET) != 0) {
            long frac = (modes & Timex.ADJ_NANO) != 0 ? tx.timeFrac() : tx.timeFrac() * 1000;
            realtime += tx.timeSec() * 1_000_000_000L + frac;
        }
        apply(tx);
        return new Reply(state(), reply(modes));
    }

    private static int validate(Timex tx) {
        int modes = tx.modes();
        if ((modes & 0x8000) != 0) {
            throw new UnsupportedOperationException("old-style adjtime (ADJ_OFFSET_SINGLESHOT) is not simulated");
        }
        if ((modes & Timex.ADJ_TICK) != 0 && (tx.tick() < 9000 || tx.tick() > 11000)) {
            return ClockException.EINVAL;
        }
        if ((modes & Timex.ADJ_SETOFFSET) != 0) {
            long limit = (modes & Timex.ADJ_NANO) != 0 ? 1_000_000_000L : 1_000_000L;
            if (tx.timeFrac() < 0 || tx.timeFrac() >= limit) {
                return ClockException.EINVAL;
            }
        }
        return 0;
    }

    private void apply(Timex tx) {
        int modes = tx.modes();
        if ((modes & Timex.ADJ_STATUS) != 0) {
            if ((status & Timex.STA_PLL) != 0 && (tx.status() & Timex.STA_PLL) == 0) {
                status = Timex.STA_UNSYNC;
            }
            status &= Timex.STA_RONLY;
            status |= tx.status() & ~Timex.STA_RONLY;
        }
        if ((modes & Timex.ADJ_NANO) != 0) {
            status |= Timex.STA_NANO;
        }
        if ((modes & Timex.ADJ_MICRO) != 0) {
            status &= ~Timex.STA_NANO;
        }
        if ((modes & Timex.ADJ_FREQUENCY) != 0) {
            freq = Math.clamp(tx.freq(), -MAX_FREQ_SCALED, MAX_FREQ_SCALED);
        }
        if ((modes & Timex.ADJ_MAXERROR) != 0) {
            maxerror = Math.clamp(tx.maxerror(), 0, Timex.PHASE_LIMIT_MICROS);
        }
        if ((modes & Timex.ADJ_ESTERROR) != 0) {
            esterror = Math.clamp(tx.esterror(), 0, Timex.PHASE_LIMIT_MICROS);
        }
        if ((modes & Timex.ADJ_TIMECONST) != 0) {
            constant = Math.clamp(tx.constant() + ((status & Timex.STA_NANO) != 0 ? 0 : 4), 0, 10);
        }
        if ((modes & Timex.ADJ_TAI) != 0 && tx.constant() >= 0) {
            tai = (int) tx.constant();
        }
        if ((modes & Timex.ADJ_OFFSET) != 0) {
            offset = tx.offset();
        }
        if ((modes & Timex.ADJ_TICK) != 0) {
            tick = tx.tick();
        }
    }

    private int state() {
        if ((status & Timex.STA_UNSYNC) != 0) {
            return Timex.TIME_ERROR;
        }
        if ((status & Timex.STA_INS) != 0) {
            return Timex.TIME_INS;
        }
        return (status & Timex.STA_DEL) != 0 ? Timex.TIME_DEL : Timex.TIME_OK;
    }

    private Timex reply(int modes) {
        boolean nano = (status & Timex.STA_NANO) != 0;
        long frac = Math.floorMod(realtime, 1_000_000_000L);
        return new Timex(modes, offset, freq, maxerror, esterror, status, constant, 1, MAX_FREQ_SCALED,
                Math.floorDiv(realtime, 1_000_000_000L), nano ? frac : frac / 1000, tick, tai);
    }
}
