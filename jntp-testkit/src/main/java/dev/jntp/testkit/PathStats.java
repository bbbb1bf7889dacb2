// Counts of what a simulated network did with the datagrams of one direction of a path, or of all.
package dev.jntp.testkit;

/**
 * A snapshot of a path's counters. Every datagram sent is counted once in {@code sent} and then
 * as lost, dropped in an outage, unroutable, or scheduled for delivery; a scheduled one is
 * later delivered or undeliverable (nothing bound at the address). Duplicates add deliveries.
 *
 * @param sent datagrams handed to the network
 * @param lost lost at random
 * @param droppedInOutage sent while the path or a host was down
 * @param unroutable no path between the hosts
 * @param duplicated second copies made
 * @param reordered copies that arrive after one sent later on the same path (RFC 4737), counted on arrival
 * @param delivered copies handed to a receiver
 * @param undeliverable copies that arrived where nothing was bound
 */
public record PathStats(long sent, long lost, long droppedInOutage, long unroutable, long duplicated, long reordered,
        long delivered, long undeliverable) {

    static final PathStats ZERO = new PathStats(0, 0, 0, 0, 0, 0, 0, 0);

    PathStats plus(PathStats o) {
        return new PathStats(sent + o.sent, lost + o.lost, droppedInOutage + o.droppedInOutage,
                unroutable + o.unroutable, duplicated + o.duplicated, reordered + o.reordered,
                delivered + o.delivered, undeliverable + o.undeliverable);
    }
}
