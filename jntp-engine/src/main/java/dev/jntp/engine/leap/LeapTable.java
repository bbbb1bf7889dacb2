// A table of leap seconds (leapsectz, leapseclist): which leap to announce on a UTC day, and TAI-UTC.
package dev.jntp.engine.leap;

import dev.jntp.proto.LeapIndicator;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * The leap seconds of a time zone with leap seconds ({@code leapsectz right/UTC}, read by {@link
 * TzifLeaps}) or of a NIST/IERS leap-seconds.list ({@code leapseclist}, read by {@link
 * LeapSecondsList}), as chrony uses them (leapdb.c, reference.c):
 *
 * <ul>
 *   <li>A leap second is at the end of a UTC day: an inserted one is 23:59:60, a deleted one
 *       removes 23:59:59. It is announced (leap indicator 1 or 2, RFC 5905 section 7.3) from
 *       00:00 UTC of that day until the day ends, the same window chrony gets by asking the
 *       table about the coming midnight; the kernel arms its leap for the next midnight, so an
 *       announcement on any other day would put the leap in the wrong place.
 *   <li>TAI-UTC at a time is the value from the last leap before it; during the day of a leap
 *       it is still the old value. Before the table's start it is unknown.
 *   <li>Expiry (leap-seconds.list's {@code #@}, a version 4 TZif's expiry record): a table
 *       whose expiry is not after the end of the current UTC day no longer says whether a leap
 *       comes at that day's end. chrony then warns ("needs update") and goes on using it; so
 *       does jntp ({@link #expiredAt}).
 *   <li>chrony checks a table before using it: a zone or list without the insertion at the
 *       end of 2012-06-30 (TAI-UTC 34 that day, 35 on 2012-12-31) is ignored with a warning
 *       ({@link #knownLeapProblem}), which catches a zone without leap seconds ({@code UTC}
 *       instead of {@code right/UTC}).
 * </ul>
 *
 * <p>How the engine combines the table with the sources, as chrony's reference.c does: the
 * sources' majority when it announces a leap, else the table's; either only on the last day of
 * June or December ({@link #lastDayOfJuneOrDecember}). A source majority announcing a leap the
 * table does not have is therefore still followed on those days (chrony.conf: "not used as an
 * exclusive source of information").
 *
 * <p>Immutable and pure: times are Unix seconds or nanoseconds on the UTC time scale (POSIX
 * days of 86400 s). The table and its two readers live in jntp-engine, beside the engine that
 * consults them: the engine may use jntp-proto only, so a table in jntp-config could not reach
 * it. The readers take the file's bytes; the daemon does the IO (dev.jntp.daemon.sync.LeapTableFile).
 */
public final class LeapTable {

    /** Seconds in a POSIX day. */
    public static final long DAY = 86_400;
    /** Latest time a table may name, Unix seconds (year 2242): its nanoseconds still fit a long. */
    static final long MAX_UNIX_SECONDS = 1L << 33;
    /** Earliest, the NTP era 0 epoch (1900). */
    static final long MIN_UNIX_SECONDS = -2_208_988_800L;

    /**
     * One leap second.
     *
     * @param dayEndUnixSeconds the UTC midnight that ends the leap's day (when the new TAI-UTC
     *     starts), Unix seconds
     * @param inserted whether a second is inserted (else deleted)
     * @param taiMinusUtcAfter TAI-UTC from {@code dayEndUnixSeconds} on, seconds
     */
    public record LeapSecond(long dayEndUnixSeconds, boolean inserted, int taiMinusUtcAfter) {

        /** The UTC day whose end has the leap. */
        public LocalDate day() {
            return LocalDate.ofEpochDay(Math.floorDiv(dayEndUnixSeconds, DAY) - 1);
        }
    }

    private final long startUnixSeconds;
    private final int taiMinusUtcAtStart;
    private final List<LeapSecond> leaps;
    private final OptionalLong expiresUnixSeconds;

    private LeapTable(long start, int taiAtStart, List<LeapSecond> leaps, OptionalLong expires) {
        this.startUnixSeconds = start;
        this.taiMinusUtcAtStart = taiAtStart;
        this.leaps = List.copyOf(leaps);
        this.expiresUnixSeconds = expires;
    }

    /**
     * A table; throws {@link IllegalArgumentException} when it is inconsistent (see {@link
     * #check}). The parsers check first and report a typed error instead.
     *
     * @param startUnixSeconds from when TAI-UTC is known
     * @param taiMinusUtcAtStart TAI-UTC then
     * @param leaps the leap seconds after the start, in time order
     * @param expiresUnixSeconds when the table stops being valid, if it says
     */
    public static LeapTable of(long startUnixSeconds, int taiMinusUtcAtStart, List<LeapSecond> leaps,
            OptionalLong expiresUnixSeconds) {
        Problem problem = check(startUnixSeconds, taiMinusUtcAtStart, leaps, expiresUnixSeconds);
        if (problem != null) {
            throw new IllegalArgumentException(problem.message());
        }
        return new LeapTable(startUnixSeconds, taiMinusUtcAtStart, leaps, expiresUnixSeconds);
    }

    /**
     * What makes a table inconsistent.
     *
     * @param leap index of the leap second at fault; -1 for the start or the expiry
     */
    record Problem(int leap, String message) {}

    /**
     * What makes the arguments of {@link #of} inconsistent, or null: times out of range, leaps not
     * at a UTC midnight or not after the start or the previous leap, TAI-UTC not changing by
     * exactly one second in the leap's direction.
     */
    static Problem check(long start, int taiAtStart, List<LeapSecond> leaps, OptionalLong expires) {
        if (start < MIN_UNIX_SECONDS || start > MAX_UNIX_SECONDS) {
            return new Problem(-1, "start " + start + " is outside the years 1900 to 2242");
        }
        long previousEnd = start;
        int tai = taiAtStart;
        for (int i = 0; i < leaps.size(); i++) {
            LeapSecond l = leaps.get(i);
            long end = l.dayEndUnixSeconds();
            if (end > MAX_UNIX_SECONDS || end < MIN_UNIX_SECONDS) {
                return new Problem(i, "a leap second at " + end + " (Unix seconds) is outside the years 1900 to 2242");
            }
            String at = "the leap second at the end of " + l.day();
            if (Math.floorMod(end, DAY) != 0) {
                return new Problem(i, "a leap second at " + end + " (Unix seconds) is not at 00:00 UTC");
            }
            if (end <= previousEnd) {
                return new Problem(i, at + " is not after the " + (i == 0 ? "table's start" : "previous leap second"));
            }
            int expected = l.inserted() ? tai + 1 : tai - 1;
            if (l.taiMinusUtcAfter() != expected) {
                return new Problem(i, at + " takes TAI-UTC from " + tai + " to " + l.taiMinusUtcAfter()
                        + "; a leap second changes it by one");
            }
            previousEnd = end;
            tai = l.taiMinusUtcAfter();
        }
        if (expires.isPresent() && (expires.getAsLong() < MIN_UNIX_SECONDS || expires.getAsLong() > MAX_UNIX_SECONDS)) {
            return new Problem(-1, "expiry " + expires.getAsLong() + " is outside the years 1900 to 2242");
        }
        return null;
    }

    /** The leap indicator to announce at {@code unixNanos}: the leap at the end of that UTC day, if any. */
    public LeapIndicator indicatorAt(long unixNanos) {
        long t = Math.floorDiv(unixNanos, 1_000_000_000L);
        int i = firstEndingAfter(t);
        if (i < leaps.size() && leaps.get(i).dayEndUnixSeconds() - DAY <= t) {
            return leaps.get(i).inserted() ? LeapIndicator.INSERT_SECOND : LeapIndicator.DELETE_SECOND;
        }
        return LeapIndicator.NO_WARNING;
    }

    /** TAI-UTC at {@code unixNanos}, seconds; empty before the table's start. */
    public OptionalInt taiMinusUtcAt(long unixNanos) {
        long t = Math.floorDiv(unixNanos, 1_000_000_000L);
        if (t < startUnixSeconds) {
            return OptionalInt.empty();
        }
        int i = firstEndingAfter(t);
        return OptionalInt.of(i == 0 ? taiMinusUtcAtStart : leaps.get(i - 1).taiMinusUtcAfter());
    }

    /** Index of the first leap whose day ends after {@code t} (Unix seconds); the size when none does. */
    private int firstEndingAfter(long t) {
        int lo = 0;
        int hi = leaps.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (leaps.get(mid).dayEndUnixSeconds() <= t) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /**
     * Whether the table has expired for the UTC day of {@code unixNanos}: its expiry is not after
     * that day's end, so it cannot say whether a leap comes then (chrony's "needs update" test).
     */
    public boolean expiredAt(long unixNanos) {
        if (expiresUnixSeconds.isEmpty()) {
            return false;
        }
        long dayEnd = (Math.floorDiv(Math.floorDiv(unixNanos, 1_000_000_000L), DAY) + 1) * DAY;
        return dayEnd >= expiresUnixSeconds.getAsLong();
    }

    /**
     * chrony's check of a leap second source before it is used: the insertion at the end of
     * 2012-06-30 with TAI-UTC 34 that day and 35 on 2012-12-31. Returns what is wrong, if anything.
     */
    public Optional<String> knownLeapProblem() {
        long june30 = LocalDate.of(2012, 6, 30).toEpochDay() * DAY * 1_000_000_000L;
        long december31 = LocalDate.of(2012, 12, 31).toEpochDay() * DAY * 1_000_000_000L;
        if (indicatorAt(june30) == LeapIndicator.INSERT_SECOND && taiMinusUtcAt(june30).equals(OptionalInt.of(34))
                && indicatorAt(december31) == LeapIndicator.NO_WARNING
                && taiMinusUtcAt(december31).equals(OptionalInt.of(35))) {
            return Optional.empty();
        }
        return Optional.of(leaps.isEmpty() ? "it has no leap seconds (a zone with them is right/UTC)"
                : "it lacks the leap second inserted at the end of 2012-06-30 (TAI-UTC 34 to 35)");
    }

    /**
     * chrony's rule for when a leap may be armed: only on the last day of June or December (the
     * first preference of ITU-R TF.460; no leap has used March or September).
     */
    public static boolean lastDayOfJuneOrDecember(long unixNanos) {
        LocalDate d = LocalDate.ofEpochDay(Math.floorDiv(Math.floorDiv(unixNanos, 1_000_000_000L), DAY));
        return (d.getMonthValue() == 6 && d.getDayOfMonth() == 30) || (d.getMonthValue() == 12 && d.getDayOfMonth() == 31);
    }

    /** The leap seconds, in time order. */
    public List<LeapSecond> leaps() {
        return leaps;
    }

    /** The last leap second, if any. */
    public Optional<LeapSecond> last() {
        return leaps.isEmpty() ? Optional.empty() : Optional.of(leaps.getLast());
    }

    /** When the table expires, Unix seconds, if it says. */
    public OptionalLong expiresUnixSeconds() {
        return expiresUnixSeconds;
    }

    /** From when TAI-UTC is known, Unix seconds. */
    public long startUnixSeconds() {
        return startUnixSeconds;
    }

    /** One line for logs: "27 leap seconds, the last inserted at the end of 2016-12-31 (TAI-UTC 37), expires 2026-06-28". */
    public String summary() {
        StringBuilder s = new StringBuilder().append(leaps.size()).append(leaps.size() == 1 ? " leap second" : " leap seconds");
        last().ifPresent(l -> s.append(", the last ").append(l.inserted() ? "inserted" : "deleted")
                .append(" at the end of ").append(l.day()).append(" (TAI-UTC ").append(l.taiMinusUtcAfter()).append(')'));
        s.append(expiresUnixSeconds.isPresent()
                ? ", expires " + LocalDate.ofEpochDay(Math.floorDiv(expiresUnixSeconds.getAsLong(), DAY))
                : ", no expiry date");
        return s.toString();
    }

    @Override
    public String toString() {
        return "LeapTable[" + summary() + "]";
    }
}
