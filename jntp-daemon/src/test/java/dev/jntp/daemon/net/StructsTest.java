// Checks the declared struct layouts, socket constants and errno names against numbers printed by a C program.
package dev.jntp.daemon.net;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static org.assertj.core.api.Assertions.assertThat;

import java.lang.foreign.Arena;
import java.lang.foreign.MemoryLayout.PathElement;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * The expected numbers come from this program, built with gcc 12 on Debian 12 x86_64 (glibc 2.36); aarch64 has the
 * same LP64 layouts and generic socket constants:
 *
 * <pre>{@code
 * #define _GNU_SOURCE
 * #include <stdio.h>
 * #include <stddef.h>
 * #include <errno.h>
 * #include <poll.h>
 * #include <time.h>
 * #include <sys/socket.h>
 * #include <sys/uio.h>
 * #include <netinet/in.h>
 * #define P(s, f) printf("%s.%s @%zu size %zu\n", #s, #f, offsetof(struct s, f), sizeof(((struct s *)0)->f))
 * #define S(s) printf("sizeof %s %zu align %zu\n", #s, sizeof(struct s), _Alignof(struct s))
 * #define C(c) printf("%s %d\n", #c, (int)(c))
 * int main(void) {
 *   S(sockaddr_in); P(sockaddr_in, sin_family); P(sockaddr_in, sin_port); P(sockaddr_in, sin_addr); P(sockaddr_in, sin_zero);
 *   S(sockaddr_in6); P(sockaddr_in6, sin6_family); P(sockaddr_in6, sin6_port); P(sockaddr_in6, sin6_flowinfo); P(sockaddr_in6, sin6_addr); P(sockaddr_in6, sin6_scope_id);
 *   S(sockaddr_storage);
 *   S(iovec); P(iovec, iov_base); P(iovec, iov_len);
 *   S(msghdr); P(msghdr, msg_name); P(msghdr, msg_namelen); P(msghdr, msg_iov); P(msghdr, msg_iovlen); P(msghdr, msg_control); P(msghdr, msg_controllen); P(msghdr, msg_flags);
 *   S(mmsghdr); P(mmsghdr, msg_hdr); P(mmsghdr, msg_len);
 *   S(cmsghdr); P(cmsghdr, cmsg_len); P(cmsghdr, cmsg_level); P(cmsghdr, cmsg_type);
 *   printf("CMSG_LEN(16) %zu CMSG_SPACE(16) %zu CMSG_DATA-offset %zu\n", CMSG_LEN(16), CMSG_SPACE(16), (size_t)CMSG_LEN(0));
 *   S(timespec); P(timespec, tv_sec); P(timespec, tv_nsec);
 *   S(pollfd); P(pollfd, fd); P(pollfd, events); P(pollfd, revents);
 *   C(AF_INET); C(AF_INET6); C(SOCK_DGRAM); C(SOCK_CLOEXEC); C(SOL_SOCKET); C(SO_REUSEADDR); C(SO_TIMESTAMPNS); C(SCM_TIMESTAMPNS);
 *   C(IPPROTO_IPV6); C(IPV6_V6ONLY); C(POLLIN); C(POLLERR); C(POLLHUP); C(POLLNVAL); C(MSG_DONTWAIT); C(MSG_TRUNC); C(MSG_CTRUNC); C(MSG_WAITFORONE); C(SHUT_RDWR);
 *   C(EPERM); C(ENOENT); C(EINTR); C(EIO); C(EBADF); C(EAGAIN); C(ENOMEM); C(EACCES); C(EFAULT); C(EINVAL); C(ENFILE); C(EMFILE); C(EPIPE);
 *   C(ENOTSOCK); C(EDESTADDRREQ); C(EMSGSIZE); C(EPROTOTYPE); C(ENOPROTOOPT); C(EPROTONOSUPPORT); C(EOPNOTSUPP); C(EAFNOSUPPORT);
 *   C(EADDRINUSE); C(EADDRNOTAVAIL); C(ENETDOWN); C(ENETUNREACH); C(ECONNRESET); C(ENOBUFS); C(EISCONN); C(ENOTCONN); C(ETIMEDOUT);
 *   C(ECONNREFUSED); C(EHOSTDOWN); C(EHOSTUNREACH);
 *   return 0;
 * }
 * }</pre>
 */
class StructsTest {

    record Field(StructLayout struct, String name, long offset, long size) {
        @Override
        public String toString() {
            return struct.name().orElseThrow() + "." + name;
        }
    }

    record Size(StructLayout struct, long size, long align) {
        @Override
        public String toString() {
            return struct.name().orElseThrow();
        }
    }

    static final List<Size> SIZES = List.of(
            new Size(Structs.SOCKADDR_IN, 16, 4),
            new Size(Structs.SOCKADDR_IN6, 28, 4),
            new Size(Structs.SOCKADDR_STORAGE, 128, 8),
            new Size(Structs.IOVEC, 16, 8),
            new Size(Structs.MSGHDR, 56, 8),
            new Size(Structs.MMSGHDR, 64, 8),
            new Size(Structs.CMSGHDR, 16, 8),
            new Size(Structs.TIMESPEC, 16, 8),
            new Size(Structs.POLLFD, 8, 4));

    static final List<Field> FIELDS = List.of(
            new Field(Structs.SOCKADDR_IN, "sin_family", 0, 2),
            new Field(Structs.SOCKADDR_IN, "sin_port", 2, 2),
            new Field(Structs.SOCKADDR_IN, "sin_addr", 4, 4),
            new Field(Structs.SOCKADDR_IN, "sin_zero", 8, 8),
            new Field(Structs.SOCKADDR_IN6, "sin6_family", 0, 2),
            new Field(Structs.SOCKADDR_IN6, "sin6_port", 2, 2),
            new Field(Structs.SOCKADDR_IN6, "sin6_flowinfo", 4, 4),
            new Field(Structs.SOCKADDR_IN6, "sin6_addr", 8, 16),
            new Field(Structs.SOCKADDR_IN6, "sin6_scope_id", 24, 4),
            new Field(Structs.IOVEC, "iov_base", 0, 8),
            new Field(Structs.IOVEC, "iov_len", 8, 8),
            new Field(Structs.MSGHDR, "msg_name", 0, 8),
            new Field(Structs.MSGHDR, "msg_namelen", 8, 4),
            new Field(Structs.MSGHDR, "msg_iov", 16, 8),
            new Field(Structs.MSGHDR, "msg_iovlen", 24, 8),
            new Field(Structs.MSGHDR, "msg_control", 32, 8),
            new Field(Structs.MSGHDR, "msg_controllen", 40, 8),
            new Field(Structs.MSGHDR, "msg_flags", 48, 4),
            new Field(Structs.MMSGHDR, "msg_hdr", 0, 56),
            new Field(Structs.MMSGHDR, "msg_len", 56, 4),
            new Field(Structs.CMSGHDR, "cmsg_len", 0, 8),
            new Field(Structs.CMSGHDR, "cmsg_level", 8, 4),
            new Field(Structs.CMSGHDR, "cmsg_type", 12, 4),
            new Field(Structs.TIMESPEC, "tv_sec", 0, 8),
            new Field(Structs.TIMESPEC, "tv_nsec", 8, 8),
            new Field(Structs.POLLFD, "fd", 0, 4),
            new Field(Structs.POLLFD, "events", 4, 2),
            new Field(Structs.POLLFD, "revents", 6, 2));

    @ParameterizedTest(name = "{0}")
    @FieldSource("SIZES")
    void layout_declared_hasSizeAndAlignmentOfC(Size expected) {
        assertThat(expected.struct().byteSize()).isEqualTo(expected.size());
        assertThat(expected.struct().byteAlignment()).isEqualTo(expected.align());
    }

    @ParameterizedTest(name = "{0}")
    @FieldSource("FIELDS")
    void field_declared_hasOffsetAndSizeOfC(Field expected) {
        PathElement path = PathElement.groupElement(expected.name());
        assertThat(expected.struct().byteOffset(path)).isEqualTo(expected.offset());
        assertThat(expected.struct().select(path).byteSize()).isEqualTo(expected.size());
    }

    @Test
    void cmsg_timestampMessage_dataAfterHeaderAndSpaceOfC() {
        assertThat(Structs.CMSGHDR.byteSize()).as("CMSG_LEN(0)").isEqualTo(16);
        assertThat(Structs.cmsgAlign(Structs.CMSGHDR.byteSize() + Structs.TIMESPEC.byteSize()))
                .as("CMSG_SPACE(sizeof(struct timespec))").isEqualTo(32);
        assertThat(Structs.cmsgAlign(17)).isEqualTo(24);
    }

    @Test
    void constants_declared_equalHeaderValues() {
        assertThat(Map.ofEntries(
                Map.entry("AF_INET", Native.AF_INET), Map.entry("AF_INET6", Native.AF_INET6),
                Map.entry("SOCK_DGRAM", Native.SOCK_DGRAM), Map.entry("SOCK_CLOEXEC", Native.SOCK_CLOEXEC),
                Map.entry("SOL_SOCKET", Native.SOL_SOCKET), Map.entry("SO_REUSEADDR", Native.SO_REUSEADDR),
                Map.entry("SO_TIMESTAMPNS", Native.SO_TIMESTAMPNS), Map.entry("SCM_TIMESTAMPNS", Native.SCM_TIMESTAMPNS),
                Map.entry("IPPROTO_IPV6", Native.IPPROTO_IPV6), Map.entry("IPV6_V6ONLY", Native.IPV6_V6ONLY),
                Map.entry("POLLIN", (int) Native.POLLIN), Map.entry("MSG_DONTWAIT", Native.MSG_DONTWAIT),
                Map.entry("MSG_TRUNC", Native.MSG_TRUNC), Map.entry("SHUT_RDWR", Native.SHUT_RDWR)))
                .containsExactlyInAnyOrderEntriesOf(Map.ofEntries(
                        Map.entry("AF_INET", 2), Map.entry("AF_INET6", 10), Map.entry("SOCK_DGRAM", 2),
                        Map.entry("SOCK_CLOEXEC", 524288), Map.entry("SOL_SOCKET", 1), Map.entry("SO_REUSEADDR", 2),
                        Map.entry("SO_TIMESTAMPNS", 35), Map.entry("SCM_TIMESTAMPNS", 35),
                        Map.entry("IPPROTO_IPV6", 41), Map.entry("IPV6_V6ONLY", 26), Map.entry("POLLIN", 1),
                        Map.entry("MSG_DONTWAIT", 64), Map.entry("MSG_TRUNC", 32), Map.entry("SHUT_RDWR", 2)));
    }

    @Test
    void errnoNames_headerValues_matchSymbols() {
        Map<Integer, String> c = Map.ofEntries(
                Map.entry(1, "EPERM"), Map.entry(2, "ENOENT"), Map.entry(4, "EINTR"), Map.entry(5, "EIO"),
                Map.entry(9, "EBADF"), Map.entry(11, "EAGAIN"), Map.entry(12, "ENOMEM"), Map.entry(13, "EACCES"),
                Map.entry(14, "EFAULT"), Map.entry(22, "EINVAL"), Map.entry(23, "ENFILE"), Map.entry(24, "EMFILE"),
                Map.entry(32, "EPIPE"), Map.entry(88, "ENOTSOCK"), Map.entry(89, "EDESTADDRREQ"),
                Map.entry(90, "EMSGSIZE"), Map.entry(91, "EPROTOTYPE"), Map.entry(92, "ENOPROTOOPT"),
                Map.entry(93, "EPROTONOSUPPORT"), Map.entry(95, "EOPNOTSUPP"), Map.entry(97, "EAFNOSUPPORT"),
                Map.entry(98, "EADDRINUSE"), Map.entry(99, "EADDRNOTAVAIL"), Map.entry(100, "ENETDOWN"),
                Map.entry(101, "ENETUNREACH"), Map.entry(104, "ECONNRESET"), Map.entry(105, "ENOBUFS"),
                Map.entry(106, "EISCONN"), Map.entry(107, "ENOTCONN"), Map.entry(110, "ETIMEDOUT"),
                Map.entry(111, "ECONNREFUSED"), Map.entry(112, "EHOSTDOWN"), Map.entry(113, "EHOSTUNREACH"));
        c.forEach((number, name) -> assertThat(Errno.name(number)).as("errno %d", number).isEqualTo(name));
        assertThat(Errno.name(Errno.EINTR)).isEqualTo("EINTR");
        assertThat(Errno.name(Errno.EAGAIN)).isEqualTo("EAGAIN");
        assertThat(Errno.name(4095)).isEqualTo("errno 4095");
    }

    @Test
    void rxTimestamp_afterAnotherMessage_isFound() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment control = arena.allocate(128, 8);
            putHeader(control, 0, 20, 0, 1); // IP_TOS-like: 4 data bytes, next header at 24
            putHeader(control, 24, 32, Native.SOL_SOCKET, Native.SCM_TIMESTAMPNS);
            control.set(JAVA_LONG, 24 + 16, 1_700_000_000L);
            control.set(JAVA_LONG, 24 + 24, 123_456_789L);

            assertThat(Structs.rxTimestampNanos(control, 56)).isEqualTo(1_700_000_000_123_456_789L);
            assertThat(Structs.rxTimestampNanos(control, 40)).as("cut short").isZero();
        }
    }

    @Test
    void rxTimestamp_noneOrBrokenLength_isZero() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment control = arena.allocate(128, 8);

            assertThat(Structs.rxTimestampNanos(control, 0)).isZero();
            putHeader(control, 0, 8, Native.SOL_SOCKET, Native.SCM_TIMESTAMPNS); // shorter than its own header
            assertThat(Structs.rxTimestampNanos(control, 128)).isZero();
            putHeader(control, 0, 1_000, Native.SOL_SOCKET, Native.SCM_TIMESTAMPNS); // longer than the buffer
            assertThat(Structs.rxTimestampNanos(control, 128)).isZero();
            putHeader(control, 0, 16, Native.SOL_SOCKET, Native.SCM_TIMESTAMPNS); // no room for the timespec
            assertThat(Structs.rxTimestampNanos(control, 16)).isZero();
        }
    }

    private static void putHeader(MemorySegment control, long at, long length, int level, int type) {
        control.set(JAVA_LONG, at + Structs.CMSG_LEN, length);
        control.set(JAVA_INT, at + Structs.CMSG_LEVEL, level);
        control.set(JAVA_INT, at + Structs.CMSG_TYPE, type);
    }
}
