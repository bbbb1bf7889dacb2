// Converts between InetSocketAddress and the kernel's sockaddr_in / sockaddr_in6 in foreign memory.
package dev.jntp.daemon.net;

import static dev.jntp.daemon.net.Structs.NET_INT;
import static dev.jntp.daemon.net.Structs.NET_SHORT;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.MemorySegment;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.channels.UnresolvedAddressException;

/**
 * Socket addresses as the kernel reads and writes them. An IPv6 socket sends to an IPv4 address through its
 * IPv4-mapped form (::ffff:a.b.c.d) and reports such senders back as plain IPv4 addresses, as java.nio does.
 */
final class SocketAddresses {

    private SocketAddresses() {}

    /**
     * Writes {@code address} into {@code dst} (room for a sockaddr_storage) in the form a socket of the given family
     * takes, and returns its length. An IPv6 address for an IPv4 socket is written as sockaddr_in6, which the kernel
     * refuses with EAFNOSUPPORT.
     *
     * @throws UnresolvedAddressException if the address has no IP address
     */
    static int encode(InetSocketAddress address, boolean v6Socket, MemorySegment dst) {
        InetAddress ip = address.getAddress();
        if (ip == null) {
            throw new UnresolvedAddressException();
        }
        byte[] bytes = ip.getAddress();
        short port = (short) address.getPort();
        if (!v6Socket && ip instanceof Inet4Address) {
            dst.set(JAVA_SHORT, Structs.SIN_FAMILY, (short) Native.AF_INET);
            dst.set(NET_SHORT, Structs.SIN_PORT, port);
            MemorySegment.copy(bytes, 0, dst, JAVA_BYTE, Structs.SIN_ADDR, 4);
            dst.set(JAVA_LONG, Structs.SIN_ZERO, 0L);
            return (int) Structs.SOCKADDR_IN.byteSize();
        }
        byte[] v6 = bytes.length == 16 ? bytes : mapped(bytes);
        dst.set(JAVA_SHORT, Structs.SS_FAMILY, (short) Native.AF_INET6);
        dst.set(NET_SHORT, Structs.SIN6_PORT, port);
        dst.set(NET_INT, Structs.SIN6_FLOWINFO, 0);
        MemorySegment.copy(v6, 0, dst, JAVA_BYTE, Structs.SIN6_ADDR, 16);
        dst.set(JAVA_INT, Structs.SIN6_SCOPE_ID, ip instanceof Inet6Address i6 ? i6.getScopeId() : 0);
        return (int) Structs.SOCKADDR_IN6.byteSize();
    }

    /** The address the kernel wrote into {@code src} with length {@code length}, or null for another family. */
    static InetSocketAddress decode(MemorySegment src, int length) {
        int family = length >= 2 ? src.get(JAVA_SHORT, Structs.SS_FAMILY) : -1;
        try {
            if (family == Native.AF_INET && length >= Structs.SOCKADDR_IN.byteSize()) {
                byte[] ip = new byte[4];
                MemorySegment.copy(src, JAVA_BYTE, Structs.SIN_ADDR, ip, 0, 4);
                return new InetSocketAddress(InetAddress.getByAddress(ip), port(src, Structs.SIN_PORT));
            }
            if (family == Native.AF_INET6 && length >= Structs.SOCKADDR_IN6.byteSize()) {
                byte[] ip = new byte[16];
                MemorySegment.copy(src, JAVA_BYTE, Structs.SIN6_ADDR, ip, 0, 16);
                int scope = src.get(JAVA_INT, Structs.SIN6_SCOPE_ID);
                InetAddress address = scope == 0 ? InetAddress.getByAddress(ip) : Inet6Address.getByAddress(null, ip, scope);
                return new InetSocketAddress(address, port(src, Structs.SIN6_PORT));
            }
        } catch (UnknownHostException e) {
            throw new IllegalStateException("an address of the right length was refused", e);
        }
        return null;
    }

    private static int port(MemorySegment src, long offset) {
        return Short.toUnsignedInt(src.get(NET_SHORT, offset));
    }

    private static byte[] mapped(byte[] v4) {
        byte[] v6 = new byte[16];
        v6[10] = (byte) 0xFF;
        v6[11] = (byte) 0xFF;
        System.arraycopy(v4, 0, v6, 12, 4);
        return v6;
    }
}
