// The two-bit leap indicator of the NTP header (RFC 5905 section 7.3, figure 9).
package dev.jntp.proto;

/** Leap indicator: a warning of an impending leap second, or that the sender is unsynchronised. */
public enum LeapIndicator {
    /** No leap second announced. */
    NO_WARNING,
    /** The last minute of the UTC day has 61 seconds. */
    INSERT_SECOND,
    /** The last minute of the UTC day has 59 seconds. */
    DELETE_SECOND,
    /** The sender's clock is not synchronised (alarm condition). */
    UNSYNCHRONIZED;

    private static final LeapIndicator[] BY_CODE = values();

    /** The two-bit wire code. */
    public int code() {
        return ordinal();
    }

    /** The indicator for a two-bit wire code (only the low two bits are used). */
    public static LeapIndicator ofCode(int code) {
        return BY_CODE[code & 3];
    }
}
