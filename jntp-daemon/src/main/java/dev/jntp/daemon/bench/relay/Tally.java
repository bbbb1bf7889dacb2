// The counters of one direction of the relay, each written by one thread and read once both have ended.
package dev.jntp.daemon.bench.relay;

/**
 * One direction's counters. The receiving thread writes the first group, the sending thread
 * the second; {@link #report} may be called only after both threads have been joined.
 */
final class Tally {

    // Receiving thread.
    long received;
    long lost;
    long reordered;
    long overflow;
    long kept;
    long delaySum;
    long delayMin = Long.MAX_VALUE;
    long delayMax;

    // Sending thread.
    long forwarded;
    long sendErrors;
    long lateSum;
    long lateMax;

    /** Books a datagram kept with {@code delay} ns between arrival and scheduled departure. */
    void kept(long delay) {
        kept++;
        delaySum += delay;
        delayMin = Math.min(delayMin, delay);
        delayMax = Math.max(delayMax, delay);
    }

    /** Books a datagram sent {@code late} ns after its scheduled departure. */
    void sent(long late) {
        forwarded++;
        lateSum += Math.max(0, late);
        lateMax = Math.max(lateMax, late);
    }

    RelayReport.Direction report() {
        return new RelayReport.Direction(received, lost, reordered, overflow, forwarded, sendErrors,
                kept == 0 ? 0 : delaySum / 1e6 / kept, kept == 0 ? 0 : delayMin / 1e6, delayMax / 1e6,
                forwarded == 0 ? 0 : lateSum / 1e3 / forwarded, lateMax / 1e3);
    }
}
