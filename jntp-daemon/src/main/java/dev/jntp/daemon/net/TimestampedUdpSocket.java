// A UDP socket made through the foreign function API whose every received datagram carries the kernel's receive time.
package dev.jntp.daemon.net;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import dev.jntp.daemon.AddressText;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ClosedChannelException;
import java.util.Objects;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;

/**
 * An IPv4 or IPv6 UDP socket on Linux with SO_TIMESTAMPNS on: {@link #receive} returns, beside the datagram, the
 * CLOCK_REALTIME instant at which the kernel received it, free of the wake-up and scheduling delay of the reading thread.
 * SO_REUSEADDR is off, so a second bind to a taken port fails with EADDRINUSE. {@link #receiveBatch} takes several
 * queued datagrams with one recvmmsg.
 *
 * <p>One thread at a time receives and one at a time sends (each side has its own native buffers behind a lock); both
 * may run at once. {@link #close} may come from any thread: it shuts the socket down, which wakes a receive blocked in
 * poll(2) (the receive then throws {@link AsynchronousCloseException}), and frees the descriptor only once no call is
 * using it, so a number reused by a later socket is never read by mistake. Receives block in native code, which pins a
 * virtual thread's carrier: call them from platform threads. {@link Thread#interrupt()} does not end them; close does.
 *
 * <p>Check {@link #isSupported()} first and fall back to java.nio where it is false.
 */
public final class TimestampedUdpSocket implements AutoCloseable {

    private static final int INITIAL_BUFFER = 2048;
    /** A blocked receive looks at the closed flag at least this often, should a kernel not wake poll on shutdown. */
    private static final int POLL_SLICE_MILLIS = 1000;
    private static final int MAX_EINTR = 100;

    private final int fd;
    private final boolean v6;
    private final Arena arena = Arena.ofShared();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final ReentrantLock rxLock = new ReentrantLock();
    private final ReentrantLock txLock = new ReentrantLock();
    private volatile InetSocketAddress local;
    private volatile InetSocketAddress remote;

    private final MemorySegment rxPoll;
    private final MemorySegment rxErrno;
    private RecvSlots rx;

    private final MemorySegment txName;
    private final MemorySegment txErrno;
    private MemorySegment txData;
    /** Receive slot for the error queue, where the kernel reports send times; made by {@link #enableTxTimestamps}. */
    private RecvSlots txStamps;

    private TimestampedUdpSocket(int fd, boolean v6, InetSocketAddress local) {
        this.fd = fd;
        this.v6 = v6;
        this.local = local;
        rxPoll = arena.allocate(Structs.POLLFD);
        rxErrno = arena.allocate(Native.CAPTURED);
        rx = new RecvSlots(arena, 1, INITIAL_BUFFER);
        txName = arena.allocate(Structs.SOCKADDR_STORAGE);
        txErrno = arena.allocate(Native.CAPTURED);
        txData = arena.allocate(INITIAL_BUFFER, 8);
        rxPoll.set(JAVA_INT, Structs.POLL_FD, fd);
        rxPoll.set(JAVA_SHORT, Structs.POLL_EVENTS, Native.POLLIN);
    }

    /** Whether this platform has timestamped sockets (Linux, 64-bit, libc calls found, native access granted). */
    public static boolean isSupported() {
        return Native.unsupportedReason() == null;
    }

    /**
     * Opens a UDP socket bound to {@code bind} (port 0 for any free port), IPv6 if the address is, else IPv4.
     *
     * @param v6only for an IPv6 socket, whether it refuses IPv4 traffic (IPV6_V6ONLY); ignored for IPv4
     * @throws NativeSocketException when the kernel refuses (EADDRINUSE, EACCES for a port below 1024 …)
     * @throws UnsupportedOperationException where {@link #isSupported()} is false, saying why
     */
    public static TimestampedUdpSocket open(InetSocketAddress bind, boolean v6only) throws IOException {
        String unsupported = Native.unsupportedReason();
        if (unsupported != null) {
            throw new UnsupportedOperationException("kernel-timestamped UDP sockets are not available: " + unsupported);
        }
        boolean v6 = bind.getAddress() instanceof Inet6Address;
        try (Arena setup = Arena.ofConfined()) {
            MemorySegment cs = setup.allocate(Native.CAPTURED);
            int fd = Native.check(Native.socket(cs, v6 ? Native.AF_INET6 : Native.AF_INET,
                    Native.SOCK_DGRAM | Native.SOCK_CLOEXEC, 0), cs, "socket");
            try {
                setOption(setup, cs, fd, Native.SOL_SOCKET, Native.SO_REUSEADDR, 0, "SO_REUSEADDR");
                if (v6) {
                    setOption(setup, cs, fd, Native.IPPROTO_IPV6, Native.IPV6_V6ONLY, v6only ? 1 : 0, "IPV6_V6ONLY");
                }
                setOption(setup, cs, fd, Native.SOL_SOCKET, Native.SO_TIMESTAMPNS, 1, "SO_TIMESTAMPNS");
                MemorySegment address = setup.allocate(Structs.SOCKADDR_STORAGE);
                int length = SocketAddresses.encode(bind, v6, address);
                Native.check(Native.bind(cs, fd, address, length), cs, "bind " + text(bind));
                return new TimestampedUdpSocket(fd, v6, localAddress(setup, cs, fd));
            } catch (IOException | RuntimeException | Error e) {
                Native.close(cs, fd);
                throw e;
            }
        }
    }

    private static void setOption(Arena setup, MemorySegment cs, int fd, int level, int name, int value, String what)
            throws NativeSocketException {
        MemorySegment v = setup.allocateFrom(JAVA_INT, value);
        Native.check(Native.setsockopt(cs, fd, level, name, v, (int) JAVA_INT.byteSize()), cs, "setsockopt " + what);
    }

    /** The address and port the socket is bound to (the chosen port when bound to 0). */
    public InetSocketAddress localAddress() {
        return local;
    }

    /** The peer given to {@link #connect}, or null. */
    public InetSocketAddress remoteAddress() {
        return remote;
    }

    /** Whether {@link #close} has been called. */
    public boolean isOpen() {
        return !closed.get();
    }

    /**
     * Connects to {@code peer}: sends without an address go there, and only its datagrams are received; an ICMP port
     * unreachable from it makes a later receive or send fail with ECONNREFUSED.
     */
    public void connect(InetSocketAddress peer) throws IOException {
        txLock.lock();
        try (Arena call = Arena.ofConfined()) {
            ensureOpen();
            MemorySegment cs = call.allocate(Native.CAPTURED);
            MemorySegment address = call.allocate(Structs.SOCKADDR_STORAGE);
            int length = SocketAddresses.encode(peer, v6, address);
            Native.check(Native.connect(cs, fd, address, length), cs, "connect " + text(peer));
            remote = peer;
            local = localAddress(call, cs, fd);
        } finally {
            txLock.unlock();
        }
    }

    /**
     * Sends the first {@code length} bytes of {@code data} as one datagram, blocking while the send buffer is full.
     *
     * @param to the destination, or null on a connected socket
     * @return the bytes sent (all of them)
     */
    public int send(byte[] data, int length, InetSocketAddress to) throws IOException {
        Objects.checkFromIndexSize(0, length, data.length);
        txLock.lock();
        try {
            ensureOpen();
            if (txData.byteSize() < length) {
                txData = arena.allocate(length, 8);
            }
            MemorySegment.copy(data, 0, txData, JAVA_BYTE, 0, length);
            int nameLength = to == null ? 0 : SocketAddresses.encode(to, v6, txName);
            MemorySegment name = to == null ? MemorySegment.NULL : txName;
            for (int attempt = 0; attempt < MAX_EINTR; attempt++) {
                long n = Native.sendto(txErrno, fd, txData, length, 0, name, nameLength);
                if (n >= 0) {
                    return (int) n;
                }
                int errno = Native.errno(txErrno);
                if (errno != Errno.EINTR) {
                    throwIfClosedDuringCall();
                    throw new NativeSocketException("sendto " + (to == null ? text(remote) : text(to)), errno);
                }
            }
            throw new NativeSocketException("sendto", Errno.EINTR);
        } finally {
            txLock.unlock();
        }
    }

    /**
     * Asks the kernel to report when each datagram sent from this socket leaves (SO_TIMESTAMPING with software transmit
     * time stamps, payload not echoed), for {@link #takeTxTimestamp}. A client's request time T1 taken this way is free
     * of the time between reading the clock and the datagram reaching the network device, as chronyd's is.
     */
    public void enableTxTimestamps() throws IOException {
        txLock.lock();
        try (Arena call = Arena.ofConfined()) {
            ensureOpen();
            MemorySegment cs = call.allocate(Native.CAPTURED);
            setOption(call, cs, fd, Native.SOL_SOCKET, Native.SO_TIMESTAMPING, Native.SOF_TIMESTAMPING_TX_SOFTWARE
                    | Native.SOF_TIMESTAMPING_SOFTWARE | Native.SOF_TIMESTAMPING_OPT_TSONLY, "SO_TIMESTAMPING");
            if (txStamps == null) {
                txStamps = new RecvSlots(arena, 1, 64);
            }
        } finally {
            txLock.unlock();
        }
    }

    /**
     * The CLOCK_REALTIME instant, in nanoseconds since the epoch, at which the kernel sent the latest datagram it has
     * reported on, or 0 when there is no report (yet, or {@link #enableTxTimestamps} was not called). Drains the error
     * queue without waiting, so that poll(2) stops flagging it.
     */
    public long takeTxTimestamp() throws IOException {
        txLock.lock();
        try {
            ensureOpen();
            long latest = 0;
            for (int i = 0; txStamps != null && i < 16; i++) {
                txStamps.rearm(1);
                long n = Native.recvmsg(txErrno, fd, txStamps.vector(), Native.MSG_ERRQUEUE | Native.MSG_DONTWAIT);
                if (n < 0) {
                    int errno = Native.errno(txErrno);
                    if (errno == Errno.EINTR) {
                        continue;
                    }
                    throwIfClosedDuringCall();
                    if (errno != Errno.EAGAIN) {
                        throw new NativeSocketException("recvmsg (error queue) on " + text(local), errno);
                    }
                    break;
                }
                long ts = txStamps.timestamp(0, Native.SCM_TIMESTAMPING);
                latest = ts != 0 ? ts : latest;
            }
            return latest;
        } finally {
            txLock.unlock();
        }
    }

    /**
     * Receives one datagram into {@code buf}, waiting at most {@code timeoutMillis} (0: only what is already queued;
     * negative: until one comes or the socket is closed).
     *
     * @return the datagram's length, sender and kernel receive time, or null if none came in time
     * @throws AsynchronousCloseException if the socket was closed while waiting
     * @throws ClosedChannelException if it was already closed
     */
    public Received receive(byte[] buf, long timeoutMillis) throws IOException {
        rxLock.lock();
        try {
            ensureOpen();
            slots(1, buf.length).limit(0, buf.length);
            long n = read(0, timeoutMillis);
            return n < 0 ? null : rx.take(0, buf, (int) n);
        } finally {
            rxLock.unlock();
        }
    }

    /**
     * Receives up to {@code min(bufs.length, out.length)} datagrams with one recvmmsg: waits like {@link #receive} for
     * the first, then takes whatever else is already queued. Datagram {@code i} goes to {@code bufs[i]}, its description
     * to {@code out[i]}.
     *
     * @return how many datagrams were received, 0 if none came in time
     */
    public int receiveBatch(byte[][] bufs, Received[] out, long timeoutMillis) throws IOException {
        int count = Math.min(bufs.length, out.length);
        if (count == 0) {
            return 0;
        }
        rxLock.lock();
        try {
            ensureOpen();
            int longest = 0;
            for (int i = 0; i < count; i++) {
                longest = Math.max(longest, bufs[i].length);
            }
            RecvSlots slots = slots(count, longest);
            for (int i = 0; i < count; i++) {
                slots.limit(i, bufs[i].length);
            }
            int n = (int) read(count, timeoutMillis);
            for (int i = 0; i < n; i++) {
                out[i] = slots.take(i, bufs[i], slots.received(i));
            }
            return Math.max(n, 0);
        } finally {
            rxLock.unlock();
        }
    }

    /** Receive slots for {@code count} datagrams of {@code bytes}, grown (never shrunk) as calls ask for more. */
    private RecvSlots slots(int count, int bytes) {
        if (!rx.fits(count, bytes)) {
            rx = new RecvSlots(arena, Math.max(count, rx.count()), Math.max(bytes, rx.dataBytes()));
        }
        return rx;
    }

    /**
     * Calls recvmsg ({@code batch} 0) or recvmmsg for {@code batch} slots without blocking, and between tries polls
     * until the deadline. Returns the byte count (recvmsg) or datagram count (recvmmsg), or -1 on timeout.
     */
    private long read(int batch, long timeoutMillis) throws IOException {
        long deadline = timeoutMillis > 0 ? System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis) : 0;
        while (true) {
            rx.rearm(Math.max(batch, 1));
            long n = batch == 0 ? Native.recvmsg(rxErrno, fd, rx.vector(), Native.MSG_DONTWAIT)
                    : Native.recvmmsg(rxErrno, fd, rx.vector(), batch, Native.MSG_DONTWAIT, MemorySegment.NULL);
            throwIfClosedDuringCall();
            if (n >= 0) {
                return n;
            }
            int errno = Native.errno(rxErrno);
            if (errno == Errno.EINTR) {
                continue;
            }
            if (errno != Errno.EAGAIN) {
                throw new NativeSocketException((batch == 0 ? "recvmsg on " : "recvmmsg on ") + text(local), errno);
            }
            int wait = pollMillis(timeoutMillis, deadline);
            if (wait == 0) {
                return -1;
            }
            if (Native.poll(rxErrno, rxPoll, 1, wait) < 0 && Native.errno(rxErrno) != Errno.EINTR) {
                throw new NativeSocketException("poll on " + text(local), Native.errno(rxErrno));
            }
        }
    }

    /**
     * Waits up to {@code timeoutMillis} until at least one of {@code sockets} has a datagram waiting, for loops
     * that serve many sockets on one thread, and says which (in list order). Closed sockets are never ready.
     */
    public static boolean[] awaitReadable(List<TimestampedUdpSocket> sockets, int timeoutMillis) throws IOException {
        boolean[] ready = new boolean[sockets.size()];
        try (Arena call = Arena.ofConfined()) {
            MemorySegment fds = call.allocate(Structs.POLLFD, Math.max(1, sockets.size()));
            MemorySegment cs = call.allocate(Native.CAPTURED);
            for (int i = 0; i < sockets.size(); i++) {
                MemorySegment pfd = fds.asSlice(i * Structs.POLLFD.byteSize(), Structs.POLLFD.byteSize());
                TimestampedUdpSocket s = sockets.get(i);
                pfd.set(JAVA_INT, Structs.POLL_FD, s.closed.get() ? -1 : s.fd);
                pfd.set(JAVA_SHORT, Structs.POLL_EVENTS, Native.POLLIN);
            }
            int n = Native.poll(cs, fds, sockets.size(), Math.max(0, timeoutMillis));
            if (n < 0) {
                if (Native.errno(cs) == Errno.EINTR) {
                    return ready;
                }
                throw new NativeSocketException("poll", Native.errno(cs));
            }
            for (int i = 0; i < sockets.size() && n > 0; i++) {
                MemorySegment pfd = fds.asSlice(i * Structs.POLLFD.byteSize(), Structs.POLLFD.byteSize());
                ready[i] = pfd.get(JAVA_SHORT, Structs.POLL_REVENTS) != 0;
            }
        }
        return ready;
    }

    /** How long the next poll may wait: 0 once the deadline has passed, never more than one slice. */
    private static int pollMillis(long timeoutMillis, long deadline) {
        if (timeoutMillis == 0) {
            return 0;
        }
        if (timeoutMillis < 0) {
            return POLL_SLICE_MILLIS;
        }
        long left = deadline - System.nanoTime();
        if (left <= 0) {
            return 0;
        }
        return (int) Math.min(POLL_SLICE_MILLIS, Math.max(1, TimeUnit.NANOSECONDS.toMillis(left + 999_999)));
    }

    /**
     * Closes the socket; idempotent and callable from any thread. A receive or send in progress ends with
     * {@link AsynchronousCloseException}; this returns once it has.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try (Arena call = Arena.ofConfined()) {
            MemorySegment cs = call.allocate(Native.CAPTURED);
            Native.shutdown(cs, fd, Native.SHUT_RDWR); // wakes poll; ENOTCONN on an unconnected socket is expected
            rxLock.lock();
            txLock.lock();
            try {
                Native.close(cs, fd);
                arena.close();
            } finally {
                txLock.unlock();
                rxLock.unlock();
            }
        }
    }

    private void ensureOpen() throws ClosedChannelException {
        if (closed.get()) {
            throw new ClosedChannelException();
        }
    }

    private void throwIfClosedDuringCall() throws AsynchronousCloseException {
        if (closed.get()) {
            throw new AsynchronousCloseException();
        }
    }

    private static InetSocketAddress localAddress(Arena call, MemorySegment cs, int fd) throws IOException {
        MemorySegment address = call.allocate(Structs.SOCKADDR_STORAGE);
        MemorySegment length = call.allocateFrom(JAVA_INT, (int) address.byteSize());
        Native.check(Native.getsockname(cs, fd, address, length), cs, "getsockname");
        return SocketAddresses.decode(address, length.get(JAVA_INT, 0));
    }

    private static String text(InetSocketAddress address) {
        return address == null ? "(no address)" : AddressText.of(address);
    }

    @Override
    public String toString() {
        return "TimestampedUdpSocket[" + text(local) + (remote != null ? " -> " + text(remote) : "") + "]";
    }
}
