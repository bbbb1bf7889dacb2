// Packs a request's sequence number and send time into the 64-bit transmit timestamp, so replies carry them back.
package dev.jntp.daemon.bench;

/**
 * The transmit timestamp of a load request. A server copies it into the origin field of its
 * reply octet for octet, so it carries back everything the generator needs to match the reply
 * and time it, and no table of outstanding requests is shared between sending and receiving
 * threads:
 *
 * <pre>
 *   bits 63..54  check pattern (10 bits)
 *   bits 53..30  sequence number of the request on its socket (24 bits, up to 16,777,215)
 *   bits 29..0   send time after the start of the run, in units of 128 ns (up to 137 s)
 * </pre>
 *
 * XORed with a random salt per socket, so the values look random on the wire and a reply meant
 * for another socket or run fails the check (but for one chance in 1024).
 */
final class RequestStamp {

    static final int SEQUENCE_BITS = 24;
    static final long MAX_SEQUENCE = (1L << SEQUENCE_BITS) - 1;
    static final int TIME_SHIFT = 7;
    static final int TIME_BITS = 30;
    /** The largest send offset a stamp can carry, in nanoseconds (about 137 s). */
    static final long MAX_OFFSET_NANOS = (((1L << TIME_BITS) - 1) << TIME_SHIFT) | ((1L << TIME_SHIFT) - 1);
    private static final int CHECK_SHIFT = SEQUENCE_BITS + TIME_BITS;
    private static final long CHECK = 0x2B5;
    private static final long TIME_MASK = (1L << TIME_BITS) - 1;

    private final long salt;

    RequestStamp(long salt) {
        this.salt = salt;
    }

    /** The transmit timestamp for request {@code sequence} sent {@code offsetNanos} after the start. */
    long encode(long sequence, long offsetNanos) {
        if (sequence < 0 || sequence > MAX_SEQUENCE || offsetNanos < 0 || offsetNanos > MAX_OFFSET_NANOS) {
            throw new IllegalArgumentException("sequence " + sequence + " or offset " + offsetNanos + " ns out of range");
        }
        return salt ^ ((CHECK << CHECK_SHIFT) | (sequence << TIME_BITS) | (offsetNanos >>> TIME_SHIFT));
    }

    /** The sequence number in an echoed stamp, or -1 when this stamp did not make it. */
    long sequenceOf(long echoed) {
        long v = echoed ^ salt;
        return v >>> CHECK_SHIFT == CHECK ? (v >>> TIME_BITS) & MAX_SEQUENCE : -1;
    }

    /** The send offset in an echoed stamp, rounded down to 128 ns; meaningful when {@link #sequenceOf} is not -1. */
    long offsetNanosOf(long echoed) {
        return ((echoed ^ salt) & TIME_MASK) << TIME_SHIFT;
    }
}
