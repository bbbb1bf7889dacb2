// Prints addresses the way operators write them: 127.0.0.1, ::1 (RFC 5952), [::1]:123.
package dev.jntp.daemon;

import dev.jntp.proto.AddressFormat;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/** Address formatting for logs and command output. */
public final class AddressText {

    private AddressText() {}

    /** An address in its shortest usual form: dotted quad, or RFC 5952 IPv6 text. */
    public static String of(InetAddress a) {
        return a instanceof Inet6Address ? AddressFormat.text(a.getAddress()) : a.getHostAddress();
    }

    /** {@code host:port}, with brackets around IPv6 addresses. */
    public static String of(InetSocketAddress a) {
        String h = of(a.getAddress());
        return (h.contains(":") ? "[" + h + "]" : h) + ":" + a.getPort();
    }
}
