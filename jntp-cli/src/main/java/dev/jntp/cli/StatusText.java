// The human layouts of the status commands: chronyc sources/sourcestats/ntpdata/clients/serverstats/activity and ntpq -p.
package dev.jntp.cli;

import static dev.jntp.cli.ChronyFormat.interval;
import static dev.jntp.cli.ChronyFormat.num;
import static dev.jntp.cli.ChronyFormat.text;
import static dev.jntp.cli.ChronyFormat.whole;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Renders the control socket's replies ({@code data} as {@link dev.jntp.daemon.control.ControlMessages}
 * reads it) in the column layouts of chronyc 4 and of ntpq's billboard, so that operators and
 * their scripts read jntp as they read chrony and ntpd. The legends of {@code -v} point at the
 * same columns as chronyc's, in jntp's words.
 */
final class StatusText {

    private StatusText() {}

    static final String SOURCES_HEADER =
            "MS Name/IP address         Stratum Poll Reach LastRx Last sample               ";
    /** Above the sources header with -v: what each column means, an arrow down to each. */
    static final List<String> SOURCES_LEGEND = List.of(
            "",
            "  .-- Mode: '^' server, '=' peer, '#' local reference clock.",
            " / .- State: '*' followed, '+' combined with it, '-' agrees but left out,",
            "| /          'x' falseticker, '?' not usable (why: jntp ntpdata).",
            "||                                                 .- xxxx [ yyyy ] +/- zzzz",
            "||      Reach: last 8 polls (octal) ---.           |  xxxx = offset now (corrected since),",
            "||      Poll interval (log2 s) --.      |          |  yyyy = offset as measured,",
            "||                                \\     |          |  zzzz = error bound.",
            "||                                 |    |           \\");
    static final String STATS_HEADER =
            "Name/IP Address            NP  NR  Span  Frequency  Freq Skew  Offset  Std Dev";
    /** Above the sourcestats header with -v. */
    static final List<String> STATS_LEGEND = List.of(
            "                             .- Samples in the regression.",
            "                            /    .- Runs of residuals of one sign.",
            "                           |    /    .- Time the samples span.",
            "                           |   |    /      .- Frequency error measured (ppm).",
            "                           |   |   |      /           .- Its error bound (ppm).",
            "                           |   |   |     |           /         .- Offset now.",
            "                           |   |   |     |          |          |   Jitter -.",
            "                           |   |   |     |          |          |   (stddev) \\",
            "                           |   |   |     |          |          |             |");
    private static final String NTPQ_HEADER =
            "     remote           refid      st t when poll reach   delay   offset  jitter";
    private static final String CLIENTS_HEADER =
            "Hostname                      NTP   Drop Int IntL Last     Cmd   Drop Int  Last";

    /** The rows of a reply's list. */
    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> rows(Map<String, Object> data, String key) {
        return data.get(key) instanceof List<?> l ? (List<Map<String, Object>>) l : List.of();
    }

    private static void header(PrintStream out, String header) {
        out.println(header);
        out.println("=".repeat(header.length()));
    }

    /** The name chronyc would print: the configured name, or a pool member's address. */
    static String name(Map<String, Object> s) {
        String n = text(s, "name");
        return n.contains("/") || n.isEmpty() ? text(s, "address") : n;
    }

    /** {@code jntp sources}: chronyc sources. */
    static void sources(PrintStream out, Map<String, Object> data, boolean verbose) {
        if (verbose) {
            SOURCES_LEGEND.forEach(out::println);
        }
        header(out, SOURCES_HEADER);
        for (Map<String, Object> s : rows(data, "sources")) {
            String n = name(s);
            out.printf(Locale.ROOT, "%c%s %-27s  %2d  %2d   %3o  %s  %s[%s] +/- %s%n", mode(s), text(s, "symbol"),
                    isAddress(s, n) ? n : ChronyFormat.cut(n, 25), whole(s, "stratum", 0), whole(s, "poll", 0),
                    whole(s, "reach", 0), interval(num(s, "last_rx_seconds")),
                    ChronyFormat.signedOffset(num(s, "adjusted_offset")),
                    ChronyFormat.signedOffset(num(s, "measured_offset")), ChronyFormat.offset(num(s, "error")));
        }
    }

    private static boolean isAddress(Map<String, Object> s, String n) {
        return n.equals(text(s, "address"));
    }

    private static char mode(Map<String, Object> s) {
        return switch (text(s, "mode")) {
            case "peer" -> '=';
            case "local" -> '#';
            default -> '^';
        };
    }

    /** {@code jntp sources --ntpq}: ntpq -p's billboard. */
    static void ntpq(PrintStream out, Map<String, Object> data) {
        out.println(NTPQ_HEADER);
        out.println("=".repeat(78));
        for (Map<String, Object> s : rows(data, "sources")) {
            String refid = s.get("refid") == null ? ".INIT." : text(s, "refid");
            long stratum = s.get("refid") == null ? 16 : whole(s, "stratum", 16);
            out.printf(Locale.ROOT, "%c%-15.15s %-15.15s %2d %c %4.4s %4.4s  %3o  %7.7s %8.7s %7.7s%n", tally(s),
                    name(s), refid, stratum, 'u', ChronyFormat.ntpqInterval(num(s, "last_rx_seconds")),
                    ChronyFormat.ntpqInterval(Math.scalb(1.0, (int) whole(s, "poll", 6))), whole(s, "reach", 0),
                    ChronyFormat.millis(num(s, "delay"), 7), ChronyFormat.millis(num(s, "estimated_offset"), 7),
                    ChronyFormat.millis(num(s, "jitter"), 7));
        }
    }

    /** ntpq's tally code: '*' system peer, '+' candidate, '-' outlier, 'x' falseticker, ' ' rejected. */
    private static char tally(Map<String, Object> s) {
        return switch (text(s, "state")) {
            case "selected" -> '*';
            case "combined" -> '+';
            case "not_combined" -> '-';
            case "falseticker" -> 'x';
            default -> ' ';
        };
    }

    /** {@code jntp sourcestats}: chronyc sourcestats. */
    static void sourceStats(PrintStream out, Map<String, Object> data, boolean verbose) {
        if (verbose) {
            STATS_LEGEND.forEach(out::println);
        }
        header(out, STATS_HEADER);
        for (Map<String, Object> s : rows(data, "sources")) {
            String n = name(s);
            out.printf(Locale.ROOT, "%-25s %3d %3d  %s %s %s  %s  %s%n", isAddress(s, n) ? n : ChronyFormat.cut(n, 25),
                    whole(s, "samples", 0), whole(s, "runs", 0), interval(num(s, "span_seconds")),
                    ChronyFormat.ppm(num(s, "frequency_ppm"), true), ChronyFormat.ppm(num(s, "skew_ppm"), false),
                    ChronyFormat.signedOffset(num(s, "offset")), ChronyFormat.offset(num(s, "std_dev")));
        }
    }

    /** {@code jntp ntpdata}: chronyc ntpdata, with every named packet test on a line of its own. */
    static void ntpData(PrintStream out, Map<String, Object> data, boolean blankBefore) {
        for (Map<String, Object> s : rows(data, "sources")) {
            if (blankBefore) {
                out.println();
            }
            field(out, "Remote address", text(s, "address") + " (" + text(s, "remote_reference_id") + ")");
            field(out, "Remote port", text(s, "port"));
            field(out, "Local address", s.get("local_address") == null ? "-"
                    : text(s, "local_address") + " (" + text(s, "local_reference_id") + ")");
            if (s.get("stratum") == null) {
                field(out, "Last reply", "none yet (" + whole(s, "total_tx", 0) + " requests sent)");
            } else {
                long poll = whole(s, "poll", 0);
                long precision = whole(s, "precision", 0);
                field(out, "Leap status", text(s, "leap_status"));
                field(out, "Version", text(s, "version"));
                field(out, "Mode", "Server");
                field(out, "Stratum", text(s, "stratum"));
                field(out, "Poll interval", String.format(Locale.ROOT, "%d (%.0f seconds)", poll,
                        Math.scalb(1.0, (int) poll)));
                field(out, "Precision", String.format(Locale.ROOT, "%d (%.9f seconds)", precision,
                        Math.scalb(1.0, (int) precision)));
                field(out, "Root delay", String.format(Locale.ROOT, "%.6f seconds", num(s, "root_delay")));
                field(out, "Root dispersion", String.format(Locale.ROOT, "%.6f seconds", num(s, "root_dispersion")));
                field(out, "Reference ID", text(s, "reference_id") + " (" + text(s, "reference_name") + ")");
                field(out, "Reference time", ChronyFormat.date(whole(s, "reference_time_unix_ns", 0)));
                field(out, "Offset", seconds(num(s, "offset"), true));
                field(out, "Peer delay", seconds(num(s, "peer_delay"), false));
                field(out, "Peer dispersion", seconds(num(s, "peer_dispersion"), false));
                field(out, "Response time", seconds(num(s, "response_time"), false));
            }
            // Also before a valid reply when one failed a test (test 5: replies without this source's MAC).
            if (s.get("stratum") != null || !text(s, "tests_bits").matches("[1 ]*")) {
                field(out, "NTP tests", text(s, "tests_bits"));
                for (Map<String, Object> t : rows(s, "tests")) {
                    boolean passed = Boolean.TRUE.equals(t.get("passed"));
                    out.printf(Locale.ROOT, "  %-2s%-22s: %s%n", text(t, "test"), text(t, "name"),
                            passed ? "pass" : "FAIL (" + text(t, "failure") + ")");
                }
            }
            field(out, "Interleaved", Boolean.TRUE.equals(s.get("interleaved")) ? "Yes" : "No");
            field(out, "Authenticated", Boolean.TRUE.equals(s.get("authenticated")) ? "Yes" : "No");
            field(out, "TX timestamping", text(s, "tx_timestamping"));
            field(out, "RX timestamping", text(s, "rx_timestamping"));
            field(out, "Total TX", text(s, "total_tx"));
            field(out, "Total RX", text(s, "total_rx"));
            field(out, "Total valid RX", text(s, "total_valid_rx"));
            field(out, "Total good RX", text(s, "total_good_rx"));
            if (s.get("stop_reason") != null) {
                field(out, "Polling stopped", text(s, "stop_reason"));
            }
        }
    }

    private static String seconds(double s, boolean signed) {
        return String.format(Locale.ROOT, signed ? "%+.9f seconds" : "%.9f seconds", Double.isNaN(s) ? 0 : s);
    }

    private static void field(PrintStream out, String name, String value) {
        out.printf(Locale.ROOT, "%-16s: %s%n", name, value);
    }

    /** {@code jntp clients}: chronyc clients (the command columns stay empty: jntp has no UDP command port). */
    static void clients(PrintStream out, Map<String, Object> data) {
        header(out, CLIENTS_HEADER);
        for (Map<String, Object> c : rows(data, "clients")) {
            Object interval = c.get("interval_log2");
            out.printf(Locale.ROOT, "%-25s  %6d  %5d  %2s  %2s  %s  %6d  %5d  %2s  %s%n",
                    ChronyFormat.cut(text(c, "address"), 25 + 14), whole(c, "ntp_requests", 0),
                    whole(c, "ntp_drops", 0), interval == null ? "-" : interval.toString(), "-",
                    interval(num(c, "last_seconds_ago")), 0, 0, "-", interval(Double.NaN));
        }
        long total = whole(data, "total", 0);
        if (total > rows(data, "clients").size()) {
            out.printf(Locale.ROOT, "(and %d more clients; only the busiest %d are shown)%n",
                    total - rows(data, "clients").size(), rows(data, "clients").size());
        }
    }

    /** {@code jntp serverstats}: chronyc serverstats' counters that apply, then the reasons for the drops. */
    static void serverStats(PrintStream out, Map<String, Object> d) {
        stat(out, "NTP packets received", d, "ntp_packets_received");
        stat(out, "NTP packets dropped", d, "ntp_packets_dropped");
        stat(out, "Command packets received", d, "command_requests_received");
        stat(out, "Command packets dropped", d, "command_requests_refused");
        stat(out, "Client log records dropped", d, "client_log_records_dropped");
        stat(out, "NTP replies sent", d, "answered");
        stat(out, "Dropped: not allowed", d, "denied");
        stat(out, "Dropped: malformed", d, "malformed");
        stat(out, "Dropped: bad version", d, "bad_version");
        stat(out, "Dropped: unexpected mode", d, "unexpected_mode");
        stat(out, "Dropped: mode 6 (control)", d, "control_mode");
        stat(out, "Dropped: mode 7 (private)", d, "private_mode");
        stat(out, "Dropped: rate limited", d, "rate_limited");
        stat(out, "KoD RATE replies sent", d, "kod_rate");
        stat(out, "Replies the socket refused", d, "send_failed");
        stat(out, "Authenticated replies", d, "authenticated");
        stat(out, "Crypto-NAK: unknown key", d, "auth_unknown_key");
        stat(out, "Crypto-NAK: bad MAC", d, "auth_bad_mac");
        if (d.containsKey("nts_authenticated")) {
            stat(out, "NTS-KE connections accepted", d, "nts_ke_accepted");
            stat(out, "NTS-KE connections refused", d, "nts_ke_refused");
            stat(out, "NTS-KE connections failed", d, "nts_ke_failed");
            stat(out, "Authenticated NTP packets", d, "nts_authenticated");
            stat(out, "NTS NAKs: unknown key", d, "nts_nak_unknown_key");
            stat(out, "NTS NAKs: bad cookie/auth", d, "nts_nak_bad_auth");
            stat(out, "NTS requests malformed", d, "nts_malformed");
        }
    }

    private static void stat(PrintStream out, String label, Map<String, Object> d, String key) {
        out.printf(Locale.ROOT, "%-27s: %d%n", label, whole(d, key, 0));
    }

    /** {@code jntp activity}: chronyc activity. */
    static void activity(PrintStream out, Map<String, Object> d) {
        out.printf(Locale.ROOT, "%d sources online%n", whole(d, "online", 0));
        out.printf(Locale.ROOT, "%d sources offline%n", whole(d, "offline", 0));
        out.printf(Locale.ROOT, "%d sources doing burst (return to online)%n", whole(d, "burst_online", 0));
        out.printf(Locale.ROOT, "%d sources doing burst (return to offline)%n", whole(d, "burst_offline", 0));
        out.printf(Locale.ROOT, "%d sources with unknown address%n", whole(d, "unresolved", 0));
    }
}
