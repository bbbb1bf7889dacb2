// Names of the Linux errno values a UDP socket can report, so errors read EADDRINUSE rather than 98.
package dev.jntp.daemon.net;

/** The generic Linux errno numbers (x86_64 and aarch64 share them), as checked against the C headers in a test. */
final class Errno {

    static final int EINTR = 4;
    static final int EAGAIN = 11;

    private Errno() {}

    /** The symbolic name of {@code errno}, or {@code errno N} for one this table does not know. */
    static String name(int errno) {
        return switch (errno) {
            case 1 -> "EPERM";
            case 2 -> "ENOENT";
            case 4 -> "EINTR";
            case 5 -> "EIO";
            case 9 -> "EBADF";
            case 11 -> "EAGAIN";
            case 12 -> "ENOMEM";
            case 13 -> "EACCES";
            case 14 -> "EFAULT";
            case 22 -> "EINVAL";
            case 23 -> "ENFILE";
            case 24 -> "EMFILE";
            case 32 -> "EPIPE";
            case 88 -> "ENOTSOCK";
            case 89 -> "EDESTADDRREQ";
            case 90 -> "EMSGSIZE";
            case 91 -> "EPROTOTYPE";
            case 92 -> "ENOPROTOOPT";
            case 93 -> "EPROTONOSUPPORT";
            case 95 -> "EOPNOTSUPP";
            case 97 -> "EAFNOSUPPORT";
            case 98 -> "EADDRINUSE";
            case 99 -> "EADDRNOTAVAIL";
            case 100 -> "ENETDOWN";
            case 101 -> "ENETUNREACH";
            case 104 -> "ECONNRESET";
            case 105 -> "ENOBUFS";
            case 106 -> "EISCONN";
            case 107 -> "ENOTCONN";
            case 110 -> "ETIMEDOUT";
            case 111 -> "ECONNREFUSED";
            case 112 -> "EHOSTDOWN";
            case 113 -> "EHOSTUNREACH";
            default -> "errno " + errno;
        };
    }
}
