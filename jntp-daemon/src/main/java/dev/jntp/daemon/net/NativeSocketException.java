// A failed socket call, carrying the kernel's errno and its symbolic name (EADDRINUSE, EACCES, ECONNREFUSED…).
package dev.jntp.daemon.net;

import java.net.SocketException;

/**
 * What a socket call of {@link TimestampedUdpSocket} reports when the kernel refuses it. The message reads
 * {@code "bind 127.0.0.1:123: EACCES"}; callers that act on a particular error (ECONNREFUSED on a connected socket
 * after an ICMP port unreachable, EAGAIN, EADDRINUSE) compare {@link #errnoName()}.
 */
public final class NativeSocketException extends SocketException {

    private static final long serialVersionUID = 1L;

    private final int errno;

    NativeSocketException(String operation, int errno) {
        super(operation + ": " + Errno.name(errno));
        this.errno = errno;
    }

    /** The errno number (Linux generic values). */
    public int errno() {
        return errno;
    }

    /** The errno's symbolic name, e.g. {@code EADDRINUSE}. */
    public String errnoName() {
        return Errno.name(errno);
    }
}
