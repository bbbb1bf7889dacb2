// How mode 6 variables are written as text: the number formats, time stamps and reference IDs ntpq reads.
package dev.jntp.engine.control;

import dev.jntp.proto.NtpTimestamp;
import dev.jntp.proto.ReferenceId;
import java.util.Locale;

/**
 * Value formats of ntpd and NTPsec (ntp_control.c), which ntpq parses: delays and offsets in
 * milliseconds with 3 or 6 decimals, frequencies in ppm, time stamps as {@code 0x%08x.%08x}
 * (NTP seconds and fraction), the reachability register in hex, strings in double quotes.
 * A figure that is not known (NaN) is written as 0, as ntpd shows a source it has not heard.
 */
final class VariableText {

    private VariableText() {}

    /** Seconds as milliseconds with {@code decimals} decimals. */
    static String millis(double seconds, int decimals) {
        return fixed(seconds * 1e3, decimals);
    }

    /** A number with {@code decimals} decimals; NaN and infinities as 0. */
    static String fixed(double value, int decimals) {
        return String.format(Locale.ROOT, "%." + decimals + "f", Double.isFinite(value) ? value : 0.0);
    }

    /** An NTP time stamp: seconds and fraction in hex. */
    static String timestamp(NtpTimestamp t) {
        return String.format(Locale.ROOT, "0x%08x.%08x", t.seconds(), t.fraction());
    }

    /** A 16-bit register or bit set in hex, as {@code 0x1f}. */
    static String hex(int value) {
        return "0x" + Integer.toHexString(value);
    }

    /**
     * A reference ID as ntpd reports it: a dotted quad for strata 2 to 15 (an IPv4 address, or
     * the hash of an IPv6 one), else its four octets as text up to the first zero with
     * unprintable octets as dots (a kiss code or reference clock name). An empty ID of an
     * unsynchronised server reads {@code INIT}, as ntpd's before its first update.
     */
    static String refid(ReferenceId id, int stratum) {
        if (stratum > 1 && stratum < 16) {
            return id.asDottedQuad();
        }
        StringBuilder sb = new StringBuilder(4);
        for (byte b : id.octets()) {
            if (b == 0) {
                break;
            }
            sb.append(b > 0x20 && b < 0x7F ? (char) b : '.');
        }
        return sb.isEmpty() ? "INIT" : sb.toString();
    }

    /** A string in double quotes; quotes inside become single quotes and control characters '?'. */
    static String quoted(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            sb.append(c == '"' ? '\'' : c < 0x20 || c >= 0x7F ? '?' : c);
        }
        return sb.append('"').toString();
    }
}
