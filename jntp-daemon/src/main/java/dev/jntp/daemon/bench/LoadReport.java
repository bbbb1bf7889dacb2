// The outcome of one load run: counts, rates, loss and round-trip percentiles.
package dev.jntp.daemon.bench;

/**
 * What a load run measured. {@code received} counts distinct matched replies, so it never
 * exceeds {@code sent}; duplicates and datagrams that match no request are counted apart.
 *
 * @param spec what was asked for
 * @param sent requests the sockets accepted
 * @param received distinct replies matched to a request by their origin timestamp
 * @param duplicates further replies to a request already answered
 * @param invalid datagrams that were not a server reply to one of this run's requests
 * @param sendErrors sends the socket refused (each retried after a pause)
 * @param unreachable ICMP port-unreachable reports (no server on the target port)
 * @param sendNanos how long the sending phase lasted
 * @param latency round-trip times of the matched replies
 */
public record LoadReport(LoadSpec spec, long sent, long received, long duplicates, long invalid, long sendErrors,
        long unreachable, long sendNanos, Latency latency) {

    /**
     * Round-trip time percentiles in microseconds, -1 when no reply was timed.
     *
     * @param timed replies timed
     */
    public record Latency(long timed, double p50, double p90, double p99, double p999, double max) {

        static Latency of(LatencyHistogram h) {
            return new Latency(h.count(), micros(h.percentile(50)), micros(h.percentile(90)),
                    micros(h.percentile(99)), micros(h.percentile(99.9)), h.count() == 0 ? -1 : micros(h.max()));
        }

        private static double micros(long nanos) {
            return nanos < 0 ? -1 : nanos / 1000.0;
        }
    }

    /** Requests without a reply: {@code sent - received}. */
    public long lost() {
        return sent - received;
    }

    /** Lost requests in percent of those sent; 0 when nothing was sent. */
    public double lossPercent() {
        return sent == 0 ? 0 : 100.0 * lost() / sent;
    }

    /** Seconds the sending phase lasted. */
    public double sendSeconds() {
        return sendNanos / 1e9;
    }

    /** Requests sent per second of the sending phase. */
    public double sendRate() {
        return perSecond(sent);
    }

    /** Replies received per second of the sending phase (replies still in flight at its end included). */
    public double repliesPerSecond() {
        return perSecond(received);
    }

    private double perSecond(long n) {
        return sendNanos <= 0 ? 0 : n / sendSeconds();
    }
}
