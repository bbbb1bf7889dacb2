// Tests subnets: masking, membership, IPv4-mapped IPv6 addresses and prefix validation.
package dev.jntp.proto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SubnetTest {

    private static final byte[] MAPPED_10_1_2_3 = TestPackets.hex("00000000000000000000FFFF0A010203");

    private static InetAddress ip(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(literal, e);
        }
    }

    private static Subnet subnet(String cidr) {
        String[] parts = cidr.split("/");
        return Subnet.of(ip(parts[0]), Integer.parseInt(parts[1]));
    }

    @ParameterizedTest
    @CsvSource({
        "10.0.0.0/8, 10.255.1.2, true",
        "10.0.0.0/8, 11.0.0.0, false",
        "192.168.16.0/20, 192.168.31.255, true",
        "192.168.16.0/20, 192.168.32.0, false",
        "192.168.1.7/32, 192.168.1.7, true",
        "192.168.1.7/32, 192.168.1.8, false",
        "0.0.0.0/0, 203.0.113.9, true",
        "0.0.0.0/0, ::1, false",
        "2001:db8::/32, 2001:db8:ffff::1, true",
        "2001:db8::/32, 2001:db9::1, false",
        "fe80::/10, febf::1, true",
        "fe80::/10, fec0::1, false",
        "::/0, ::1, true",
        "::/0, 127.0.0.1, false",
        "10.0.0.0/8, ::ffff:10.1.2.3, true"})
    void contains_address_matchesOnlyThePrefixBits(String cidr, String address, boolean expected) {
        assertThat(subnet(cidr).contains(ip(address).getAddress())).isEqualTo(expected);
    }

    @Test
    void contains_mappedIpv6Octets_matchesIpv4Subnet() {
        assertThat(subnet("10.0.0.0/8").contains(MAPPED_10_1_2_3)).isTrue();
        assertThat(Subnet.allIpv6().contains(MAPPED_10_1_2_3)).isFalse();
    }

    @Test
    void of_mappedIpv6Address_becomesIpv4SubnetWith96FewerBits() throws UnknownHostException {
        Inet6Address mapped = Inet6Address.getByAddress(null, MAPPED_10_1_2_3, -1);

        assertThat(Subnet.of(mapped, 104)).isEqualTo(subnet("10.0.0.0/8"));
        assertThat(Subnet.host(mapped)).isEqualTo(subnet("10.1.2.3/32"));
    }

    @ParameterizedTest
    @CsvSource({"10.1.2.3/8, 10.0.0.0/8", "192.168.31.200/20, 192.168.16.0/20", "10.255.255.255/13, 10.248.0.0/13",
        "2001:db8:1234:5678::1/48, 2001:db8:1234:0:0:0:0:0/48", "1.2.3.4/0, 0.0.0.0/0"})
    void new_hostBitsSet_areClearedAndEqualToCleanNetwork(String given, String expected) {
        Subnet s = subnet(given);

        assertThat(s).isEqualTo(subnet(expected)).hasSameHashCodeAs(subnet(expected));
        assertThat(s).hasToString(expected);
    }

    @ParameterizedTest
    @CsvSource({"4, -1", "4, 33", "16, -1", "16, 129"})
    void new_prefixOutOfRange_throws(int octets, int prefix) {
        assertThatIllegalArgumentException().isThrownBy(() -> new Subnet(new byte[octets], prefix));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 3, 5, 15, 17})
    void new_addressNeitherIpv4NorIpv6_throws(int octets) {
        assertThatIllegalArgumentException().isThrownBy(() -> new Subnet(new byte[octets], 0));
    }

    @Test
    void network_isDefensiveCopyInAndOut() {
        TestPackets.assertCopiesArrayInAndOut(network -> new Subnet(network, 32), Subnet::network, 4);
    }

    @Test
    void equals_sameNetworkAndPrefix_isEqual() {
        TestPackets.assertEqualByContent(subnet("10.0.0.0/8"), new Subnet(new byte[] {10, 0, 0, 0}, 8),
                subnet("10.0.0.0/9"), subnet("11.0.0.0/8"), subnet("::/8"));
    }

    @Test
    void host_address_isFullLengthPrefix() {
        assertThat(Subnet.host(ip("::1"))).isEqualTo(subnet("::1/128"));
        assertThat(Subnet.host(ip("::1")).isIpv6()).isTrue();
        assertThat(Subnet.host(ip("127.0.0.1")).isIpv6()).isFalse();
    }

    @ParameterizedTest
    @CsvSource({"::1", "::10.1.2.3", "::fffe:a01:203", "2001:db8::ffff:a01:203"})
    void canonical_notIpv4Mapped_isUnchanged(String literal) {
        byte[] address = ip(literal).getAddress();

        assertThat(Subnet.canonical(address)).isEqualTo(address);
    }

    @Test
    void canonical_ipv4Mapped_isTheIpv4Octets() {
        assertThat(Subnet.canonical(MAPPED_10_1_2_3)).containsExactly(10, 1, 2, 3);
    }

    @Test
    void mask_partialOctet_keepsOnlyLeadingBits() {
        assertThat(Subnet.mask(new byte[] {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF}, 13))
                .containsExactly(0xFF, 0xF8, 0, 0);
    }
}
