// A fixed-size ring of time-stamped rows of numbers: the status page's recent history, bounded in memory.
package dev.jntp.daemon.metrics;

import java.util.function.BiConsumer;

/** Rows of {@code width} doubles with a time in milliseconds; the oldest row is overwritten when full. Not thread-safe. */
final class Ring {

    private final long[] times;
    private final double[][] rows;
    private int next;
    private int size;

    Ring(int capacity, int width) {
        times = new long[capacity];
        rows = new double[capacity][width];
    }

    void add(long timeMillis, double... values) {
        times[next] = timeMillis;
        System.arraycopy(values, 0, rows[next], 0, rows[next].length);
        next = (next + 1) % times.length;
        size = Math.min(size + 1, times.length);
    }

    int size() {
        return size;
    }

    /** The time of the {@code i}-th oldest row. */
    long time(int i) {
        return times[index(i)];
    }

    /** The {@code i}-th oldest row (the ring's own array: read it, do not keep it). */
    double[] row(int i) {
        return rows[index(i)];
    }

    /** Each row newer than {@code sinceMillis}, oldest first. */
    void forEachSince(long sinceMillis, BiConsumer<Long, double[]> action) {
        for (int i = firstAfter(sinceMillis); i < size; i++) {
            action.accept(time(i), row(i));
        }
    }

    /** The index of the oldest row newer than {@code sinceMillis} ({@link #size()} when none is). */
    int firstAfter(long sinceMillis) {
        int i = size;
        while (i > 0 && time(i - 1) > sinceMillis) {
            i--;
        }
        return i;
    }

    private int index(int i) {
        return (next - size + i + times.length) % times.length;
    }
}
