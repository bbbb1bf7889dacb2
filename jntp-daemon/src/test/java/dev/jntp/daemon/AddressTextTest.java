// Tests address formatting: RFC 5952 text for IPv6, dotted quads, and host:port with brackets.
package dev.jntp.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AddressTextTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "::, ::",
        "0:0:0:0:0:0:0:0, ::",
        "::1, ::1",
        "1::, 1::",
        "2001:db8::1, 2001:db8::1",
        "2001:0DB8:0000:0000:0000:0000:0000:0001, 2001:db8::1",
        "2001:db8:0:0:1:0:0:1, 2001:db8::1:0:0:1",
        "2001:0:0:1:0:0:0:1, 2001:0:0:1::1",
        "2001:db8:0:1:1:1:1:1, 2001:db8:0:1:1:1:1:1",
        "1:0:2:0:3:0:4:0, 1:0:2:0:3:0:4:0",
        "0:1:0:0:0:2:0:0, 0:1::2:0:0",
        "fe80:0:0:0:abcd:ef01:2345:6789, fe80::abcd:ef01:2345:6789",
        "2001:db8:aaaa:bbbb:cccc:dddd:eeee:1, 2001:db8:aaaa:bbbb:cccc:dddd:eeee:1",
        "::c000:201, ::c000:201",
        "127.0.0.1, 127.0.0.1",
        "192.0.2.255, 192.0.2.255",
    })
    void of_address_shortestUsualForm(String literal, String expected) {
        assertThat(AddressText.of(InetAddress.ofLiteral(literal))).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"::ffff:127.0.0.1, 127.0.0.1", "::ffff:c000:280, 192.0.2.128"})
    void of_ipv4MappedAddress_dottedQuad(String literal, String expected) {
        assertThat(AddressText.of(InetAddress.ofLiteral(literal))).isEqualTo(expected);
    }

    @Test
    void of_ipv4MappedOctets_dottedQuad() throws Exception {
        byte[] mapped = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xFF, (byte) 0xFF, 10, 0, 0, 1};

        assertThat(AddressText.of(InetAddress.getByAddress(mapped))).isEqualTo("10.0.0.1");
    }

    @ParameterizedTest(name = "{0} port {1} -> {2}")
    @CsvSource({"127.0.0.1, 123, 127.0.0.1:123", "::1, 11123, [::1]:11123", "2001:db8:0:0:1:0:0:1, 1, [2001:db8::1:0:0:1]:1",
        ":: , 65535, [::]:65535"})
    void of_socketAddress_hostColonPortWithBracketsForIpv6(String literal, int port, String expected) {
        assertThat(AddressText.of(new InetSocketAddress(InetAddress.ofLiteral(literal), port))).isEqualTo(expected);
    }
}
