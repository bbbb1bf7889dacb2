// Runs a simulation: a queue of events in true time, executed in order, with a bound against runaway loops.
package dev.jntp.testkit;

import java.time.Duration;
import java.time.Instant;
import java.util.PriorityQueue;

/**
 * The only thing that moves simulated time. Events are {@link Runnable}s due at a true time;
 * {@link #runUntil} executes them in order of time, then of scheduling (so events due at the
 * same instant run first-in first-out), moving {@link SimTime} to each event's time before it
 * runs and to the target at the end. Events may schedule further events. One advance runs at
 * most {@link #maxEventsPerAdvance()} events and then throws {@link RunawayException}, so that a
 * timer that re-arms itself at the same instant fails the test instead of hanging it.
 * Single-threaded, like everything in the kit.
 */
public final class SimScheduler {

    /** Default bound on events per advance: far above a simulated day of a busy scenario. */
    public static final int DEFAULT_MAX_EVENTS_PER_ADVANCE = 10_000_000;

    /** Thrown when one advance would run more events than allowed. */
    public static final class RunawayException extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        RunawayException(String message) {
            super(message);
        }
    }

    /** A scheduled event; cancel it to keep it from running. */
    public static final class Event implements Comparable<Event> {
        private long due;
        private long seq;
        private final long period;
        private final Runnable action;
        private boolean cancelled;
        private boolean done;

        private Event(long due, long seq, long period, Runnable action) {
            this.due = due;
            this.seq = seq;
            this.period = period;
            this.action = action;
        }

        /** The true time it is (next) due at. */
        public long due() {
            return due;
        }

        /** Keeps it (and the rest of a periodic series) from running; does nothing if it already ran. */
        public void cancel() {
            cancelled = true;
        }

        /** Whether it is still waiting to run. */
        public boolean pending() {
            return !cancelled && !done;
        }

        @Override
        public int compareTo(Event o) {
            int c = Long.compare(due, o.due);
            return c != 0 ? c : Long.compare(seq, o.seq);
        }

        @Override
        public boolean equals(Object o) {
            return this == o;
        }

        @Override
        public int hashCode() {
            return Long.hashCode(seq);
        }
    }

    private final SimTime time;
    private final int maxEventsPerAdvance;
    private final PriorityQueue<Event> queue = new PriorityQueue<>();
    private long seq;
    private long eventsRun;

    private SimScheduler(long startNanos, int maxEventsPerAdvance) {
        if (maxEventsPerAdvance < 1) {
            throw new IllegalArgumentException("maxEventsPerAdvance must be positive: " + maxEventsPerAdvance);
        }
        this.time = new SimTime(startNanos);
        this.maxEventsPerAdvance = maxEventsPerAdvance;
    }

    /** A scheduler whose time starts at {@code start}. */
    public static SimScheduler startingAt(Instant start) {
        return startingAt(start, DEFAULT_MAX_EVENTS_PER_ADVANCE);
    }

    /** A scheduler whose time starts at {@code start} and that runs at most {@code maxEventsPerAdvance} events per advance. */
    public static SimScheduler startingAt(Instant start, int maxEventsPerAdvance) {
        return new SimScheduler(SimTime.nanosOf(start), maxEventsPerAdvance);
    }

    /** The true time this scheduler moves. */
    public SimTime time() {
        return time;
    }

    /** Uniform true time now (same as {@code time().now()}). */
    public long now() {
        return time.now();
    }

    /** The bound on events per advance. */
    public int maxEventsPerAdvance() {
        return maxEventsPerAdvance;
    }

    /** Runs {@code action} at true time {@code due}, which must not be in the past. */
    public Event at(long due, Runnable action) {
        if (due < time.now()) {
            throw new IllegalArgumentException("event due at " + SimTime.instantOf(due) + ", before now, "
                    + SimTime.instantOf(time.now()));
        }
        Event e = new Event(due, seq++, 0, action);
        queue.add(e);
        return e;
    }

    /** Runs {@code action} {@code delayNanos} from now. */
    public Event after(long delayNanos, Runnable action) {
        if (delayNanos < 0) {
            throw new IllegalArgumentException("negative delay: " + delayNanos);
        }
        return at(Math.addExact(time.now(), delayNanos), action);
    }

    /** Runs {@code action} {@code delay} from now. */
    public Event after(Duration delay, Runnable action) {
        return after(delay.toNanos(), action);
    }

    /**
     * Runs {@code action} at {@code first} and then every {@code periodNanos}; the returned
     * event's {@link Event#cancel} stops the whole series.
     */
    public Event every(long first, long periodNanos, Runnable action) {
        if (periodNanos <= 0) {
            throw new IllegalArgumentException("period must be positive: " + periodNanos);
        }
        if (first < time.now()) {
            throw new IllegalArgumentException("series starts at " + SimTime.instantOf(first) + ", before now");
        }
        Event e = new Event(first, seq++, periodNanos, action);
        queue.add(e);
        return e;
    }

    /** Executes every event due up to and including {@code t}, then sets time to {@code t}; returns the count run. */
    public int runUntil(long t) {
        if (t < time.now()) {
            throw new IllegalArgumentException("cannot run back to " + SimTime.instantOf(t) + " from "
                    + SimTime.instantOf(time.now()));
        }
        int run = 0;
        while (true) {
            Event e = queue.peek();
            if (e == null || e.due > t) {
                break;
            }
            queue.poll();
            if (e.cancelled) {
                continue;
            }
            if (run == maxEventsPerAdvance) {
                queue.add(e);
                throw new RunawayException("more than " + maxEventsPerAdvance + " events in one advance; stopped at "
                        + time + " with " + queue.size() + " queued, running to " + SimTime.instantOf(t));
            }
            time.advanceTo(e.due);
            run++;
            eventsRun++;
            e.action.run();
            if (e.period > 0 && !e.cancelled) {
                e.due = Math.addExact(e.due, e.period);
                e.seq = seq++;
                queue.add(e);
            } else {
                e.done = true;
            }
        }
        time.advanceTo(t);
        return run;
    }

    /** Runs for {@code d} of simulated time. */
    public int runFor(Duration d) {
        return runUntil(Math.addExact(time.now(), d.toNanos()));
    }

    /** Runs for {@code nanos} of simulated time. */
    public int runForNanos(long nanos) {
        return runUntil(Math.addExact(time.now(), nanos));
    }

    /** Events waiting to run (cancelled ones excluded). */
    public int pending() {
        int n = 0;
        for (Event e : queue) {
            if (!e.cancelled) {
                n++;
            }
        }
        return n;
    }

    /** Events run since the start. */
    public long eventsRun() {
        return eventsRun;
    }
}
