// The Linux struct timex that clock_adjtime reads and writes, as a Java value with its x86_64 layout.
package dev.jntp.daemon.clock;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemoryLayout.PathElement;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;

/**
 * The fields of {@code struct timex} (linux/timex.h) that jntp uses; the others (PPS statistics)
 * are written as zero and not read. Units are the kernel's: {@code offset} in microseconds, or
 * nanoseconds when {@link #STA_NANO} is set (or {@link #ADJ_NANO} is in the request);
 * {@code freq} and {@code tolerance} in ppm scaled by 2^16; {@code maxerror}, {@code esterror}
 * and {@code precision} in microseconds; {@code tick} in microseconds per clock tick;
 * {@code timeFrac} is the {@code time} field's {@code tv_usec}, which holds nanoseconds under
 * STA_NANO/ADJ_NANO. {@code ADJ_TAI} takes its value from {@code constant}, as the kernel does.
 *
 * @param modes     ADJ_* bits: what the call changes; 0 reads only
 * @param offset    PLL offset (ADJ_OFFSET)
 * @param freq      frequency offset, ppm * 2^16
 * @param maxerror  maximum error, microseconds
 * @param esterror  estimated error, microseconds
 * @param status    STA_* bits
 * @param constant  PLL time constant (and the TAI offset for ADJ_TAI)
 * @param precision clock precision, microseconds (read only)
 * @param tolerance maximum frequency error, ppm * 2^16 (read only)
 * @param timeSec   {@code time.tv_sec}: the current time, or the step for ADJ_SETOFFSET
 * @param timeFrac  {@code time.tv_usec}: microseconds, or nanoseconds under STA_NANO/ADJ_NANO
 * @param tick      microseconds between clock ticks (ADJ_TICK)
 * @param tai       TAI - UTC offset, seconds (read only; set via ADJ_TAI and {@code constant})
 */
public record Timex(
        int modes,
        long offset,
        long freq,
        long maxerror,
        long esterror,
        int status,
        long constant,
        long precision,
        long tolerance,
        long timeSec,
        long timeFrac,
        long tick,
        int tai) {

    // modes (linux/timex.h)
    public static final int ADJ_OFFSET = 0x0001;
    public static final int ADJ_FREQUENCY = 0x0002;
    public static final int ADJ_MAXERROR = 0x0004;
    public static final int ADJ_ESTERROR = 0x0008;
    public static final int ADJ_STATUS = 0x0010;
    public static final int ADJ_TIMECONST = 0x0020;
    public static final int ADJ_TAI = 0x0080;
    public static final int ADJ_SETOFFSET = 0x0100;
    public static final int ADJ_MICRO = 0x1000;
    public static final int ADJ_NANO = 0x2000;
    public static final int ADJ_TICK = 0x4000;
    public static final int ADJ_OFFSET_SINGLESHOT = 0x8001;
    public static final int ADJ_OFFSET_SS_READ = 0xa001;

    // status bits (linux/timex.h); "ro" ones are ignored when written
    public static final int STA_PLL = 0x0001;
    public static final int STA_PPSFREQ = 0x0002;
    public static final int STA_PPSTIME = 0x0004;
    public static final int STA_FLL = 0x0008;
    public static final int STA_INS = 0x0010;
    public static final int STA_DEL = 0x0020;
    public static final int STA_UNSYNC = 0x0040;
    public static final int STA_FREQHOLD = 0x0080;
    public static final int STA_PPSSIGNAL = 0x0100;
    public static final int STA_PPSJITTER = 0x0200;
    public static final int STA_PPSWANDER = 0x0400;
    public static final int STA_PPSERROR = 0x0800;
    public static final int STA_CLOCKERR = 0x1000;
    public static final int STA_NANO = 0x2000;
    public static final int STA_MODE = 0x4000;
    public static final int STA_CLK = 0x8000;
    /** The status bits the kernel maintains itself and ignores in a write. */
    public static final int STA_RONLY = STA_PPSSIGNAL | STA_PPSJITTER | STA_PPSWANDER | STA_PPSERROR
            | STA_CLOCKERR | STA_NANO | STA_MODE | STA_CLK;

    // clock states returned by clock_adjtime
    public static final int TIME_OK = 0;
    public static final int TIME_INS = 1;
    public static final int TIME_DEL = 2;
    public static final int TIME_OOP = 3;
    public static final int TIME_WAIT = 4;
    public static final int TIME_ERROR = 5;

    /** {@code freq} units per ppm. */
    public static final double FREQ_SCALE = 65536.0;
    /** The kernel's frequency limit, ppm (MAXFREQ: 500 us/s). */
    public static final double MAX_FREQ_PPM = 500.0;
    /** The kernel's limit for maxerror and esterror, microseconds (NTP_PHASE_LIMIT: 16 s). */
    public static final long PHASE_LIMIT_MICROS = 16_000_000L;

    /** struct timex on x86_64: 208 bytes; offsets checked against gcc's offsetof in TimexTest. */
    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            JAVA_INT.withName("modes"),
            MemoryLayout.paddingLayout(4),
            JAVA_LONG.withName("offset"),
            JAVA_LONG.withName("freq"),
            JAVA_LONG.withName("maxerror"),
            JAVA_LONG.withName("esterror"),
            JAVA_INT.withName("status"),
            MemoryLayout.paddingLayout(4),
            JAVA_LONG.withName("constant"),
            JAVA_LONG.withName("precision"),
            JAVA_LONG.withName("tolerance"),
            MemoryLayout.structLayout(
                    JAVA_LONG.withName("tv_sec"),
                    JAVA_LONG.withName("tv_usec")).withName("time"),
            JAVA_LONG.withName("tick"),
            JAVA_LONG.withName("ppsfreq"),
            JAVA_LONG.withName("jitter"),
            JAVA_INT.withName("shift"),
            MemoryLayout.paddingLayout(4),
            JAVA_LONG.withName("stabil"),
            JAVA_LONG.withName("jitcnt"),
            JAVA_LONG.withName("calcnt"),
            JAVA_LONG.withName("errcnt"),
            JAVA_LONG.withName("stbcnt"),
            JAVA_INT.withName("tai"),
            MemoryLayout.paddingLayout(44)).withName("timex");

    private static final long MODES = offsetOf("modes");
    private static final long OFFSET = offsetOf("offset");
    private static final long FREQ = offsetOf("freq");
    private static final long MAXERROR = offsetOf("maxerror");
    private static final long ESTERROR = offsetOf("esterror");
    private static final long STATUS = offsetOf("status");
    private static final long CONSTANT = offsetOf("constant");
    private static final long PRECISION = offsetOf("precision");
    private static final long TOLERANCE = offsetOf("tolerance");
    private static final long TIME_SEC = offsetOf("time", "tv_sec");
    private static final long TIME_FRAC = offsetOf("time", "tv_usec");
    private static final long TICK = offsetOf("tick");
    private static final long TAI = offsetOf("tai");

    /** A request that changes nothing: clock_adjtime with it only reads the kernel's state. */
    public static final Timex READ = new Timex(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

    /** {@code ADJ_FREQUENCY}: sets the frequency offset, ppm * 2^16. */
    public static Timex frequency(long scaledPpm) {
        return new Timex(ADJ_FREQUENCY, 0, scaledPpm, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
    }

    /** A status request: {@code modes} among ADJ_STATUS, ADJ_MAXERROR, ADJ_ESTERROR; errors in microseconds. */
    public static Timex status(int modes, int status, long maxErrorMicros, long estErrorMicros) {
        return new Timex(modes, 0, 0, maxErrorMicros, estErrorMicros, status, 0, 0, 0, 0, 0, 0, 0);
    }

    /** {@code ADJ_SETOFFSET} (with ADJ_NANO when {@code frac} is in nanoseconds): adds {@code sec + frac} to the time. */
    public static Timex setOffset(int modes, long sec, long frac) {
        return new Timex(modes, 0, 0, 0, 0, 0, 0, 0, 0, sec, frac, 0, 0);
    }

    /** The byte offset of a (possibly nested) field of {@link #LAYOUT}. */
    static long offsetOf(String... path) {
        PathElement[] elements = new PathElement[path.length];
        for (int i = 0; i < path.length; i++) {
            elements[i] = PathElement.groupElement(path[i]);
        }
        return LAYOUT.byteOffset(elements);
    }

    /** Writes this value into {@code segment} (at least {@link #LAYOUT} bytes), zeroing the fields it does not hold. */
    public void writeTo(MemorySegment segment) {
        segment.asSlice(0, LAYOUT.byteSize()).fill((byte) 0);
        segment.set(JAVA_INT, MODES, modes);
        segment.set(JAVA_LONG, OFFSET, offset);
        segment.set(JAVA_LONG, FREQ, freq);
        segment.set(JAVA_LONG, MAXERROR, maxerror);
        segment.set(JAVA_LONG, ESTERROR, esterror);
        segment.set(JAVA_INT, STATUS, status);
        segment.set(JAVA_LONG, CONSTANT, constant);
        segment.set(JAVA_LONG, PRECISION, precision);
        segment.set(JAVA_LONG, TOLERANCE, tolerance);
        segment.set(JAVA_LONG, TIME_SEC, timeSec);
        segment.set(JAVA_LONG, TIME_FRAC, timeFrac);
        segment.set(JAVA_LONG, TICK, tick);
        segment.set(JAVA_INT, TAI, tai);
    }

    /** Reads the fields jntp uses from {@code segment}. */
    public static Timex readFrom(MemorySegment segment) {
        return new Timex(
                segment.get(JAVA_INT, MODES),
                segment.get(JAVA_LONG, OFFSET),
                segment.get(JAVA_LONG, FREQ),
                segment.get(JAVA_LONG, MAXERROR),
                segment.get(JAVA_LONG, ESTERROR),
                segment.get(JAVA_INT, STATUS),
                segment.get(JAVA_LONG, CONSTANT),
                segment.get(JAVA_LONG, PRECISION),
                segment.get(JAVA_LONG, TOLERANCE),
                segment.get(JAVA_LONG, TIME_SEC),
                segment.get(JAVA_LONG, TIME_FRAC),
                segment.get(JAVA_LONG, TICK),
                segment.get(JAVA_INT, TAI));
    }

    /** ppm as the kernel's {@code freq} units (ppm * 2^16), rounded to the nearest unit. */
    public static long scaledPpm(double ppm) {
        return Math.round(ppm * FREQ_SCALE);
    }

    /** The kernel's {@code freq} units as ppm. */
    public static double ppmOf(long scaled) {
        return scaled / FREQ_SCALE;
    }
}
