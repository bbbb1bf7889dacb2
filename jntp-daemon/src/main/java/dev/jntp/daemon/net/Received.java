// One datagram read by TimestampedUdpSocket: its length, sender, kernel receive time and whether it was cut short.
package dev.jntp.daemon.net;

import java.net.InetSocketAddress;

/**
 * A received datagram; its bytes are in the caller's buffer.
 *
 * @param length bytes stored in the buffer (at most its length)
 * @param source the sender; an IPv4 sender on a dual-stack IPv6 socket appears as its IPv4 address
 * @param kernelRxNanos when the kernel received it, CLOCK_REALTIME nanoseconds since the Unix epoch (SO_TIMESTAMPNS),
 *     or 0 if the kernel attached no timestamp
 * @param truncated whether the datagram was longer than the buffer and its tail dropped (MSG_TRUNC)
 */
public record Received(int length, InetSocketAddress source, long kernelRxNanos, boolean truncated) {

    /** Whether the kernel stamped the datagram's arrival. */
    public boolean hasKernelTimestamp() {
        return kernelRxNanos != 0;
    }
}
