// A Unix domain datagram socket through the foreign function API: what sd_notify sends on (the JDK has no such channel).
package dev.jntp.daemon.net;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.nio.channels.ClosedChannelException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * {@code socket(AF_UNIX, SOCK_DGRAM)} with send and receive, for the systemd notification protocol
 * (sd_notify(3)): JDK 25's {@code DatagramChannel} refuses {@code StandardProtocolFamily.UNIX}. An address is a
 * path ({@code /run/systemd/notify}) or, when it starts with {@code @}, a name in the abstract namespace, as
 * {@code $NOTIFY_SOCKET} gives them. Calls are short and non-blocking or bounded by a poll timeout; methods are
 * synchronised, so one socket may be shared.
 */
public final class UnixDatagramSocket implements AutoCloseable {

    static final int AF_UNIX = 1;
    /** sun_path of {@code struct sockaddr_un}: 108 bytes on Linux. */
    static final int SUN_PATH = 108;
    static final StructLayout SOCKADDR_UN = MemoryLayout.structLayout(
            JAVA_SHORT.withName("sun_family"),
            MemoryLayout.sequenceLayout(SUN_PATH, JAVA_BYTE).withName("sun_path")).withName("sockaddr_un");
    private static final long SUN_PATH_OFFSET = Structs.offset(SOCKADDR_UN, "sun_path");
    /** The largest datagram {@link #receive} returns whole (notification messages are a few hundred bytes). */
    static final int MAX_DATAGRAM = 4096;

    private final Arena arena = Arena.ofShared();
    private final MemorySegment cs = arena.allocate(Native.CAPTURED);
    private final int fd;
    private final String bound;
    private boolean closed;

    private UnixDatagramSocket(int fd, String bound) {
        this.fd = fd;
        this.bound = bound;
    }

    /** Null where these sockets can be used; else why not (not Linux, native access denied …). */
    public static String unsupportedReason() {
        return Native.unsupportedReason();
    }

    /** An unbound socket, for sending. */
    public static UnixDatagramSocket open() throws IOException {
        return create(null);
    }

    /** A socket bound to {@code address}, for receiving (a path must not exist yet). */
    public static UnixDatagramSocket bind(String address) throws IOException {
        return create(address);
    }

    private static UnixDatagramSocket create(String bindTo) throws IOException {
        String unsupported = Native.unsupportedReason();
        if (unsupported != null) {
            throw new IOException("Unix datagram sockets are not available: " + unsupported);
        }
        byte[] name = bindTo == null ? null : encode(bindTo);
        try (Arena setup = Arena.ofConfined()) {
            MemorySegment cs = setup.allocate(Native.CAPTURED);
            int fd = Native.check(Native.socket(cs, AF_UNIX, Native.SOCK_DGRAM | Native.SOCK_CLOEXEC, 0), cs,
                    "socket AF_UNIX");
            if (name != null) {
                MemorySegment a = address(setup, name);
                if (Native.bind(cs, fd, a, (int) (SUN_PATH_OFFSET + name.length)) < 0) {
                    int errno = Native.errno(cs);
                    Native.close(cs, fd);
                    throw new NativeSocketException("bind " + bindTo, errno);
                }
            }
            return new UnixDatagramSocket(fd, bindTo);
        }
    }

    /**
     * The bytes of sun_path for an address: a path with its terminating NUL, or for {@code @name} a NUL followed
     * by the name (abstract namespace, no terminator), as sd_notify(3) and unix(7) describe.
     *
     * @throws IllegalArgumentException for an empty, relative or too long address
     */
    public static byte[] encode(String address) {
        if (address.startsWith("@") && address.length() > 1) {
            byte[] n = address.substring(1).getBytes(StandardCharsets.UTF_8);
            byte[] b = new byte[n.length + 1];
            System.arraycopy(n, 0, b, 1, n.length);
            return check(b, address);
        }
        if (address.startsWith("/")) {
            if (address.indexOf('\0') >= 0) {
                throw new IllegalArgumentException("a socket path has no NUL character: " + address);
            }
            byte[] n = address.getBytes(StandardCharsets.UTF_8);
            return check(Arrays.copyOf(n, n.length + 1), address);
        }
        throw new IllegalArgumentException("not a Unix socket address (an absolute path, or @name for the abstract "
                + "namespace): " + address);
    }

    private static byte[] check(byte[] sunPath, String address) {
        if (sunPath.length > SUN_PATH) {
            throw new IllegalArgumentException("Unix socket address longer than " + SUN_PATH + " bytes: " + address);
        }
        return sunPath;
    }

    private static MemorySegment address(Arena arena, byte[] sunPath) {
        MemorySegment a = arena.allocate(SOCKADDR_UN);
        a.set(JAVA_SHORT, 0, (short) AF_UNIX);
        MemorySegment.copy(sunPath, 0, a, JAVA_BYTE, SUN_PATH_OFFSET, sunPath.length);
        return a;
    }

    /** Sends one datagram to {@code address}; fails (ENOENT, ECONNREFUSED, EAGAIN …) rather than waits. */
    public synchronized void send(String address, byte[] data) throws IOException {
        ensureOpen();
        byte[] name = encode(address);
        try (Arena call = Arena.ofConfined()) {
            MemorySegment a = address(call, name);
            MemorySegment d = call.allocate(Math.max(1, data.length));
            MemorySegment.copy(data, 0, d, JAVA_BYTE, 0, data.length);
            long n = Native.sendto(cs, fd, d, data.length, Native.MSG_DONTWAIT, a, (int) (SUN_PATH_OFFSET + name.length));
            if (n < 0) {
                throw new NativeSocketException("send to " + address, Native.errno(cs));
            }
        }
    }

    /** The next datagram (at most {@link #MAX_DATAGRAM} bytes; longer ones cut), or null after {@code timeoutMillis}. */
    public synchronized byte[] receive(int timeoutMillis) throws IOException {
        ensureOpen();
        long deadline = System.nanoTime() + Math.max(0, timeoutMillis) * 1_000_000L;
        try (Arena call = Arena.ofConfined()) {
            MemorySegment pfd = call.allocate(Structs.POLLFD);
            MemorySegment buf = call.allocate(MAX_DATAGRAM);
            MemorySegment iov = call.allocate(Structs.IOVEC);
            iov.set(ADDRESS, Structs.IOV_BASE, buf);
            iov.set(JAVA_LONG, Structs.IOV_LEN, MAX_DATAGRAM);
            MemorySegment msg = call.allocate(Structs.MSGHDR);
            msg.set(ADDRESS, Structs.MSG_IOV, iov);
            msg.set(JAVA_LONG, Structs.MSG_IOVLEN, 1);
            while (true) {
                long n = Native.recvmsg(cs, fd, msg, Native.MSG_DONTWAIT);
                if (n >= 0) {
                    return buf.asSlice(0, n).toArray(JAVA_BYTE);
                }
                int errno = Native.errno(cs);
                if (errno != Errno.EAGAIN && errno != Errno.EINTR) {
                    throw new NativeSocketException("receive on " + bound, errno);
                }
                long left = (deadline - System.nanoTime()) / 1_000_000L;
                if (left <= 0) {
                    return null;
                }
                pfd.set(JAVA_INT, Structs.POLL_FD, fd);
                pfd.set(JAVA_SHORT, Structs.POLL_EVENTS, Native.POLLIN);
                if (Native.poll(cs, pfd, 1, (int) Math.min(left, 1000)) < 0 && Native.errno(cs) != Errno.EINTR) {
                    throw new NativeSocketException("poll on " + bound, Native.errno(cs));
                }
            }
        }
    }

    private void ensureOpen() throws ClosedChannelException {
        if (closed) {
            throw new ClosedChannelException();
        }
    }

    /** Closes the socket (a bound path stays; the caller removes it). Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        Native.close(cs, fd);
        arena.close();
    }

    @Override
    public String toString() {
        return "UnixDatagramSocket[" + (bound == null ? "unbound" : bound) + "]";
    }
}
