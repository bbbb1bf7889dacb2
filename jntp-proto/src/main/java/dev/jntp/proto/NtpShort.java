// The 32-bit NTP short format (16.16 fixed point seconds) used for root delay and root dispersion.
package dev.jntp.proto;

/**
 * NTP short format (RFC 5905 section 6): unsigned 16 bits of seconds and 16 bits of fraction.
 *
 * @param raw the 32 wire bits
 */
public record NtpShort(int raw) {

    /** Zero seconds. */
    public static final NtpShort ZERO = new NtpShort(0);

    /** The value in seconds (0 to just under 65536). */
    public double toSeconds() {
        return Integer.toUnsignedLong(raw) / 65536.0;
    }

    /**
     * The nearest short-format value to a duration in seconds, saturating at 0 and at the largest
     * representable value (the wire format cannot carry more).
     */
    public static NtpShort ofSeconds(double seconds) {
        if (!(seconds > 0)) {
            return ZERO;
        }
        double scaled = Math.rint(seconds * 65536.0);
        if (scaled >= 4294967295.0) {
            return new NtpShort(-1);
        }
        return new NtpShort((int) (long) scaled);
    }

    @Override
    public String toString() {
        return String.format("%.6fs", toSeconds());
    }
}
