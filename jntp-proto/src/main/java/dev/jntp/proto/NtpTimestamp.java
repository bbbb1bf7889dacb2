// The 64-bit NTP timestamp: 32 bits of seconds and 32 bits of fraction, with era-aware conversion.
package dev.jntp.proto;

/**
 * An NTP timestamp as it travels on the wire (RFC 5905 section 6): unsigned 32.32 fixed point
 * seconds since the start of the current NTP era. The era itself is not transmitted; it is
 * recovered by choosing the era that puts the timestamp nearest to a pivot time, so that
 * conversions stay correct across the rollover of 7 February 2036 (era 0 to era 1).
 *
 * <p>Differences between two timestamps are taken modulo 2^64 and read as signed, which is
 * correct whenever the two instants are within 68 years of each other, whatever eras they
 * fall in (RFC 5905 section 6, "NTP timestamp difference").
 *
 * @param raw the 64 wire bits, seconds in the high half
 */
public record NtpTimestamp(long raw) {

    /** The zero timestamp, which NTP uses to mean "unknown" or "not set". */
    public static final NtpTimestamp ZERO = new NtpTimestamp(0);

    /** Seconds from 1900-01-01 (start of era 0) to 1970-01-01 (the Unix epoch). */
    public static final long UNIX_EPOCH_OFFSET_SECONDS = 2_208_988_800L;

    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    private static final long ERA_SECONDS = 1L << 32;

    /** The unsigned 32-bit seconds field. */
    public long seconds() {
        return raw >>> 32;
    }

    /** The unsigned 32-bit fraction field, in units of 2^-32 s. */
    public long fraction() {
        return raw & 0xFFFF_FFFFL;
    }

    /** Whether all 64 bits are zero. */
    public boolean isZero() {
        return raw == 0;
    }

    /**
     * The timestamp for an instant given in nanoseconds since the Unix epoch. Instants before
     * 1900 or after the end of era 1 wrap, as they do on the wire.
     */
    public static NtpTimestamp fromUnixNanos(long unixNanos) {
        long secs = Math.floorDiv(unixNanos, NANOS_PER_SECOND);
        long nanos = Math.floorMod(unixNanos, NANOS_PER_SECOND);
        long ntpSecs = secs + UNIX_EPOCH_OFFSET_SECONDS;
        // Round to nearest 2^-32 s: frac = nanos * 2^32 / 1e9, computed without overflow.
        long frac = ((nanos << 32) + NANOS_PER_SECOND / 2) / NANOS_PER_SECOND;
        if (frac == ERA_SECONDS) {
            frac = 0;
            ntpSecs++;
        }
        return new NtpTimestamp((ntpSecs << 32) | frac);
    }

    /**
     * This timestamp as nanoseconds since the Unix epoch, choosing the NTP era that puts it
     * within 68 years of {@code pivotUnixNanos} (normally the local clock).
     */
    public long toUnixNanos(long pivotUnixNanos) {
        NtpTimestamp pivot = fromUnixNanos(pivotUnixNanos);
        return pivotUnixNanos + fixedToNanos(minus(pivot));
    }

    /**
     * {@code this - other} as signed 32.32 fixed point seconds, correct across era boundaries
     * when the instants are less than 68 years apart.
     */
    public long minus(NtpTimestamp other) {
        return raw - other.raw;
    }

    /** {@code this - other} in nanoseconds (see {@link #minus}). */
    public long nanosSince(NtpTimestamp other) {
        return fixedToNanos(minus(other));
    }

    /** {@code this - other} in seconds (see {@link #minus}). */
    public double secondsSince(NtpTimestamp other) {
        return minus(other) / 4294967296.0;
    }

    /** This timestamp moved by a signed number of nanoseconds, wrapping at the era boundary. */
    public NtpTimestamp plusNanos(long nanos) {
        return new NtpTimestamp(raw + nanosToFixed(nanos));
    }

    /** Converts signed 32.32 fixed point seconds to nanoseconds, rounding to nearest. */
    public static long fixedToNanos(long fixed) {
        long secs = fixed >> 32;
        long frac = fixed & 0xFFFF_FFFFL;
        return secs * NANOS_PER_SECOND + ((frac * NANOS_PER_SECOND + (1L << 31)) >>> 32);
    }

    /** Converts signed nanoseconds to 32.32 fixed point seconds, rounding to nearest. */
    public static long nanosToFixed(long nanos) {
        long secs = Math.floorDiv(nanos, NANOS_PER_SECOND);
        long rem = Math.floorMod(nanos, NANOS_PER_SECOND);
        return (secs << 32) + ((rem << 32) + NANOS_PER_SECOND / 2) / NANOS_PER_SECOND;
    }

    @Override
    public String toString() {
        return String.format("%08x.%08x", seconds(), fraction());
    }
}
