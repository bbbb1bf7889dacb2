// Tests the access filter against chrony's allow/deny semantics, for IPv4, IPv6 and IPv4-mapped IPv6.
package dev.jntp.engine.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jntp.proto.Subnet;
import java.net.InetAddress;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class AccessFilterTest {

    private static final String MAPPED = "::ffff:";

    /**
     * A rule written as in chrony.conf: {@code allow|deny [all] [ADDRESS[/BITS]]}; an address
     * without bits is one host, no address means every address of both families.
     */
    private static AccessFilter.Rule rule(String line) {
        String[] w = line.split(" ");
        boolean all = w.length > 1 && w[1].equals("all");
        int at = all ? 2 : 1;
        Subnet subnet = null;
        if (w.length > at) {
            String[] parts = w[at].split("/");
            InetAddress a = InetAddress.ofLiteral(parts[0]);
            subnet = parts.length == 1 ? Subnet.host(a) : Subnet.of(a, Integer.parseInt(parts[1]));
        }
        return new AccessFilter.Rule(w[0].equals("allow"), all, subnet);
    }

    private static AccessFilter filter(String... lines) {
        return AccessFilter.of(Arrays.stream(lines).map(AccessFilterTest::rule).toList());
    }

    /**
     * The octets of an address; {@code ::ffff:a.b.c.d} stays 16 octets, as a dual-stack socket
     * reports an IPv4 client (InetAddress would turn it into an Inet4Address).
     */
    private static byte[] ip(String literal) {
        if (literal.startsWith(MAPPED)) {
            byte[] a = new byte[16];
            a[10] = (byte) 0xFF;
            a[11] = (byte) 0xFF;
            System.arraycopy(ip(literal.substring(MAPPED.length())), 0, a, 12, 4);
            return a;
        }
        return InetAddress.ofLiteral(literal).getAddress();
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("no rules", List.of(), List.of(), List.of("127.0.0.1", "::1", "192.0.2.1")),
                Arguments.of("allow", List.of("allow"), List.of("127.0.0.1", "::1", "0.0.0.0", "ffff::1"), List.of()),
                Arguments.of("allow all", List.of("allow all"), List.of("192.0.2.1", "2001:db8::1"), List.of()),
                Arguments.of("allow subnet, deny host inside",
                        List.of("allow 192.168.0.0/16", "deny 192.168.1.5"),
                        List.of("192.168.1.4", "192.168.1.6", "192.168.255.255"),
                        List.of("192.168.1.5", "192.169.0.0", "10.0.0.1", "::1")),
                Arguments.of("deny host, then allow its subnet: the more specific still decides",
                        List.of("deny 192.168.1.5", "allow 192.168.0.0/16"),
                        List.of("192.168.1.6"), List.of("192.168.1.5")),
                Arguments.of("allow then deny the same subnet", List.of("allow 10.0.0.0/8", "deny 10.0.0.0/8"),
                        List.of(), List.of("10.1.2.3")),
                Arguments.of("deny then allow the same subnet", List.of("deny 10.0.0.0/8", "allow 10.0.0.0/8"),
                        List.of("10.1.2.3"), List.of("11.0.0.1")),
                Arguments.of("same subnet written with host bits set", List.of("allow 10.0.0.0/8", "deny 10.9.9.9/8"),
                        List.of(), List.of("10.1.2.3")),
                Arguments.of("allow all over an inner deny clears it",
                        List.of("deny 10.1.0.0/16", "deny 10.1.2.3", "allow all 10.0.0.0/8"),
                        List.of("10.1.2.3", "10.1.9.9", "10.200.0.1"), List.of("11.0.0.1")),
                Arguments.of("allow without all keeps an inner deny",
                        List.of("deny 10.1.0.0/16", "allow 10.0.0.0/8"),
                        List.of("10.200.0.1"), List.of("10.1.2.3")),
                Arguments.of("allow all leaves rules outside its subnet",
                        List.of("deny 10.1.0.0/16", "allow 192.0.2.1", "allow all 10.2.0.0/16"),
                        List.of("192.0.2.1", "10.2.0.1"), List.of("10.1.0.1")),
                Arguments.of("deny keeps a more specific allow", List.of("allow 127.0.0.1", "allow ::1", "deny"),
                        List.of("127.0.0.1", "::1"), List.of("127.0.0.2", "::2")),
                Arguments.of("deny all clears every earlier rule", List.of("allow 127.0.0.1", "allow ::1", "deny all"),
                        List.of(), List.of("127.0.0.1", "::1")),
                Arguments.of("deny all, then allow", List.of("deny all", "allow 127.0.0.0/8"),
                        List.of("127.1.2.3"), List.of("128.0.0.1")),
                Arguments.of("prefix not on an octet boundary", List.of("allow 192.168.0.0/23"),
                        List.of("192.168.0.0", "192.168.1.255"), List.of("192.168.2.0", "192.167.255.255")),
                Arguments.of("IPv6 prefixes", List.of("allow 2001:db8::/32", "deny 2001:db8:1::/48", "allow fe80::/10"),
                        List.of("2001:db8::1", "2001:db8:2::1", "2001:db8:ffff::", "fe80::1", "febf::1"),
                        List.of("2001:db8:1::5", "2001:db9::1", "fec0::1", "::1", "32.1.13.184")),
                Arguments.of("IPv6 host in an allowed /64", List.of("allow 2001:db8:0:1::/64", "deny 2001:db8:0:1::7"),
                        List.of("2001:db8:0:1::6", "2001:db8:0:1:ffff:ffff:ffff:ffff"),
                        List.of("2001:db8:0:1::7", "2001:db8:0:2::1")),
                Arguments.of("an IPv4 rule says nothing of IPv6", List.of("allow 0.0.0.0/0"),
                        List.of("203.0.113.9"), List.of("::1", "::")),
                Arguments.of("an IPv6 rule says nothing of IPv4", List.of("allow ::/0"),
                        List.of("2001:db8::1", "::"), List.of("127.0.0.1", "0.0.0.0")),
                Arguments.of("IPv4-mapped IPv6 follows IPv4 rules", List.of("allow 127.0.0.1", "deny 10.0.0.0/8"),
                        List.of("::ffff:127.0.0.1"), List.of("::ffff:127.0.0.2", "::ffff:10.1.1.1")),
                Arguments.of("IPv4-mapped IPv6 is no IPv6 address", List.of("allow ::/0"),
                        List.of("::1"), List.of("::ffff:127.0.0.1", "::ffff:0.0.0.0")),
                Arguments.of("IPv4-mapped IPv6 under allow, deny an IPv4 host", List.of("allow", "deny 192.0.2.7"),
                        List.of("::ffff:192.0.2.8"), List.of("::ffff:192.0.2.7")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void allows_rulesInFileOrder_chronySemantics(String name, List<String> rules, List<String> allowed,
            List<String> denied) {
        AccessFilter f = filter(rules.toArray(String[]::new));

        for (String a : allowed) {
            assertThat(f.allows(ip(a))).as("%s allowed by %s", a, rules).isTrue();
        }
        for (String a : denied) {
            assertThat(f.allows(ip(a))).as("%s denied by %s", a, rules).isFalse();
        }
    }

    @Test
    void denyAll_anyAddress_denied() {
        AccessFilter f = AccessFilter.denyAll();

        assertThat(f.allows(ip("127.0.0.1"))).isFalse();
        assertThat(f.allows(ip("::1"))).isFalse();
    }

    @Test
    void address_neitherFourNorSixteenOctets_denied() {
        AccessFilter f = filter("allow");

        assertThat(f.allows(new byte[0])).isFalse();
        assertThat(f.allows(new byte[5])).isFalse();
        assertThat(f.allows(new byte[15])).isFalse();
    }
}
