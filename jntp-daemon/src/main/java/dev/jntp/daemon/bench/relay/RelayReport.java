// The outcome of one relay run: per direction, what came in, what was lost, held, reordered and sent on.
package dev.jntp.daemon.bench.relay;

/**
 * What a relay run did. "out" is client to upstream, "back" is upstream to client.
 *
 * @param spec what was asked for
 * @param runNanos how long the relay ran
 * @param out the client-to-upstream direction
 * @param back the upstream-to-client direction
 * @param flowsOpened client source addresses seen, each given a socket of its own towards the upstream
 * @param flowsRefused client datagrams dropped because no flow could be opened for them ({@link Relay#MAX_FLOWS}
 *     flows open, or no socket)
 * @param unreachable ICMP port-unreachable reports from the upstream (no server on its port)
 * @param unsent datagrams still held, not yet due, when the run ended (those due were sent)
 * @param stopReason why the run ended: "duration", "packet count" or "stopped"
 */
public record RelayReport(RelaySpec spec, long runNanos, Direction out, Direction back, long flowsOpened,
        long flowsRefused, long unreachable, long unsent, String stopReason) {

    /**
     * One direction's counts.
     *
     * @param received datagrams that came in
     * @param lost dropped by the loss draw
     * @param reordered sent at once by the reorder draw
     * @param overflow dropped because {@link Relay#MAX_HELD} datagrams were already held
     * @param forwarded sent on
     * @param sendErrors sends the socket refused
     * @param meanDelayMs mean scheduled delay of the kept datagrams, ms (0 when none)
     * @param minDelayMs shortest scheduled delay, ms (0 when none)
     * @param maxDelayMs longest scheduled delay, ms (0 when none)
     * @param meanLateUs how much later than scheduled the datagrams left on average, us (timer wake-up)
     * @param maxLateUs the most any left later than scheduled, us
     */
    public record Direction(long received, long lost, long reordered, long overflow, long forwarded, long sendErrors,
            double meanDelayMs, double minDelayMs, double maxDelayMs, double meanLateUs, double maxLateUs) {

        /** Lost datagrams in percent of those received; 0 when none came. */
        public double lossPercent() {
            return received == 0 ? 0 : 100.0 * lost / received;
        }
    }

    /** Seconds the relay ran. */
    public double runSeconds() {
        return runNanos / 1e9;
    }
}
