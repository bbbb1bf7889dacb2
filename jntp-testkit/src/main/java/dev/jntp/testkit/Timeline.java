// Values that hold during intervals of simulated time: outages, silences, kiss-o'-death and leap windows.
package dev.jntp.testkit;

import java.util.ArrayList;
import java.util.List;

/**
 * Half-open intervals {@code [from, to)} of true time, each with a value. Where intervals
 * overlap, the one added last wins. Small by design: a scenario scripts a handful of them.
 *
 * @param <T> what holds during an interval
 */
public final class Timeline<T> {

    /** The end of an interval that never ends. */
    public static final long FOREVER = Long.MAX_VALUE;

    private record Span<T>(long from, long to, T value) {}

    private final List<Span<T>> spans = new ArrayList<>();

    /** {@code value} holds from {@code from} (inclusive) to {@code to} (exclusive), true nanoseconds. */
    public Timeline<T> add(long from, long to, T value) {
        if (to < from) {
            throw new IllegalArgumentException("interval ends before it starts: " + from + " > " + to);
        }
        spans.add(new Span<>(from, to, value));
        return this;
    }

    /** The value in force at {@code t}, or null when no interval holds it. */
    public T at(long t) {
        for (int i = spans.size() - 1; i >= 0; i--) {
            Span<T> s = spans.get(i);
            if (t >= s.from && t < s.to) {
                return s.value;
            }
        }
        return null;
    }

    /** Whether some interval holds {@code t}. */
    public boolean holds(long t) {
        return at(t) != null;
    }

    /** Whether no interval was ever added. */
    public boolean isEmpty() {
        return spans.isEmpty();
    }
}
