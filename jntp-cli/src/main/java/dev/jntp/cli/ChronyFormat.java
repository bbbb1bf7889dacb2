// Numbers the way chronyc and ntpq print them: offsets with ns/us/ms/s units, intervals as 59, 20m, 3h, 2d, frequencies in ppm.
package dev.jntp.cli;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;

/**
 * Column formats of chronyc's reports (its client.c: offsets in 6 or 7 characters with the
 * largest unit that keeps four digits; intervals in 4 characters with s/m/h/d/y), and of ntpq's
 * peer billboard (intervals, milliseconds). Missing values (null, NaN) print as chronyc prints
 * a source without samples: zero.
 */
final class ChronyFormat {

    /** chronyc's date layout, in UTC: {@code Sun Nov 22 06:21:18 2026}. */
    static final DateTimeFormatter DATE =
            DateTimeFormatter.ofPattern("EEE MMM dd HH:mm:ss yyyy", Locale.ROOT).withZone(ZoneOffset.UTC);

    private ChronyFormat() {}

    /** A number of the reply, or NaN when absent or null. */
    static double num(Map<String, ?> d, String key) {
        return d.get(key) instanceof Number n ? n.doubleValue() : Double.NaN;
    }

    /** A whole number of the reply, or {@code otherwise}. */
    static long whole(Map<String, ?> d, String key, long otherwise) {
        return d.get(key) instanceof Number n ? n.longValue() : otherwise;
    }

    /** A text of the reply, or "" when absent or null. */
    static String text(Map<String, ?> d, String key) {
        Object v = d.get(key);
        return v == null ? "" : v.toString();
    }

    /** Unix nanoseconds as chronyc's date; 0 is the epoch, as chronyc shows an unset time. */
    static String date(long unixNanos) {
        return DATE.format(Instant.ofEpochSecond(Math.floorDiv(unixNanos, 1_000_000_000L),
                Math.floorMod(unixNanos, 1_000_000_000L)));
    }

    /** An interval in 4 characters: seconds up to 1199, then minutes, hours, days, years; "-" for none. */
    static String interval(double seconds) {
        if (Double.isNaN(seconds) || seconds < 0) {
            return "   -";
        }
        long s = (long) seconds;
        if (s < 1200) {
            return String.format(Locale.ROOT, "%4d", s);
        } else if (s < 36_000) {
            return String.format(Locale.ROOT, "%3dm", s / 60);
        } else if (s < 345_600) {
            return String.format(Locale.ROOT, "%3dh", s / 3600);
        }
        long days = s / 86_400;
        return days > 999 ? String.format(Locale.ROOT, "%3dy", days / 365) : String.format(Locale.ROOT, "%3dd", days);
    }

    /** An offset with its sign in 7 characters: {@code  +902ns}, {@code -1234us}, {@code   +12ms}, {@code +12.5s}. */
    static String signedOffset(double seconds) {
        return offset(Double.isNaN(seconds) ? 0 : seconds, true);
    }

    /** An error bound (no sign) in 6 characters: {@code 2999ns}, {@code   12ms}. */
    static String offset(double seconds) {
        return offset(Double.isNaN(seconds) ? 0 : Math.abs(seconds), false);
    }

    private static String offset(double s, boolean signed) {
        double x = Math.abs(s);
        String sign = signed ? "+" : "";
        int w = signed ? 5 : 4;
        if (x < 9999.5e-9) {
            return fmt(sign, w, 0, s * 1e9) + "ns";
        } else if (x < 9999.5e-6) {
            return fmt(sign, w, 0, s * 1e6) + "us";
        } else if (x < 9999.5e-3) {
            return fmt(sign, w, 0, s * 1e3) + "ms";
        } else if (x < 999.5) {
            return fmt(sign, w + 1, 1, s) + "s";
        } else if (x < 99_999.5) {
            return fmt(sign, w + 1, 0, s) + "s";
        } else if (x < 99_999.5 * 60) {
            return fmt(sign, w + 1, 0, s / 60) + "m";
        } else if (x < 99_999.5 * 3600) {
            return fmt(sign, w + 1, 0, s / 3600) + "h";
        } else if (x < 99_999.5 * 86_400) {
            return fmt(sign, w + 1, 0, s / 86_400) + "d";
        }
        return fmt(sign, w + 1, 0, s / (86_400.0 * 365)) + "y";
    }

    private static String fmt(String sign, int width, int decimals, double v) {
        return String.format(Locale.ROOT, "%" + sign + width + "." + decimals + "f", v);
    }

    /** A frequency in ppm in 10 characters, with a sign when {@code signed}; "-" when unknown. */
    static String ppm(double f, boolean signed) {
        if (Double.isNaN(f)) {
            return "         -";
        }
        return String.format(Locale.ROOT, "%" + (signed ? "+" : "") + "10." + (Math.abs(f) < 99_999.5 ? 3 : 0) + "f", f);
    }

    /** ntpq's interval: seconds up to 2048, then minutes up to 300, hours up to 96, days, years; "-" for none. */
    static String ntpqInterval(double seconds) {
        if (Double.isNaN(seconds) || seconds <= 0) {
            return "-";
        }
        long d = (long) seconds;
        if (d <= 2048) {
            return Long.toString(d);
        }
        d = (d + 29) / 60;
        if (d <= 300) {
            return d + "m";
        }
        d = (d + 29) / 60;
        if (d <= 96) {
            return d + "h";
        }
        d = (d + 11) / 24;
        if (d <= 999) {
            return d + "d";
        }
        return (d + 182) / 365 + "y";
    }

    /** Seconds as ntpq's milliseconds with three decimals, cut to {@code width} characters. */
    static String millis(double seconds, int width) {
        String s = String.format(Locale.ROOT, "%.3f", Double.isNaN(seconds) ? 0 : seconds * 1e3);
        return s.length() > width ? s.substring(0, width) : s;
    }

    /** A name cut to {@code max} characters with {@code >} as its last, as chronyc cuts host names. */
    static String cut(String name, int max) {
        return name.length() <= max ? name : name.substring(0, max - 1) + ">";
    }
}
