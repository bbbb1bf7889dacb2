// A threshold in the Nagios plugin range syntax ([@][start:][end]), as -w and -c of the monitoring plugins take.
package dev.jntp.cli.check;

import picocli.CommandLine;

/**
 * The range format of the Monitoring Plugins development guidelines ("Threshold and ranges"): {@code 10} alerts
 * outside 0..10, {@code 10:} below 10, {@code ~:10} above 10, {@code 10:20} outside 10..20, and a leading {@code @}
 * inverts it ({@code @10:20} alerts inside 10..20, ends included). Start must not exceed end.
 *
 * @param start lower end (negative infinity for {@code ~})
 * @param end upper end (positive infinity when omitted after {@code :})
 * @param inside alert inside the range rather than outside
 * @param text the range as given, for perfdata
 */
public record NagiosRange(double start, double end, boolean inside, String text) {

    /**
     * Parses a range.
     *
     * @throws IllegalArgumentException naming what is wrong and the accepted forms
     */
    public static NagiosRange parse(String text) {
        String t = text.strip();
        boolean inside = t.startsWith("@");
        String body = inside ? t.substring(1) : t;
        int colon = body.indexOf(':');
        double start;
        double end;
        if (colon < 0) {
            start = 0;
            end = number(body, text);
        } else {
            String s = body.substring(0, colon);
            String e = body.substring(colon + 1);
            start = s.equals("~") ? Double.NEGATIVE_INFINITY : s.isEmpty() ? 0 : number(s, text);
            end = e.isEmpty() ? Double.POSITIVE_INFINITY : number(e, text);
        }
        if (start > end) {
            throw new IllegalArgumentException("range '" + text + "': start " + s(start) + " is above end " + s(end));
        }
        return new NagiosRange(start, end, inside, t);
    }

    private static double number(String s, String text) {
        try {
            double v = Double.parseDouble(s);
            if (Double.isFinite(v) && !s.isEmpty() && !Character.isLetter(s.charAt(s.length() - 1))) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("range '" + text + "': '" + s + "' is not a number (forms: N, N:, ~:N, "
                + "M:N, @M:N)");
    }

    private static String s(double v) {
        return v == (long) v ? Long.toString((long) v) : Double.toString(v);
    }

    /** Whether {@code value} raises the alert. */
    public boolean alerts(double value) {
        boolean within = value >= start && value <= end;
        return inside == within;
    }

    /** How an alerting {@code value} breaks the range, for a status line: "above 0.1", "below 1", "inside 10..20". */
    public String violation(double value) {
        if (inside) {
            return "inside " + (start == Double.NEGATIVE_INFINITY ? "~" : s(start)) + ":"
                    + (end == Double.POSITIVE_INFINITY ? "" : s(end));
        }
        return value < start ? "below " + s(start) : "above " + s(end);
    }

    @Override
    public String toString() {
        return text;
    }

    /** Converts option values, so that a bad range is a usage error (exit 3 for the check). */
    public static final class Converter implements CommandLine.ITypeConverter<NagiosRange> {
        @Override
        public NagiosRange convert(String value) {
            try {
                return parse(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }
}
