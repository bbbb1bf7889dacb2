// The Linux LP64 socket structures this package passes to the kernel, declared once as named foreign memory layouts.
package dev.jntp.daemon.net;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * Layouts of {@code <netinet/in.h>}, {@code <sys/socket.h>}, {@code <poll.h>} and {@code <time.h>} structures on 64-bit
 * Linux (x86_64, aarch64), with the C field names, and the byte offsets this package reads and writes derived from them.
 * {@code StructsTest} checks every size and offset against numbers printed by a C program built with gcc.
 */
final class Structs {

    /** A port or IPv4 flow label in network byte order. */
    static final ValueLayout.OfShort NET_SHORT = JAVA_SHORT.withOrder(ByteOrder.BIG_ENDIAN);
    static final ValueLayout.OfInt NET_INT = JAVA_INT.withOrder(ByteOrder.BIG_ENDIAN);

    static final StructLayout SOCKADDR_IN = MemoryLayout.structLayout(
            JAVA_SHORT.withName("sin_family"),
            NET_SHORT.withName("sin_port"),
            NET_INT.withName("sin_addr"),
            MemoryLayout.sequenceLayout(8, JAVA_BYTE).withName("sin_zero")).withName("sockaddr_in");

    static final StructLayout SOCKADDR_IN6 = MemoryLayout.structLayout(
            JAVA_SHORT.withName("sin6_family"),
            NET_SHORT.withName("sin6_port"),
            NET_INT.withName("sin6_flowinfo"),
            MemoryLayout.sequenceLayout(16, JAVA_BYTE).withName("sin6_addr"),
            JAVA_INT.withName("sin6_scope_id")).withName("sockaddr_in6");

    static final StructLayout SOCKADDR_STORAGE = MemoryLayout.structLayout(
            JAVA_SHORT.withName("ss_family"),
            MemoryLayout.sequenceLayout(118, JAVA_BYTE).withName("__ss_padding"),
            JAVA_LONG.withName("__ss_align")).withName("sockaddr_storage");

    static final StructLayout IOVEC = MemoryLayout.structLayout(
            ADDRESS.withName("iov_base"),
            JAVA_LONG.withName("iov_len")).withName("iovec");

    static final StructLayout MSGHDR = MemoryLayout.structLayout(
            ADDRESS.withName("msg_name"),
            JAVA_INT.withName("msg_namelen"),
            MemoryLayout.paddingLayout(4),
            ADDRESS.withName("msg_iov"),
            JAVA_LONG.withName("msg_iovlen"),
            ADDRESS.withName("msg_control"),
            JAVA_LONG.withName("msg_controllen"),
            JAVA_INT.withName("msg_flags"),
            MemoryLayout.paddingLayout(4)).withName("msghdr");

    static final StructLayout MMSGHDR = MemoryLayout.structLayout(
            MSGHDR.withName("msg_hdr"),
            JAVA_INT.withName("msg_len"),
            MemoryLayout.paddingLayout(4)).withName("mmsghdr");

    /** The header of one control message; its data starts right after it (CMSG_DATA), the next header 8-aligned. */
    static final StructLayout CMSGHDR = MemoryLayout.structLayout(
            JAVA_LONG.withName("cmsg_len"),
            JAVA_INT.withName("cmsg_level"),
            JAVA_INT.withName("cmsg_type")).withName("cmsghdr");

    static final StructLayout TIMESPEC = MemoryLayout.structLayout(
            JAVA_LONG.withName("tv_sec"),
            JAVA_LONG.withName("tv_nsec")).withName("timespec");

    static final StructLayout POLLFD = MemoryLayout.structLayout(
            JAVA_INT.withName("fd"),
            JAVA_SHORT.withName("events"),
            JAVA_SHORT.withName("revents")).withName("pollfd");

    static final long SIN_FAMILY = offset(SOCKADDR_IN, "sin_family");
    static final long SIN_PORT = offset(SOCKADDR_IN, "sin_port");
    static final long SIN_ADDR = offset(SOCKADDR_IN, "sin_addr");
    static final long SIN_ZERO = offset(SOCKADDR_IN, "sin_zero");
    static final long SIN6_PORT = offset(SOCKADDR_IN6, "sin6_port");
    static final long SIN6_FLOWINFO = offset(SOCKADDR_IN6, "sin6_flowinfo");
    static final long SIN6_ADDR = offset(SOCKADDR_IN6, "sin6_addr");
    static final long SIN6_SCOPE_ID = offset(SOCKADDR_IN6, "sin6_scope_id");
    static final long SS_FAMILY = offset(SOCKADDR_STORAGE, "ss_family");

    static final long IOV_BASE = offset(IOVEC, "iov_base");
    static final long IOV_LEN = offset(IOVEC, "iov_len");

    static final long MSG_NAME = offset(MSGHDR, "msg_name");
    static final long MSG_NAMELEN = offset(MSGHDR, "msg_namelen");
    static final long MSG_IOV = offset(MSGHDR, "msg_iov");
    static final long MSG_IOVLEN = offset(MSGHDR, "msg_iovlen");
    static final long MSG_CONTROL = offset(MSGHDR, "msg_control");
    static final long MSG_CONTROLLEN = offset(MSGHDR, "msg_controllen");
    static final long MSG_FLAGS = offset(MSGHDR, "msg_flags");
    static final long MMSG_LEN = offset(MMSGHDR, "msg_len");

    static final long CMSG_LEN = offset(CMSGHDR, "cmsg_len");
    static final long CMSG_LEVEL = offset(CMSGHDR, "cmsg_level");
    static final long CMSG_TYPE = offset(CMSGHDR, "cmsg_type");
    static final long TV_SEC = offset(TIMESPEC, "tv_sec");
    static final long TV_NSEC = offset(TIMESPEC, "tv_nsec");

    static final long POLL_FD = offset(POLLFD, "fd");
    static final long POLL_EVENTS = offset(POLLFD, "events");
    static final long POLL_REVENTS = offset(POLLFD, "revents");

    private Structs() {}

    static long offset(StructLayout layout, String field) {
        return layout.byteOffset(groupElement(field));
    }

    /** CMSG_ALIGN: control messages start at multiples of sizeof(size_t). */
    static long cmsgAlign(long length) {
        return (length + 7) & ~7L;
    }

    /**
     * The SCM_TIMESTAMPNS receive time among the control messages a recvmsg left in {@code control}, in nanoseconds
     * since the Unix epoch, or 0 if there is none. Walks at most a handful of headers, each checked against the length.
     */
    static long rxTimestampNanos(MemorySegment control, long controlLength) {
        return timestampNanos(control, controlLength, Native.SCM_TIMESTAMPNS);
    }

    /**
     * As {@link #rxTimestampNanos} for the control message of {@code type}: SCM_TIMESTAMPNS (one timespec) or
     * SCM_TIMESTAMPING (three; the first is the software time stamp, the only one jntp asks for).
     */
    static long timestampNanos(MemorySegment control, long controlLength, int type) {
        long header = CMSGHDR.byteSize();
        long end = Math.min(controlLength, control.byteSize());
        long off = 0;
        for (int i = 0; i < 8 && off + header <= end; i++) {
            long len = control.get(JAVA_LONG, off + CMSG_LEN);
            if (len < header || len > end - off) {
                return 0;
            }
            if (control.get(JAVA_INT, off + CMSG_LEVEL) == Native.SOL_SOCKET
                    && control.get(JAVA_INT, off + CMSG_TYPE) == type
                    && len >= header + TIMESPEC.byteSize()) {
                long ts = off + header;
                return control.get(JAVA_LONG, ts + TV_SEC) * 1_000_000_000L + control.get(JAVA_LONG, ts + TV_NSEC);
            }
            off += cmsgAlign(len);
        }
        return 0;
    }
}
