// The lines of the statistics files: chrony's measurements, statistics and tracking logs; ntpd's peerstats, loopstats.
package dev.jntp.daemon.stats;

import dev.jntp.engine.sync.ClockUpdate;
import dev.jntp.engine.sync.Measurement;
import dev.jntp.engine.sync.Regression;
import dev.jntp.engine.sync.SourceSnapshot;
import dev.jntp.engine.sync.SystemState;
import dev.jntp.proto.LeapIndicator;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * Formats one line of each statistics file, without its line break. The chrony lines have the
 * columns, widths and banners chrony.conf(5) documents for {@code log measurements}, {@code
 * statistics} and {@code tracking} (and chrony 4.x writes), so that scripts and plots made for
 * chrony's files read jntp's; the ntpd lines follow ntpd's monitoring documentation for
 * loopstats and peerstats. Where jntp keeps a figure differently from chrony or ntpd, the
 * method says what it writes instead. Pure functions of their arguments.
 *
 * <p>Signs: jntp's offsets are reference minus local (positive: the local clock is behind).
 * chrony's measurements log uses the same sign; its statistics and tracking logs use the
 * opposite one (positive: the local clock is fast), and chrony's frequency is positive for a
 * clock that runs fast, where jntp's frequency correction is positive for a clock made to run
 * faster. ntpd's files use jntp's signs.
 */
public final class LogLines {

    /** chrony's column titles of measurements.log. */
    public static final String MEASUREMENTS_BANNER = "   Date (UTC) Time     IP Address   L St 123 567 ABCD  LP RP"
            + " Score    Offset  Peer del. Peer disp.  Root del. Root disp. Refid     MTxRx";
    /** chrony's column titles of statistics.log. */
    public static final String STATISTICS_BANNER = "   Date (UTC) Time     IP Address    Std dev'n Est offset "
            + " Offset sd  Diff freq   Est skew  Stress  Ns  Bs  Nr  Asym";
    /** chrony's column titles of tracking.log. */
    public static final String TRACKING_BANNER = "   Date (UTC) Time     IP Address   St   Freq ppm   Skew ppm "
            + "    Offset L Co  Offset sd Rem. corr. Root delay Root disp. Max. error";

    private static final DateTimeFormatter DATE_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT).withZone(ZoneOffset.UTC);
    /** Modified Julian Day of 1970-01-01. */
    private static final long MJD_UNIX_EPOCH = 40_587;

    private LogLines() {}

    /** Whether a line of a chrony file is part of a banner (a rule of '=' or the column titles), not data. */
    public static boolean isBanner(String line) {
        return line.startsWith("=") || line.startsWith("   Date (UTC) Time");
    }

    /** The three lines chrony writes before its data and again every {@code logbanner} lines: '=', titles, '='. */
    public static String[] banner(String titles) {
        String rule = "=".repeat(titles.length());
        return new String[] {rule, titles, rule};
    }

    /**
     * A line of measurements.log: date, time, address, leap, stratum, the ten packet tests, local
     * and remote poll, score, offset, delay, dispersion, root delay, root dispersion, reference ID,
     * mode (4: server, B: basic, jntp has no interleaved mode) and where the send and receive
     * times came from (K: kernel, D: daemon).
     */
    public static String measurement(String address, Measurement m, boolean kernelTx, boolean kernelRx) {
        return String.format(Locale.ROOT, "%s %-15s %c %2d %s  %2d %2d %4.2f %10.3e %10.3e %10.3e %10.3e %10.3e"
                        + " %08X 4B %c %c",
                dateTime(m.localNanos()), address, leapChar(m.leap()), m.stratum(), m.verdicts().bits(),
                m.localPoll(), m.remotePoll(), m.pollScore(), m.offset(), m.delay(), m.dispersion(), m.rootDelay(),
                m.rootDispersion(), m.referenceId().raw(), kernelTx ? 'K' : 'D', kernelRx ? 'K' : 'D');
    }

    /**
     * A line of statistics.log: date, time, address, standard deviation, estimated offset, its
     * standard deviation, frequency and its error (skew), stress, samples, samples dropped, runs
     * and asymmetry. jntp does not estimate jitter asymmetry: that column is always 0.00, as
     * chrony writes it when it makes no correction.
     */
    public static String statistics(String address, Regression r) {
        return String.format(Locale.ROOT, "%s %-15s %10.3e %10.3e %10.3e %10.3e %10.3e %7.1e %3d %3d %3d %5.2f",
                dateTime(r.localNanos()), address, r.stdDev(), opposite(r.offset()), r.offsetSd(),
                opposite(r.frequency()), r.skew(), r.stress(), r.samples(), r.dropped(), r.runs(), 0.0);
    }

    /**
     * A line of tracking.log: date, time, the system peer's address, stratum, frequency, skew,
     * offset, leap, sources combined, offset standard deviation, remaining correction, root delay,
     * root dispersion and maximum error. jntp's maximum error is the root distance (half the
     * root delay plus the root dispersion, which includes the offset) plus the correction the
     * previous update had not finished.
     */
    public static String tracking(String address, SystemState s, ClockUpdate u) {
        double maxError = s.rootDelay() / 2 + s.rootDispersion() + Math.abs(u.remainingCorrection());
        return String.format(Locale.ROOT, "%s %-15s %2d %10.3f %10.3f %10.3e %c %2d %10.3e %10.3e %10.3e %10.3e %10.3e",
                dateTime(u.localNanos()), address, s.stratum(), opposite(s.frequencyPpm()), s.skewPpm(),
                opposite(s.offset()), leapChar(s.leap()), u.combined(), u.offsetSd(), u.remainingCorrection(),
                s.rootDelay(), s.rootDispersion(), maxError);
    }

    /**
     * A line of ntpd's peerstats: day (MJD), seconds past UTC midnight, address, peer status word
     * (hex), offset, delay, dispersion, jitter. The status word has ntpd's layout: configured and
     * reachable flags and the selection code of the tally the source would show in {@code ntpq -p}
     * (no event is recorded: the low byte is 0).
     */
    public static String peerstats(String address, SourceSnapshot source, Measurement m, long nowNanos) {
        return String.format(Locale.ROOT, "%s %s %x %.9f %.9f %.9f %.9f", mjdTime(nowNanos), address,
                peerStatus(source), m.offset(), m.delay(), m.dispersion(), Double.isNaN(source.jitter()) ? 0
                        : source.jitter());
    }

    /**
     * A line of ntpd's loopstats: day (MJD), seconds past UTC midnight, offset, frequency (ppm),
     * jitter, wander (ppm), time constant. jntp writes its RMS offset as the jitter, the frequency's
     * error bound (skew) as the wander, and the system peer's poll interval (log2 seconds) as the
     * time constant, which is what ntpd's system poll is.
     */
    public static String loopstats(SystemState s, int poll, long nowNanos) {
        return String.format(Locale.ROOT, "%s %.9f %.3f %.9f %.6f %d", mjdTime(nowNanos), s.offset(), s.frequencyPpm(),
                s.rmsOffset(), s.skewPpm(), poll);
    }

    /** ntpd's peer status word: flags (configured 0x80, reachable 0x10) and selection code in the high byte. */
    static int peerStatus(SourceSnapshot s) {
        int select = switch (s.state()) {
            case SELECTED -> 6; // sys.peer, '*'
            case COMBINED -> 4; // candidate, '+'
            case NOT_COMBINED -> 3; // outlier, '-'
            case FALSETICKER -> 1; // falsetick, 'x'
            default -> 0; // reject, ' '
        };
        return (0x80 | (s.reach() != 0 ? 0x10 : 0) | select) << 8;
    }

    /** {@code -x}, but 0 for 0 (a negated 0 would print as -0.000e+00). */
    private static double opposite(double x) {
        return 0.0 - x;
    }

    /** chrony's date and time column pair, UTC, to the second. */
    static String dateTime(long unixNanos) {
        return DATE_TIME.format(Instant.ofEpochSecond(Math.floorDiv(unixNanos, 1_000_000_000L)));
    }

    /** ntpd's day (Modified Julian Day) and seconds past midnight UTC, to the millisecond. */
    static String mjdTime(long unixNanos) {
        long millis = Math.floorDiv(unixNanos, 1_000_000L);
        long day = Math.floorDiv(millis, 86_400_000L);
        long ofDay = millis - day * 86_400_000L;
        return String.format(Locale.ROOT, "%d %d.%03d", day + MJD_UNIX_EPOCH, ofDay / 1000, ofDay % 1000);
    }

    /** N normal, + a second inserted, - a second deleted at the end of the month, ? not synchronised. */
    static char leapChar(LeapIndicator leap) {
        return switch (leap) {
            case NO_WARNING -> 'N';
            case INSERT_SECOND -> '+';
            case DELETE_SECOND -> '-';
            case UNSYNCHRONIZED -> '?';
        };
    }
}
