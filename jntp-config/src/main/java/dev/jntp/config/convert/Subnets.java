// Turns ntpd's ADDRESS [mask MASK] (and NTPsec's ADDRESS/BITS) into the ADDRESS/BITS that jntp's allow takes.
package dev.jntp.config.convert;

import dev.jntp.proto.AddressFormat;
import java.net.InetAddress;

/** Numeric addresses only: a host name in a restrict line has no subnet jntp can take. */
final class Subnets {

    private Subnets() {}

    /** A numeric IPv4 (four parts) or IPv6 address. */
    static boolean isLiteral(String text) {
        return literal(text) != null;
    }

    /** {@code NETWORK/BITS}, or null when the address is not numeric or the mask not contiguous. */
    static String of(String address, String mask) {
        String addr = address;
        Integer bits = null;
        int slash = address.indexOf('/');
        if (slash >= 0) {
            if (mask != null || !address.substring(slash + 1).matches("[0-9]{1,3}")) {
                return null;
            }
            addr = address.substring(0, slash);
            bits = Integer.parseInt(address.substring(slash + 1));
        }
        InetAddress ip = literal(addr);
        if (ip == null) {
            return null;
        }
        byte[] b = ip.getAddress();
        if (mask != null) {
            InetAddress m = literal(mask);
            if (m == null || m.getAddress().length != b.length) {
                return null;
            }
            bits = prefix(m.getAddress());
            if (bits < 0) {
                return null;
            }
        }
        int n = bits == null ? b.length * 8 : bits;
        if (n > b.length * 8) {
            return null;
        }
        for (int i = 0; i < b.length; i++) {
            int keep = Math.max(0, Math.min(8, n - i * 8));
            b[i] &= (byte) (0xff << (8 - keep));
        }
        return AddressFormat.text(b) + "/" + n;
    }

    /** The prefix length of a contiguous mask, or -1. */
    static int prefix(byte[] mask) {
        int n = 0;
        boolean ended = false;
        for (byte x : mask) {
            for (int bit = 7; bit >= 0; bit--) {
                boolean one = (x >> bit & 1) == 1;
                if (one && ended) {
                    return -1;
                }
                if (one) {
                    n++;
                } else {
                    ended = true;
                }
            }
        }
        return n;
    }

    private static InetAddress literal(String text) {
        if (!text.contains(":") && !text.matches("[0-9]{1,3}(\\.[0-9]{1,3}){3}")) {
            return null;
        }
        try {
            return InetAddress.ofLiteral(text);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
