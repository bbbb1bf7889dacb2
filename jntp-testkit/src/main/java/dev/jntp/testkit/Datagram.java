// A datagram in flight on the simulated network, with the true times it left and arrived.
package dev.jntp.testkit;

import java.net.InetSocketAddress;

/**
 * One delivered datagram. The octets are the receiver's own copy.
 *
 * @param from the sender's address
 * @param to the receiver's address
 * @param data the octets
 * @param sentNanos true time it was sent
 * @param arrivalNanos true time it arrived (now, when a receiver sees it)
 */
public record Datagram(InetSocketAddress from, InetSocketAddress to, byte[] data, long sentNanos, long arrivalNanos) {

    /** One-way delay, nanoseconds. */
    public long delayNanos() {
        return arrivalNanos - sentNanos;
    }
}
