// An IPv4 or IPv6 subnet (address and prefix length), as named by allow/deny rules.
package dev.jntp.proto;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/**
 * A subnet of one address family. IPv4-mapped IPv6 addresses ({@code ::ffff:a.b.c.d}) are
 * treated as the IPv4 address they carry, so that one rule covers both ways a client may appear.
 *
 * @param network the network address (host bits cleared), 4 or 16 octets; copied in and out
 * @param prefixLength number of leading bits that must match
 */
public record Subnet(byte[] network, int prefixLength) {

    public Subnet {
        if (network.length != 4 && network.length != 16) {
            throw new IllegalArgumentException("an address has 4 or 16 octets, got " + network.length);
        }
        if (prefixLength < 0 || prefixLength > network.length * 8) {
            throw new IllegalArgumentException("prefix length " + prefixLength + " out of range for "
                    + (network.length == 4 ? "IPv4" : "IPv6"));
        }
        network = mask(network, prefixLength);
    }

    /** The subnet of every IPv4 address. */
    public static Subnet allIpv4() {
        return new Subnet(new byte[4], 0);
    }

    /** The subnet of every IPv6 address. */
    public static Subnet allIpv6() {
        return new Subnet(new byte[16], 0);
    }

    /** The subnet holding one address. */
    public static Subnet host(InetAddress address) {
        byte[] a = canonical(address.getAddress());
        return new Subnet(a, a.length * 8);
    }

    /**
     * The subnet of {@code address} with {@code prefixLength} bits. An IPv4-mapped IPv6 address
     * with a prefix of 96 bits or more is the IPv4 subnet it maps; with a shorter prefix the
     * subnet reaches beyond the mapped range and stays an IPv6 subnet.
     */
    public static Subnet of(InetAddress address, int prefixLength) {
        byte[] raw = address.getAddress();
        byte[] a = canonical(raw);
        if (a.length != raw.length && prefixLength >= 96) {
            return new Subnet(a, prefixLength - 96);
        }
        return new Subnet(raw, prefixLength);
    }

    /** Whether the subnet holds the address (given as 4 or 16 octets, mapped IPv4 allowed). */
    public boolean contains(byte[] address) {
        byte[] a = canonical(address);
        if (a.length != network.length) {
            return false;
        }
        return Arrays.equals(mask(a, prefixLength), network);
    }

    /** Whether this is an IPv6 subnet. */
    public boolean isIpv6() {
        return network.length == 16;
    }

    /** A copy of the network address. */
    @Override
    public byte[] network() {
        return network.clone();
    }

    /** IPv4-mapped IPv6 addresses as their 4 IPv4 octets; any other address unchanged. */
    public static byte[] canonical(byte[] address) {
        if (address.length == 16) {
            for (int i = 0; i < 10; i++) {
                if (address[i] != 0) {
                    return address;
                }
            }
            if (address[10] == (byte) 0xFF && address[11] == (byte) 0xFF) {
                return Arrays.copyOfRange(address, 12, 16);
            }
        }
        return address;
    }

    /** The address with all bits after the first {@code bits} cleared. */
    public static byte[] mask(byte[] address, int bits) {
        byte[] out = address.clone();
        for (int i = 0; i < out.length; i++) {
            int keep = Math.min(8, Math.max(0, bits - i * 8));
            out[i] &= (byte) (0xFF00 >>> keep);
        }
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Subnet s && s.prefixLength == prefixLength && Arrays.equals(s.network, network);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(network) * 31 + prefixLength;
    }

    @Override
    public String toString() {
        try {
            return InetAddress.getByAddress(network).getHostAddress() + "/" + prefixLength;
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
