// A simulated IP network: datagrams between bound addresses, delivered by the scheduler after each path's delay.
package dev.jntp.testkit;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Delivers datagrams between {@link InetSocketAddress}es, with no sockets: {@link #send}
 * decides the datagram's fate on the spot from the path between the two hosts ({@link NetPath},
 * one per direction, so a path may be asymmetric) and schedules its arrival on the
 * {@link SimScheduler}, where the receiver bound at the destination gets it. A path can be down
 * during scripted outages, and a host can be cut off entirely; a datagram already in flight when
 * an outage starts still arrives. Each direction of each path draws from its own random stream,
 * derived from the network's seed and the two addresses, the same number of draws per datagram
 * whatever happens to it, so traffic on one path never changes the fate of another's.
 */
public final class SimNetwork {

    /** What a bound address does with a datagram that reaches it. */
    @FunctionalInterface
    public interface Receiver {
        void receive(Datagram datagram);
    }

    /** An address bound to a receiver, which can send from it. */
    public final class Endpoint {
        private final InetSocketAddress address;

        private Endpoint(InetSocketAddress address) {
            this.address = address;
        }

        public InetSocketAddress address() {
            return address;
        }

        /** Sends {@code data} (copied) from this address. */
        public void send(InetSocketAddress to, byte[] data) {
            SimNetwork.this.send(address, to, data);
        }

        /** Unbinds the address; datagrams that reach it later are undeliverable. */
        public void close() {
            receivers.remove(address);
        }
    }

    private record HostPair(InetAddress from, InetAddress to) {}

    /** The state of one direction of a path. */
    private static final class Direction {
        /** The path set by {@code connect}; null follows the network's default path. */
        NetPath path;
        final SplittableRandom random;
        final Timeline<Boolean> outages = new Timeline<>();
        long nextSeq;
        long maxDeliveredSeq = -1;
        long sent, lost, droppedInOutage, unroutable, duplicated, reordered, delivered, undeliverable;

        Direction(SplittableRandom random) {
            this.random = random;
        }

        PathStats stats() {
            return new PathStats(sent + unroutable, lost, droppedInOutage, unroutable, duplicated, reordered, delivered, undeliverable);
        }
    }

    private final SimScheduler scheduler;
    private final long seed;
    private final Map<InetSocketAddress, Receiver> receivers = new HashMap<>();
    private final Map<HostPair, Direction> directions = new HashMap<>();
    private final Map<InetAddress, Timeline<Boolean>> hostOutages = new HashMap<>();
    private NetPath defaultPath;

    public SimNetwork(SimScheduler scheduler, long seed) {
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.seed = seed;
    }

    /** The scheduler that delivers datagrams. */
    public SimScheduler scheduler() {
        return scheduler;
    }

    /** Binds {@code address} to {@code receiver}; one receiver per address. */
    public Endpoint bind(InetSocketAddress address, Receiver receiver) {
        Objects.requireNonNull(receiver, "receiver");
        if (receivers.putIfAbsent(address, receiver) != null) {
            throw new IllegalStateException("address already bound: " + address);
        }
        return new Endpoint(address);
    }

    /** The same path both ways between hosts {@code a} and {@code b}. */
    public SimNetwork connect(InetAddress a, InetAddress b, NetPath both) {
        return connect(a, b, both, both);
    }

    /** Paths between hosts {@code a} and {@code b}: {@code aToB} one way, {@code bToA} the other. Replaces earlier ones. */
    public SimNetwork connect(InetAddress a, InetAddress b, NetPath aToB, NetPath bToA) {
        direction(a, b).path = Objects.requireNonNull(aToB, "aToB");
        direction(b, a).path = Objects.requireNonNull(bToA, "bToA");
        return this;
    }

    /** The path between hosts that were not connected explicitly; null (the default) makes them unreachable. */
    public SimNetwork defaultPath(NetPath path) {
        this.defaultPath = path;
        return this;
    }

    /** Takes the path between {@code a} and {@code b} down, both ways, from {@code from} to {@code to} (true nanos). */
    public SimNetwork outage(InetAddress a, InetAddress b, long from, long to) {
        direction(a, b).outages.add(from, to, Boolean.TRUE);
        direction(b, a).outages.add(from, to, Boolean.TRUE);
        return this;
    }

    /** Cuts {@code host} off from everything from {@code from} to {@code to}. */
    public SimNetwork hostOutage(InetAddress host, long from, long to) {
        hostOutages.computeIfAbsent(host, h -> new Timeline<>()).add(from, to, Boolean.TRUE);
        return this;
    }

    /** Sends a copy of {@code data} from {@code from} to {@code to}; its fate is decided now. */
    public void send(InetSocketAddress from, InetSocketAddress to, byte[] data) {
        Direction d = direction(from.getAddress(), to.getAddress());
        NetPath p = d.path != null ? d.path : defaultPath;
        if (p == null) {
            d.unroutable++;
            return;
        }
        long now = scheduler.now();
        SplittableRandom r = d.random;
        d.sent++;
        double loss = r.nextDouble();
        long jitter = p.jitter().sampleNanos(r);
        double hold = r.nextDouble();
        double dup = r.nextDouble();
        long dupJitter = p.jitter().sampleNanos(r);
        if (d.outages.holds(now) || down(from.getAddress(), now) || down(to.getAddress(), now)) {
            d.droppedInOutage++;
            return;
        }
        if (loss < p.loss()) {
            d.lost++;
            return;
        }
        long delay = Math.max(0, p.baseDelayNanos() + jitter) + (hold < p.reorderProbability() ? p.reorderDelayNanos() : 0);
        byte[] copy = data.clone();
        long seq = d.nextSeq++;
        schedule(d, seq, from, to, copy, now, now + delay);
        if (dup < p.duplicateProbability()) {
            d.duplicated++;
            schedule(d, seq, from, to, copy.clone(), now, now + Math.max(0, p.baseDelayNanos() + dupJitter));
        }
    }

    /** Counters of the direction from host {@code from} to host {@code to}. */
    public PathStats stats(InetAddress from, InetAddress to) {
        Direction d = directions.get(new HostPair(from, to));
        return d == null ? PathStats.ZERO : d.stats();
    }

    /** Counters of the whole network. */
    public PathStats totals() {
        PathStats t = PathStats.ZERO;
        for (Direction d : directions.values()) {
            t = t.plus(d.stats());
        }
        return t;
    }

    private void schedule(Direction d, long seq, InetSocketAddress from, InetSocketAddress to, byte[] data,
            long sent, long arrival) {
        scheduler.at(arrival, () -> {
            if (seq < d.maxDeliveredSeq) {
                d.reordered++;
            }
            d.maxDeliveredSeq = Math.max(d.maxDeliveredSeq, seq);
            Receiver rx = receivers.get(to);
            if (rx == null) {
                d.undeliverable++;
                return;
            }
            d.delivered++;
            rx.receive(new Datagram(from, to, data, sent, arrival));
        });
    }

    private boolean down(InetAddress host, long t) {
        Timeline<Boolean> o = hostOutages.get(host);
        return o != null && o.holds(t);
    }

    private Direction direction(InetAddress from, InetAddress to) {
        return directions.computeIfAbsent(new HostPair(from, to),
                k -> new Direction(Seeds.random(seed, "path " + from.getHostAddress() + ">" + to.getHostAddress())));
    }
}
