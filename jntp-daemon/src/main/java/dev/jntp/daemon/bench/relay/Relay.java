// A user-space UDP relay that impairs a path: each client's datagrams go to one upstream and back, delayed, lost or reordered.
package dev.jntp.daemon.bench.relay;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.net.ProtocolFamily;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
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
 * <p>Two platform threads: the caller of {@link #run} receives from all sockets through one
 * selector, decides each datagram's fate and puts the kept ones in a {@link DelayQueue}; a sender
 * thread takes each when it is due and sends it on. The run is bounded by the spec's duration and
 * packet count, by {@value #MAX_FLOWS} open flows (flows idle for {@value #FLOW_IDLE_SECONDS} s are
 * closed) and by {@value #MAX_HELD} datagrams held at once; whatever exceeds a bound is dropped and
 * counted, never queued without limit.
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
    private static final int SOCKET_BUFFER = 1 << 20;
    private static final long JOIN_MILLIS = 5_000;

    /** One client's path: its source address and the socket its datagrams leave by towards the upstream. */
    private static final class Flow {
        final SocketAddress client;
        final DatagramChannel channel;
        /** When the last datagram out, back, or either is due to leave (nanoTime; the opening time at first). */
        long lastOut;
        long lastBack;
        long lastActive;

        Flow(SocketAddress client, DatagramChannel channel, long now) {
            this.client = client;
            this.channel = channel;
            this.lastOut = now;
            this.lastBack = now;
            this.lastActive = now;
        }
    }

    /** A datagram held until {@code at}; {@code to} is null when {@code channel} is connected to its target. */
    private record Held(long at, long seq, Tally tally, DatagramChannel channel, SocketAddress to, byte[] data)
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
    private final DatagramChannel listen;
    private final Selector selector;
    private final Impairment outImpairment;
    private final Impairment backImpairment;
    private final Tally out = new Tally();
    private final Tally back = new Tally();
    private final DelayQueue<Held> held = new DelayQueue<>();
    private final AtomicBoolean started = new AtomicBoolean();
    private volatile boolean stopping;

    // Receiving thread only.
    private final Map<SocketAddress, Flow> flows = new HashMap<>();
    private long seq;
    private long packets;
    private long flowsOpened;
    private long flowsRefused;
    private long unreachable;

    private Relay(RelaySpec spec, DatagramChannel listen, Selector selector) {
        this.spec = spec;
        this.listen = listen;
        this.selector = selector;
        SplittableRandom root = new SplittableRandom(spec.seed());
        this.outImpairment = new Impairment(spec.impairment(), root.split());
        this.backImpairment = new Impairment(spec.impairment(), root.split());
    }

    /** Binds the listening socket; the relay forwards nothing until {@link #run}. */
    public static Relay open(RelaySpec spec) throws IOException {
        DatagramChannel listen = DatagramChannel.open(family(spec.listen()));
        Selector selector = null;
        try {
            listen.setOption(StandardSocketOptions.SO_RCVBUF, SOCKET_BUFFER);
            listen.bind(spec.listen());
            listen.configureBlocking(false);
            selector = Selector.open();
            listen.register(selector, SelectionKey.OP_READ);
            return new Relay(spec, listen, selector);
        } catch (IOException | RuntimeException e) {
            listen.close();
            if (selector != null) {
                selector.close();
            }
            throw e;
        }
    }

    /** Where clients send (with the actual port when the spec asked for port 0). */
    public InetSocketAddress localAddress() throws IOException {
        return (InetSocketAddress) listen.getLocalAddress();
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
            ByteBuffer buf = ByteBuffer.allocate(MAX_DATAGRAM);
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
                selector.select(Math.clamp((end - now) / 1_000_000 + 1, 1, 1000));
                Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
                while (keys.hasNext()) {
                    SelectionKey key = keys.next();
                    keys.remove();
                    if (key.isValid() && key.attachment() instanceof Flow f) {
                        fromUpstream(f, buf);
                    } else if (key.isValid()) {
                        fromClients(buf);
                    }
                }
                if (now - nextSweep >= 0) {
                    closeIdle(now);
                    nextSweep = now + SWEEP_NANOS;
                }
            }
        } catch (IOException e) {
            reason = "selector failed: " + e;
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
        } else {
            selector.wakeup();
        }
    }

    /** Receives what clients sent, up to a batch, and holds each kept datagram for its flow's socket. */
    private void fromClients(ByteBuffer buf) {
        for (int i = 0; i < BATCH && packets < spec.maxPackets(); i++) {
            buf.clear();
            SocketAddress client;
            try {
                client = listen.receive(buf);
            } catch (IOException e) {
                return;
            }
            if (client == null) {
                return;
            }
            long now = System.nanoTime();
            packets++;
            out.received++;
            Flow flow = flows.get(client);
            if (flow == null) {
                flow = openFlow(client, now);
                if (flow == null) {
                    continue;
                }
            }
            switch (outImpairment.next(now, flow.lastOut)) {
                case Impairment.Verdict.Drop _ -> out.lost++;
                case Impairment.Verdict.Deliver d -> {
                    flow.lastOut = later(flow.lastOut, d.at());
                    flow.lastActive = later(flow.lastActive, d.at());
                    hold(out, d, now, flow.channel, null, buf);
                }
            }
        }
    }

    /** Receives the upstream's replies on one flow, up to a batch, and holds each kept one for the client. */
    private void fromUpstream(Flow flow, ByteBuffer buf) {
        for (int i = 0; i < BATCH && packets < spec.maxPackets(); i++) {
            buf.clear();
            int n;
            try {
                n = flow.channel.read(buf);
            } catch (PortUnreachableException e) {
                unreachable++;
                continue;
            } catch (IOException e) {
                return;
            }
            if (n <= 0) {
                return;
            }
            long now = System.nanoTime();
            packets++;
            back.received++;
            switch (backImpairment.next(now, flow.lastBack)) {
                case Impairment.Verdict.Drop _ -> back.lost++;
                case Impairment.Verdict.Deliver d -> {
                    flow.lastBack = later(flow.lastBack, d.at());
                    flow.lastActive = later(flow.lastActive, d.at());
                    hold(back, d, now, listen, flow.client, buf);
                }
            }
        }
    }

    private void hold(Tally tally, Impairment.Verdict.Deliver d, long arrival, DatagramChannel channel,
            SocketAddress to, ByteBuffer buf) {
        if (held.size() >= MAX_HELD) {
            tally.overflow++;
            return;
        }
        if (d.reordered()) {
            tally.reordered++;
        }
        tally.kept(d.at() - arrival);
        held.add(new Held(d.at(), seq++, tally, channel, to, Arrays.copyOf(buf.array(), buf.position())));
    }

    /** A new flow with its own socket connected to the upstream; null (counted) when none can be opened. */
    private Flow openFlow(SocketAddress client, long now) {
        if (flows.size() >= MAX_FLOWS) {
            flowsRefused++;
            return null;
        }
        DatagramChannel ch = null;
        try {
            ch = DatagramChannel.open(family(spec.upstream()));
            ch.connect(spec.upstream());
            ch.configureBlocking(false);
            Flow flow = new Flow(client, ch, now);
            ch.register(selector, SelectionKey.OP_READ, flow);
            flows.put(client, flow);
            flowsOpened++;
            return flow;
        } catch (IOException e) {
            flowsRefused++;
            closeQuietly(ch);
            return null;
        }
    }

    private void closeIdle(long now) {
        Iterator<Flow> it = flows.values().iterator();
        while (it.hasNext()) {
            Flow f = it.next();
            if (now - f.lastActive > FLOW_IDLE_NANOS) {
                it.remove();
                closeQuietly(f.channel);
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
            ByteBuffer data = ByteBuffer.wrap(h.data());
            int n = h.to() == null ? h.channel().write(data) : h.channel().send(data, h.to());
            if (n == h.data().length) {
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
            closeQuietly(f.channel);
        }
        flows.clear();
        closeQuietly(listen);
        try {
            selector.close();
        } catch (IOException e) {
            // nothing left to do with it
        }
    }

    /** The later of two {@link System#nanoTime} values. */
    private static long later(long a, long b) {
        return a - b < 0 ? b : a;
    }

    private static ProtocolFamily family(InetSocketAddress a) {
        return a.getAddress() != null && a.getAddress().getAddress().length == 16
                ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET;
    }

    private static void closeQuietly(DatagramChannel ch) {
        if (ch == null) {
            return;
        }
        try {
            ch.close();
        } catch (IOException e) {
            // nothing left to do with it
        }
    }
}
