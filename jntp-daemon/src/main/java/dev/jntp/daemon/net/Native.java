// The libc socket calls of this package bound through the foreign function API, each with errno captured.
package dev.jntp.daemon.net;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;
import java.util.ArrayList;
import java.util.List;

/**
 * Downcalls to socket, setsockopt, bind, connect, getsockname, shutdown, close, poll, sendto, recvmsg and recvmmsg.
 * Every wrapper takes a segment of {@link #CAPTURED} first, where the linker stores errno right after the call; none is
 * critical, since all may block (callers run them on platform threads). The constants are the Linux values for x86_64
 * and aarch64, checked against the C headers in {@code StructsTest}. Where any piece is missing,
 * {@link #unsupportedReason()} says which and every handle is null.
 */
final class Native {

    static final int AF_INET = 2;
    static final int AF_INET6 = 10;
    static final int SOCK_DGRAM = 2;
    static final int SOCK_CLOEXEC = 0x80000;
    static final int SOL_SOCKET = 1;
    static final int SO_REUSEADDR = 2;
    static final int SO_TIMESTAMPNS = 35;
    static final int SCM_TIMESTAMPNS = 35;
    static final int SO_TIMESTAMPING = 37;
    static final int SCM_TIMESTAMPING = 37;
    /** SOF_TIMESTAMPING_* flags: software time stamps of sent datagrams, reported without the payload. */
    static final int SOF_TIMESTAMPING_TX_SOFTWARE = 1 << 1;
    static final int SOF_TIMESTAMPING_SOFTWARE = 1 << 4;
    static final int SOF_TIMESTAMPING_OPT_TSONLY = 1 << 11;
    static final int MSG_ERRQUEUE = 0x2000;
    static final int IPPROTO_IPV6 = 41;
    static final int IPV6_V6ONLY = 26;
    static final short POLLIN = 0x1;
    static final int MSG_DONTWAIT = 0x40;
    static final int MSG_TRUNC = 0x20;
    static final int SHUT_RDWR = 2;

    /** Where the linker stores errno; allocate one per thread that calls (or per buffer set guarded by a lock). */
    static final StructLayout CAPTURED = Linker.Option.captureStateLayout();
    private static final long ERRNO = CAPTURED.byteOffset(groupElement("errno"));

    private static final List<String> MISSING = new ArrayList<>();
    /** Set during class initialisation if the linker refused, e.g. native access denied. */
    private static String linkProblem;
    private static final String PLATFORM = platformProblem();

    private static final MethodHandle SOCKET = bind("socket", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT));
    private static final MethodHandle SETSOCKOPT = bind("setsockopt",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle BIND = bind("bind", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle CONNECT = bind("connect", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle GETSOCKNAME = bind("getsockname",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS));
    private static final MethodHandle SHUTDOWN = bind("shutdown", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));
    private static final MethodHandle CLOSE = bind("close", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    private static final MethodHandle POLL = bind("poll", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT));
    private static final MethodHandle SENDTO = bind("sendto",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle RECVMSG = bind("recvmsg", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle RECVMMSG = bind("recvmmsg",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT, ADDRESS));

    private static final String UNSUPPORTED = PLATFORM != null ? PLATFORM
            : linkProblem != null ? linkProblem
            : MISSING.isEmpty() ? null : "libc lacks " + String.join(", ", MISSING);

    private Native() {}

    /** Null when every call is bound; else why this platform cannot have timestamped sockets. */
    static String unsupportedReason() {
        return UNSUPPORTED;
    }

    private static String platformProblem() {
        String os = System.getProperty("os.name", "");
        if (!os.equals("Linux")) {
            return "needs Linux, not " + os;
        }
        if (ADDRESS.byteSize() != 8 || Linker.nativeLinker().canonicalLayouts().get("long").byteSize() != 8) {
            return "needs a 64-bit (LP64) platform, not " + System.getProperty("os.arch");
        }
        return null;
    }

    private static MethodHandle bind(String name, FunctionDescriptor descriptor) {
        if (PLATFORM != null || linkProblem != null) {
            return null;
        }
        try {
            Linker linker = Linker.nativeLinker();
            MethodHandle handle = linker.defaultLookup().find(name)
                    .map(symbol -> linker.downcallHandle(symbol, descriptor, Linker.Option.captureCallState("errno")))
                    .orElse(null);
            if (handle == null) {
                MISSING.add(name);
            }
            return handle;
        } catch (RuntimeException | LinkageError e) {
            linkProblem = "cannot link " + name + ": " + e;
            return null;
        }
    }

    /** The errno a call stored in {@code captured}. */
    static int errno(MemorySegment captured) {
        return captured.get(JAVA_INT, ERRNO);
    }

    /** {@code rc} when it is not negative, else the call's errno as an exception naming {@code operation}. */
    static int check(int rc, MemorySegment captured, String operation) throws NativeSocketException {
        if (rc < 0) {
            throw new NativeSocketException(operation, errno(captured));
        }
        return rc;
    }

    private static RuntimeException unexpected(Throwable t) {
        if (t instanceof RuntimeException r) {
            return r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        return new IllegalStateException("a socket call could not be made", t);
    }

    static int socket(MemorySegment cs, int domain, int type, int protocol) {
        try { return (int) SOCKET.invokeExact(cs, domain, type, protocol); } catch (Throwable t) { throw unexpected(t); }
    }

    static int setsockopt(MemorySegment cs, int fd, int level, int name, MemorySegment value, int length) {
        try {
            return (int) SETSOCKOPT.invokeExact(cs, fd, level, name, value, length);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    static int bind(MemorySegment cs, int fd, MemorySegment address, int length) {
        try { return (int) BIND.invokeExact(cs, fd, address, length); } catch (Throwable t) { throw unexpected(t); }
    }

    static int connect(MemorySegment cs, int fd, MemorySegment address, int length) {
        try { return (int) CONNECT.invokeExact(cs, fd, address, length); } catch (Throwable t) { throw unexpected(t); }
    }

    static int getsockname(MemorySegment cs, int fd, MemorySegment address, MemorySegment length) {
        try { return (int) GETSOCKNAME.invokeExact(cs, fd, address, length); } catch (Throwable t) { throw unexpected(t); }
    }

    static int shutdown(MemorySegment cs, int fd, int how) {
        try { return (int) SHUTDOWN.invokeExact(cs, fd, how); } catch (Throwable t) { throw unexpected(t); }
    }

    static int close(MemorySegment cs, int fd) {
        try { return (int) CLOSE.invokeExact(cs, fd); } catch (Throwable t) { throw unexpected(t); }
    }

    static int poll(MemorySegment cs, MemorySegment fds, long count, int timeoutMillis) {
        try { return (int) POLL.invokeExact(cs, fds, count, timeoutMillis); } catch (Throwable t) { throw unexpected(t); }
    }

    static long sendto(MemorySegment cs, int fd, MemorySegment data, long length, int flags, MemorySegment to,
            int toLength) {
        try {
            return (long) SENDTO.invokeExact(cs, fd, data, length, flags, to, toLength);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    static long recvmsg(MemorySegment cs, int fd, MemorySegment msghdr, int flags) {
        try { return (long) RECVMSG.invokeExact(cs, fd, msghdr, flags); } catch (Throwable t) { throw unexpected(t); }
    }

    static int recvmmsg(MemorySegment cs, int fd, MemorySegment msgvec, int count, int flags, MemorySegment timeout) {
        try {
            return (int) RECVMMSG.invokeExact(cs, fd, msgvec, count, flags, timeout);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }
}
