// Sends NTP client requests to a server from several sockets, at a rate or as fast as it answers, and measures the replies.
package dev.jntp.daemon.bench;

import java.io.IOException;
import java.nio.channels.DatagramChannel;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.random.RandomGenerator;

/**
 * The load generator behind {@code jntp bench server}, in the manner of ntpperf: {@code clients}
 * connected UDP sockets, each with a sending and a receiving platform thread
 * ({@link LoadClient}). A run is bounded by {@link LoadSpec}'s caps on duration and count; after
 * sending it waits at most {@value #DRAIN_MILLIS} ms for replies still in flight, then closes
 * every socket, so it always ends by itself.
 *
 * <p>Client and server share the machine's CPUs when the target is local: the figures then
 * measure the pair, not the server alone.
 */
public final class LoadGenerator {

    /** How long to wait for replies still in flight once sending has stopped. */
    static final long DRAIN_MILLIS = 1000;
    private static final long JOIN_MILLIS = 5000;

    private LoadGenerator() {}

    /** Runs {@code spec} with random salts from a {@link SecureRandom}. */
    public static LoadReport run(LoadSpec spec) throws IOException, InterruptedException {
        return run(spec, new SecureRandom());
    }

    /** Runs {@code spec}; {@code random} draws each socket's salt. */
    public static LoadReport run(LoadSpec spec, RandomGenerator random) throws IOException, InterruptedException {
        List<DatagramChannel> channels = new ArrayList<>();
        try {
            for (int i = 0; i < spec.clients(); i++) {
                channels.add(LoadClient.open(spec.target()));
            }
        } catch (IOException | RuntimeException e) {
            channels.forEach(LoadGenerator::closeQuietly);
            throw e;
        }
        long start = System.nanoTime();
        long end = start + spec.duration().toNanos();
        List<LoadClient> clients = new ArrayList<>();
        for (int i = 0; i < spec.clients(); i++) {
            clients.add(new LoadClient(channels.get(i), new RequestStamp(random.nextLong()), spec.requestsOf(i),
                    spec.rateOf(i), spec.window(), start, end));
        }
        List<Thread> receivers = new ArrayList<>();
        List<Thread> senders = new ArrayList<>();
        try {
            for (int i = 0; i < clients.size(); i++) {
                LoadClient c = clients.get(i);
                receivers.add(Thread.ofPlatform().name("bench-receive-" + i).daemon(true).start(c::receive));
                senders.add(Thread.ofPlatform().name("bench-send-" + i).daemon(true).start(c::send));
            }
            for (Thread t : senders) {
                t.join(spec.duration().toMillis() + JOIN_MILLIS);
            }
            long drainEnd = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(DRAIN_MILLIS);
            while (System.nanoTime() - drainEnd < 0 && !clients.stream().allMatch(LoadClient::caughtUp)) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
            }
        } finally {
            clients.forEach(LoadClient::close);
            for (Thread t : senders) {
                t.join(JOIN_MILLIS);
            }
            for (Thread t : receivers) {
                t.join(JOIN_MILLIS);
            }
        }
        return report(spec, start, clients);
    }

    /** Adds up the clients' counters; call only after their threads have ended. */
    static LoadReport report(LoadSpec spec, long start, List<LoadClient> clients) {
        long sent = 0;
        long received = 0;
        long duplicates = 0;
        long invalid = 0;
        long sendErrors = 0;
        long unreachable = 0;
        long sendEnd = start;
        LatencyHistogram latency = new LatencyHistogram();
        for (LoadClient c : clients) {
            LoadClient.Counts n = c.counts();
            sent += n.sent();
            received += n.received();
            duplicates += n.duplicates();
            invalid += n.invalid();
            sendErrors += n.sendErrors();
            unreachable += n.unreachable();
            sendEnd = Math.max(sendEnd, n.sendEnd());
            latency.add(c.latency());
        }
        return new LoadReport(spec, sent, received, duplicates, invalid, sendErrors, unreachable, sendEnd - start,
                LoadReport.Latency.of(latency));
    }

    private static void closeQuietly(DatagramChannel ch) {
        try {
            ch.close();
        } catch (IOException e) {
            // nothing left to do with it
        }
    }
}
