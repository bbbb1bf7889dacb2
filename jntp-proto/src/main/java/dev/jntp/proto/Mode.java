// The three-bit association mode of the NTP header (RFC 5905 section 7.3, figure 10).
package dev.jntp.proto;

/** NTP association mode. Modes 6 and 7 carry control and private messages with their own layouts. */
public enum Mode {
    RESERVED,
    SYMMETRIC_ACTIVE,
    SYMMETRIC_PASSIVE,
    CLIENT,
    SERVER,
    BROADCAST,
    /** NTP control message (mode 6, RFC 9327), read by ntpq. */
    CONTROL,
    /** Reserved for private use (mode 7, ntpdc); never answered by jntp. */
    PRIVATE;

    private static final Mode[] BY_CODE = values();

    /** The three-bit wire code. */
    public int code() {
        return ordinal();
    }

    /** The mode for a three-bit wire code (only the low three bits are used). */
    public static Mode ofCode(int code) {
        return BY_CODE[code & 7];
    }
}
