// Tests address text: dotted quad, RFC 5952 IPv6 (longest zero run, first of equals, no lone "::"), bad lengths.
package dev.jntp.proto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AddressFormatTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(textBlock = """
            192.0.2.1,            192.0.2.1
            0.0.0.0,              0.0.0.0
            ::,                   ::
            ::1,                  ::1
            2001:db8:0:0:1:0:0:1, 2001:db8::1:0:0:1
            2001:db8:0:1:1:1:1:1, 2001:db8:0:1:1:1:1:1
            fd00:ec2:0:0:0:0:0:123, fd00:ec2::123
            FE80:0:0:0:0:0:0:1,   fe80::1
            """)
    void text_address_isItsShortestUsualForm(String in, String out) {
        assertThat(AddressFormat.text(InetAddress.ofLiteral(in).getAddress())).isEqualTo(out);
    }

    @org.junit.jupiter.api.Test
    void text_wrongLength_isRefused() {
        assertThatThrownBy(() -> AddressFormat.text(new byte[5])).isInstanceOf(IllegalArgumentException.class);
    }
}
