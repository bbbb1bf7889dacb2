// The true time of a simulation: a uniform time line, and UTC as an ideal clock shows it, leap seconds included.
package dev.jntp.testkit;

import dev.jntp.proto.LeapIndicator;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * The truth every simulated clock is judged against. {@link #now()} is uniform time in
 * nanoseconds since the Unix epoch; only {@link SimScheduler} moves it, and only forward.
 * {@link #utc()} is what an ideal UTC clock reads: the same as {@code now()} until a scheduled
 * leap second, after which it lags by one second per inserted leap (the second 23:59:59 is
 * shown twice, as the Linux kernel does) or leads by one per deleted leap (23:59:59 is skipped).
 * Simulations without leap seconds can treat the two as the same.
 */
public final class SimTime {

    /** The first instant of NTP era 1: 2036-02-07T06:28:16Z. */
    public static final Instant ERA_ROLLOVER = Instant.parse("2036-02-07T06:28:16Z");

    static final long NANOS_PER_SECOND = 1_000_000_000L;
    static final long NANOS_PER_DAY = 86_400L * NANOS_PER_SECOND;

    /** A leap second: from uniform time {@code at} on, UTC moves by {@code shift} nanoseconds (-1 s inserts). */
    private record Leap(long at, long utcMidnight, long shift, LeapIndicator kind) {}

    private final long start;
    private long now;
    private final List<Leap> leaps = new ArrayList<>();

    SimTime(long startNanos) {
        this.start = startNanos;
        this.now = startNanos;
    }

    /** Nanoseconds since the Unix epoch of an instant. */
    public static long nanosOf(Instant instant) {
        return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), NANOS_PER_SECOND), instant.getNano());
    }

    /** The instant of a count of nanoseconds since the Unix epoch. */
    public static Instant instantOf(long nanos) {
        return Instant.ofEpochSecond(Math.floorDiv(nanos, NANOS_PER_SECOND), Math.floorMod(nanos, NANOS_PER_SECOND));
    }

    /** Uniform true time now, nanoseconds since the Unix epoch. */
    public long now() {
        return now;
    }

    /** When the simulation started. */
    public long start() {
        return start;
    }

    /** Nanoseconds since the start. */
    public long elapsed() {
        return now - start;
    }

    /** UTC now, as an ideal clock reads it (see the class comment). */
    public long utc() {
        return utcAt(now);
    }

    /** UTC at uniform time {@code t}. */
    public long utcAt(long t) {
        long utc = t;
        for (Leap l : leaps) {
            if (t >= l.at) {
                utc += l.shift;
            }
        }
        return utc;
    }

    /** Nanoseconds UTC lags uniform time at {@code t}: one second per inserted leap so far, less one per deleted. */
    public long leapShiftAt(long t) {
        return t - utcAt(t);
    }

    /**
     * Schedules a leap second inserted at the end of {@code day} (UTC): after 23:59:59 comes
     * 23:59:59 again. Leaps must be scheduled in order, each before time reaches it.
     */
    public void insertLeapSecond(LocalDate day) {
        addLeap(day, LeapIndicator.INSERT_SECOND);
    }

    /** Schedules a leap second deleted at the end of {@code day} (UTC): 23:59:58 is followed by 00:00:00. */
    public void deleteLeapSecond(LocalDate day) {
        addLeap(day, LeapIndicator.DELETE_SECOND);
    }

    private void addLeap(LocalDate day, LeapIndicator kind) {
        long midnight = nanosOf(day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant());
        long lag = leaps.isEmpty() ? 0 : leapShiftAt(leaps.getLast().at);
        long at;
        long shift;
        if (kind == LeapIndicator.INSERT_SECOND) {
            at = midnight + lag;
            shift = -NANOS_PER_SECOND;
        } else {
            at = midnight - NANOS_PER_SECOND + lag;
            shift = NANOS_PER_SECOND;
        }
        if (!leaps.isEmpty() && at <= leaps.getLast().at) {
            throw new IllegalArgumentException("leap seconds must be scheduled in order: " + day);
        }
        if (at <= now) {
            throw new IllegalArgumentException("the end of " + day + " has already passed");
        }
        leaps.add(new Leap(at, midnight, shift, kind));
    }

    /**
     * The leap announced for the end of the UTC day holding {@code utcNanos}: what a correct
     * server puts in its leap indicator that day.
     */
    public LeapIndicator leapAnnouncedAt(long utcNanos) {
        long midnight = Math.floorDiv(utcNanos, NANOS_PER_DAY) * NANOS_PER_DAY + NANOS_PER_DAY;
        for (Leap l : leaps) {
            if (l.utcMidnight == midnight) {
                return l.kind;
            }
        }
        return LeapIndicator.NO_WARNING;
    }

    void advanceTo(long t) {
        if (t < now) {
            throw new IllegalStateException("time cannot go back from " + now + " to " + t);
        }
        now = t;
    }

    @Override
    public String toString() {
        return instantOf(now) + " (+" + Trace.formatElapsed(elapsed()) + ")";
    }
}
