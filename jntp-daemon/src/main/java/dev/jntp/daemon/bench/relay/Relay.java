// A user-space UDP relay that impairs a path: each client's datagrams go to one upstream and back, delayed, lost or reordered.
package dev.jntp.daemon.bench.relay;

import dev.jntp.daemon.clock.SystemTime;
import dev.jntp.daemon.net.NativeSocketException;
import dev.jntp.daemon.net.Received;
import dev.jntp.daemon.net.TimestampedUdpSocket;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.DelayQueue;
import java.util.concurrent.Delayed;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The relay behind {@code jntp bench relay}, for kernels without netem: it listens on one
 * address, and for each client (source address) opens a socket of its own connected to the
 * upstream, so the upstream's replies can be told apart and returned to the client they answer.
 * Every datagram, out and back, goes through that direction's {@link Impairment}.
 *
 * <p>A datagram's delay counts from the kernel's receive time stamp, not from when the relay got
 * to read it: otherwise whatever keeps the relay from running (on a busy machine, the very client
 * that just sent, sharing its CPU) would lengthen that direction alone. Measured on loopback with a
 * fixed 2 ms each way, a JVM client sharing a CPU with the relay saw its requests take 175 us longer
 * than chronyd's through the same relay, an offset error of 90 us; with the relay on a CPU of its
 * own both saw the same.
 *
 * <p>Two platform threads: the caller of {@link #run} waits on all sockets at once (poll), decides
 * each datagram's fate and puts the kept ones in a {@link DelayQueue}; a sender thread takes each
 * when it is due and sends it on. The run is bounded by the spec's duration and packet count, by
 * {@value #MAX_FLOWS} open flows (flows idle for {@value #FLOW_IDLE_SECONDS} s are closed) and by
 * {@value #MAX_HELD} datagrams held at once; whatever exceeds a bound is dropped and counted, never
 * queued without limit.
 */
public final class Relay implements AutoCloseable {

    /** The most flows (client source addresses) open at once. */
    public static final int MAX_FLOWS = 1024;
    /** The most datagrams held back at once. */
    public static final int MAX_HELD = 65_536;
    /** A flow that has carried nothing for this long is closed. */
    static final long FLOW_IDLE_SECONDS = 30;
    private static final long FLOW_IDLE_NANOS = TimeUnit.SECONDS.toNanos(FLOW_IDLE_SECONDS);
    private static final long SWEEP_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final int MAX_DATAGRAM = 65_535;
    private static final int BATCH = 256;
    private static final long JOIN_MILLIS = 5_000;

    /** The longest a datagram is taken to have waited unread: a receive stamp further back is not believed. */
    private static final long MAX_UNREAD_NANOS = TimeUnit.SECONDS.toNanos(1);
    /** The longest wait for datagrams before the loop looks at the clock and the stop flag. */
    private static final int POLL_MILLIS = 100;

    /** One client's path: its source address and the socket its datagrams leave by towards the upstream. */
    private static final class Flow {
        final InetSocketAddress client;
        final TimestampedUdpSocket socket;
        /** When the last datagram out, back, or either is due to leave (nanoTime; the opening time at first). */
        long lastOut;
        long lastBack;
        long lastActive;

        Flow(InetSocketAddress client, TimestampedUdpSocket socket, long now) {
            this.client = client;
            this.socket = socket;
            this.lastOut = now;
            this.lastBack = now;
            this.lastActive = now;
        }
    }

    /** A datagram held until {@code at}; {@code to} is null when {@code socket} is connected to its target. */
    private record Held(long at, long seq, Tally tally, TimestampedUdpSocket socket, InetSocketAddress to, byte[] data)
            implements Delayed {

        @Override
        public long getDelay(TimeUnit unit) {
            return unit.convert(at - System.nanoTime(), TimeUnit.NANOSECONDS);
        }

        @Override
        public int compareTo(Delayed o) {
            Held h = (Held) o;
            int c = Long.compare(at - h.at, 0);
            return c != 0 ? c : Long.compare(seq, h.seq);
        }
    }

    private final RelaySpec spec;
    private final TimestampedUdpSocket listen;
    private final Impairment outImpairment;
    private final Impairment backImpairment;
    private final Tally out = new Tally();
    private final Tally back = new Tally();
    private final DelayQueue<Held> held = new DelayQueue<>();
    private final AtomicBoolean started = new AtomicBoolean();
    private volatile boolean stopping;

    // Receiving thread only.
    private final Map<InetSocketAddress, Flow> flows = new HashMap<>();
    /** The listening socket, then every flow's, in the order of {@link #flowOrder}; rebuilt when flows change. */
    private final List<TimestampedUdpSocket> sockets = new ArrayList<>();
    private final List<Flow> flowOrder = new ArrayList<>();
    private boolean flowsChanged = true;
    private long seq;
    private long packets;
    private long flowsOpened;
    private long flowsRefused;
    private long unreachable;

    private Relay(RelaySpec spec, TimestampedUdpSocket listen) {
        this.spec = spec;
        this.listen = listen;
        SplittableRandom root = new SplittableRandom(spec.seed());
        this.outImpairment = new Impairment(spec.impairment(), root.split());
        this.backImpairment = new Impairment(spec.impairment(), root.split());
    }

    /** Binds the listening socket; the relay forwards nothing until {@link #run}. */
    public static Relay open(RelaySpec spec) throws IOException {
        try {
            return new Relay(spec, TimestampedUdpSocket.open(spec.listen(), true));
        } catch (UnsupportedOperationException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    /** Where clients send (with the actual port when the spec asked for port 0). */
    public InetSocketAddress localAddress() throws IOException {
        return listen.localAddress();
    }

    /**
     * Relays until the duration has passed, the packet count is reached or {@link #close} is
     * called, then closes every socket and reports. Call once.
     */
    public RelayReport run() throws InterruptedException {
        if (!started.compareAndSet(false, true)) {
            throw new IllegalStateException("a relay runs once");
        }
        long start = System.nanoTime();
        long end = start + spec.duration().toNanos();
        Thread sender = Thread.ofPlatform().name("relay-send").daemon(true).start(this::sendLoop);
        String reason = "duration";
        try {
            byte[] buf = new byte[MAX_DATAGRAM];
            long nextSweep = start + SWEEP_NANOS;
            while (true) {
                long now = System.nanoTime();
                if (stopping) {
                    reason = "stopped";
                    break;
                }
                if (packets >= spec.maxPackets()) {
                    reason = "packet count";
                    break;
                }
                if (now - end >= 0) {
                    break;
                }
                boolean[] ready = TimestampedUdpSocket.awaitReadable(sockets(),
                        (int) Math.clamp((end - now) / 1_000_000 + 1, 1, POLL_MILLIS));
                // flowOrder changes only in sockets(), so it still matches what was polled.
                if (ready[0]) {
                    fromClients(buf);
                }
                for (int i = 1; i < ready.length; i++) {
                    if (ready[i]) {
                        fromUpstream(flowOrder.get(i - 1), buf);
                    }
                }
                if (now - nextSweep >= 0) {
                    closeIdle(now);
                    nextSweep = now + SWEEP_NANOS;
                }
            }
        } catch (IOException e) {
            reason = "poll failed: " + e;
        } finally {
            stopping = true;
            sender.join(JOIN_MILLIS);
            closeAll();
        }
        return new RelayReport(spec, System.nanoTime() - start, out.report(), back.report(), flowsOpened,
                flowsRefused, unreachable, held.size(), reason);
    }

    /** Stops a running relay (from any thread), or closes one that never ran. */
    @Override
    public void close() {
        stopping = true;
        if (started.compareAndSet(false, true)) {
            closeAll();
        }
    }

    /** The listening socket and every flow's, for one poll. */
    private List<TimestampedUdpSocket> sockets() {
        if (flowsChanged) {
            sockets.clear();
            flowOrder.clear();
            sockets.add(listen);
            for (Flow f : flows.values()) {
                flowOrder.add(f);
                sockets.add(f.socket);
            }
            flowsChanged = false;
        }
        return sockets;
    }

    /**
     * When a datagram arrived, on the {@link System#nanoTime} scale: its kernel receive stamp, or now
     * when it has none (or one that cannot be right).
     */
    static long arrival(Received r, long now) {
        if (!r.hasKernelTimestamp()) {
            return now;
        }
        long unread = SystemTime.realtime() - r.kernelRxNanos();
        return now - Math.clamp(unread, 0, MAX_UNREAD_NANOS);
    }

    /** Receives what clients sent, up to a batch, and holds each kept datagram for its flow's socket. */
    private void fromClients(byte[] buf) {
        for (int i = 0; i < BATCH && packets < spec.maxPackets(); i++) {
            Received r;
            try {
                r = listen.receive(buf, 0);
            } catch (IOException e) {
                return;
            }
            if (r == null) {
                return;
            }
            long now = arrival(r, System.nanoTime());
            packets++;
            out.received++;
            Flow flow = flows.get(r.source());
            if (flow == null) {
                flow = openFlow(r.source(), now);
                if (flow == null) {
                    continue;
                }
            }
            switch (outImpairment.next(now, flow.lastOut)) {
                case Impairment.Verdict.Drop _ -> out.lost++;
                case Impairment.Verdict.Deliver d -> {
                    flow.lastOut = later(flow.lastOut, d.at());
                    flow.lastActive = later(flow.lastActive, d.at());
                    hold(out, d, now, flow.socket, null, buf, r.length());
                }
            }
        }
    }

    /** Receives the upstream's replies on one flow, up to a batch, and holds each kept one for the client. */
    private void fromUpstream(Flow flow, byte[] buf) {
        for (int i = 0; i < BATCH && packets < spec.maxPackets(); i++) {
            Received r;
            try {
                r = flow.socket.receive(buf, 0);
            } catch (NativeSocketException e) {
                if (!"ECONNREFUSED".equals(e.errnoName())) {
                    return;
                }
                unreachable++;
                continue;
            } catch (IOException e) {
                return;
            }
            if (r == null) {
                return;
            }
            long now = arrival(r, System.nanoTime());
            packets++;
            back.received++;
            switch (backImpairment.next(now, flow.lastBack)) {
                case Impairment.Verdict.Drop _ -> back.lost++;
                case Impairment.Verdict.Deliver d -> {
                    flow.lastBack = later(flow.lastBack, d.at());
                    flow.lastActive = later(flow.lastActive, d.at());
                    hold(back, d, now, listen, flow.client, buf, r.length());
                }
            }
        }
    }

    private void hold(Tally tally, Impairment.Verdict.Deliver d, long arrival, TimestampedUdpSocket socket,
            InetSocketAddress to, byte[] buf, int length) {
        if (held.size() >= MAX_HELD) {
            tally.overflow++;
            return;
        }
        if (d.reordered()) {
            tally.reordered++;
        }
        tally.kept(d.at() - arrival);
        held.add(new Held(d.at(), seq++, tally, socket, to, Arrays.copyOf(buf, length)));
    }

    /** A new flow with its own socket connected to the upstream; null (counted) when none can be opened. */
    private Flow openFlow(InetSocketAddress client, long now) {
        if (flows.size() >= MAX_FLOWS) {
            flowsRefused++;
            return null;
        }
        TimestampedUdpSocket socket = null;
        try {
            boolean v6 = spec.upstream().getAddress().getAddress().length == 16;
            socket = TimestampedUdpSocket.open(new InetSocketAddress(
                    InetAddress.ofLiteral(v6 ? "::" : "0.0.0.0"), 0), true);
            socket.connect(spec.upstream());
            Flow flow = new Flow(client, socket, now);
            flows.put(client, flow);
            flowsChanged = true;
            flowsOpened++;
            return flow;
        } catch (IOException | RuntimeException e) {
            flowsRefused++;
            if (socket != null) {
                socket.close();
            }
            return null;
        }
    }

    private void closeIdle(long now) {
        Iterator<Flow> it = flows.values().iterator();
        while (it.hasNext()) {
            Flow f = it.next();
            if (now - f.lastActive > FLOW_IDLE_NANOS) {
                it.remove();
                flowsChanged = true;
                f.socket.close();
            }
        }
    }

    /** The sender: sends each held datagram when it is due until the run stops, then those already due. */
    private void sendLoop() {
        while (!stopping) {
            Held h;
            try {
                h = held.poll(100, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                return;
            }
            if (h != null) {
                send(h);
            }
        }
        for (Held h = held.poll(); h != null; h = held.poll()) {
            send(h);
        }
    }

    private static void send(Held h) {
        long late = System.nanoTime() - h.at();
        try {
            if (h.socket().send(h.data(), h.data().length, h.to()) == h.data().length) {
                h.tally().sent(late);
            } else {
                h.tally().sendErrors++;
            }
        } catch (IOException e) {
            h.tally().sendErrors++;
        }
    }

    private void closeAll() {
        for (Flow f : flows.values()) {
            f.socket.close();
        }
        flows.clear();
        listen.close();
    }

    /** The later of two {@link System#nanoTime} values. */
    private static long later(long a, long b) {
        return a - b < 0 ? b : a;
    }
}
