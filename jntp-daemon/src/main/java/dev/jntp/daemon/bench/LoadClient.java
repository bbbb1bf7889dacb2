// One source socket of the load generator: a thread that sends paced requests and a thread that matches replies.
package dev.jntp.daemon.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.util.BitSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * A connected UDP socket with a sending loop ({@link #send}) and a receiving loop
 * ({@link #receive}), each meant for a platform thread of its own. The two share three
 * counters and nothing else: each request carries its sequence number and send time in its
 * transmit timestamp ({@link RequestStamp}), and the reply brings them back as its origin.
 *
 * <p>At a rate, sending is open loop: request n leaves at start + n / rate, late ones at once
 * (in bursts of at most {@value #BURST}). In max mode it is closed loop: at most {@code window}
 * requests past the highest one answered; when nothing is answered for {@value #STALL_MILLIS} ms
 * the outstanding requests are written off as lost and sending goes on.
 */
final class LoadClient {

    static final int REQUEST_LENGTH = 48;
    private static final int BURST = 64;
    private static final long STALL_MILLIS = 200;
    private static final long IDLE_PARK_NANOS = 20_000;
    private static final long ERROR_PARK_NANOS = 1_000_000;
    private static final int MAX_DATAGRAM = 2048;
    private static final int SOCKET_BUFFER = 4 << 20;

    private final DatagramChannel channel;
    private final RequestStamp stamp;
    private final long count;
    private final long rate;
    private final int window;
    private final long start;
    private final long end;

    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong received = new AtomicLong();
    /** One more than the highest sequence number answered: what max mode's window counts from. */
    private final AtomicLong answeredUpTo = new AtomicLong();

    // Written by the sending thread only; read after it has been joined.
    private long sendErrors;
    private long sendEnd;

    // Written by the receiving thread only; read after it has been joined.
    private final BitSet answered;
    private final LatencyHistogram latency = new LatencyHistogram();
    private long duplicates;
    private long invalid;
    private long unreachable;

    /**
     * @param count requests to send at most, up to {@link RequestStamp#MAX_SEQUENCE} + 1
     * @param rate requests per second, 0 for max mode
     * @param start {@link System#nanoTime} at the start of the run
     * @param end {@link System#nanoTime} when sending stops
     */
    LoadClient(DatagramChannel channel, RequestStamp stamp, long count, long rate, int window, long start, long end) {
        if (count < 0 || count > RequestStamp.MAX_SEQUENCE + 1) {
            throw new IllegalArgumentException("count " + count + " does not fit the sequence numbers");
        }
        this.channel = channel;
        this.stamp = stamp;
        this.count = count;
        this.rate = rate;
        this.window = window;
        this.start = start;
        this.end = end;
        this.answered = new BitSet((int) count);
        this.sendEnd = start;
    }

    /** A blocking UDP socket of the target's family, connected to it, with large buffers. */
    static DatagramChannel open(InetSocketAddress target) throws IOException {
        DatagramChannel ch = DatagramChannel.open(target.getAddress().getAddress().length == 4
                ? StandardProtocolFamily.INET : StandardProtocolFamily.INET6);
        try {
            ch.setOption(StandardSocketOptions.SO_RCVBUF, SOCKET_BUFFER);
            ch.setOption(StandardSocketOptions.SO_SNDBUF, SOCKET_BUFFER);
            ch.connect(target);
            return ch;
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    /** The sending loop: returns when {@code count} requests are sent, at the end time, or when closed. */
    void send() {
        ByteBuffer buf = ByteBuffer.allocateDirect(REQUEST_LENGTH);
        buf.put(0, (byte) 0x23); // leap 0, version 4, mode 3 (client); every other field 0 but transmit
        long seq = 0;
        long floor = 0;
        long lastAnswered = 0;
        long lastProgress = start;
        long stall = TimeUnit.MILLISECONDS.toNanos(STALL_MILLIS);
        while (seq < count) {
            long now = System.nanoTime();
            if (now - end >= 0) {
                break;
            }
            long due;
            if (rate > 0) {
                due = Math.min(count, (now - start) * rate / 1_000_000_000L + 1);
            } else {
                long acked = answeredUpTo.getAcquire();
                if (acked != lastAnswered) {
                    lastAnswered = acked;
                    lastProgress = now;
                } else if (now - lastProgress > stall) {
                    floor = seq;
                    lastProgress = now;
                }
                due = Math.min(count, Math.max(acked, floor) + window);
            }
            if (seq >= due) {
                long wait = rate > 0 ? start + seq * 1_000_000_000L / rate - now : IDLE_PARK_NANOS;
                LockSupport.parkNanos(Math.max(1, Math.min(wait, end - now)));
                continue;
            }
            for (long last = Math.min(due, seq + BURST); seq < last; seq++) {
                buf.putLong(40, stamp.encode(seq, System.nanoTime() - start)).clear();
                try {
                    channel.write(buf);
                } catch (ClosedChannelException e) {
                    sendEnd = System.nanoTime();
                    return;
                } catch (IOException e) {
                    // Port unreachable reported on this socket, or no buffer space: pause, then go on.
                    sendErrors++;
                    LockSupport.parkNanos(ERROR_PARK_NANOS);
                    break;
                }
                sent.setRelease(seq + 1);
            }
        }
        sendEnd = System.nanoTime();
    }

    /** The receiving loop: returns when the socket is closed. */
    void receive() {
        ByteBuffer buf = ByteBuffer.allocateDirect(MAX_DATAGRAM);
        while (true) {
            buf.clear();
            int n;
            try {
                n = channel.read(buf);
            } catch (PortUnreachableException e) {
                unreachable++;
                continue;
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                if (!channel.isOpen()) {
                    return;
                }
                invalid++;
                LockSupport.parkNanos(ERROR_PARK_NANOS);
                continue;
            }
            accept(buf, n, System.nanoTime() - start);
        }
    }

    /** Books one datagram of {@code n} octets read {@code offsetNanos} after the start. */
    void accept(ByteBuffer datagram, int n, long offsetNanos) {
        if (n < REQUEST_LENGTH || (datagram.get(0) & 7) != 4) {
            invalid++;
            return;
        }
        long origin = datagram.getLong(24);
        long seq = stamp.sequenceOf(origin);
        if (seq < 0 || seq >= count) {
            invalid++;
            return;
        }
        if (answered.get((int) seq)) {
            duplicates++;
            return;
        }
        answered.set((int) seq);
        received.setRelease(received.getPlain() + 1);
        latency.record(offsetNanos - stamp.offsetNanosOf(origin));
        if (seq + 1 > answeredUpTo.getPlain()) {
            answeredUpTo.setRelease(seq + 1);
        }
    }

    /** Whether every request sent so far has been answered. */
    boolean caughtUp() {
        return received.getAcquire() >= sent.getAcquire();
    }

    /** Closes the socket, which ends both loops. */
    void close() {
        try {
            channel.close();
        } catch (IOException e) {
            // nothing left to do with it
        }
    }

    /** The counters of one client; read them after both loops have ended. */
    record Counts(long sent, long received, long duplicates, long invalid, long sendErrors, long unreachable,
            long sendEnd) {}

    Counts counts() {
        return new Counts(sent.get(), received.get(), duplicates, invalid, sendErrors, unreachable, sendEnd);
    }

    LatencyHistogram latency() {
        return latency;
    }
}
