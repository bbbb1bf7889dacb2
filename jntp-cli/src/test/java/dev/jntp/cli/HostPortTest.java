// Tests how command-line targets split into host and port: names, IPv4, bracketed and bare IPv6, --port.
package dev.jntp.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

class HostPortTest {

    @ParameterizedTest(name = "{0} --port {1} -> {2} port {3}")
    @CsvSource({
        "ntp.example, , ntp.example, 123",
        "ntp.example:1123, , ntp.example, 1123",
        "127.0.0.1, , 127.0.0.1, 123",
        "127.0.0.1:1, , 127.0.0.1, 1",
        "127.0.0.1:65535, , 127.0.0.1, 65535",
        "[::1]:11123, , ::1, 11123",
        "[::1], , ::1, 123",
        "[2001:db8::1]:123, , 2001:db8::1, 123",
        "[fe80::1%lo]:5, , fe80::1%lo, 5",
        "::1, , ::1, 123",
        "2001:db8::1, , 2001:db8::1, 123",
        "2001:db8:0:0:1:0:0:1, , 2001:db8:0:0:1:0:0:1, 123",
        "ntp.example, 4123, ntp.example, 4123",
        "ntp.example:1123, 4123, ntp.example, 4123",
        "[::1]:1123, 4123, ::1, 4123",
        "::1, 4123, ::1, 4123",
    })
    void parse_validTarget_hostAndPort(String text, Integer portOption, String host, int port) {
        assertThat(HostPort.parse(text, portOption)).isEqualTo(new HostPort(host, port));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "ntp.example:0 | bad port '0'",
        "ntp.example:65536 | bad port '65536'",
        "ntp.example:-1 | bad port '-1'",
        "ntp.example:abc | bad port 'abc'",
        "ntp.example: | bad port ''",
        "[::1]:99999 | bad port '99999'",
        "[::1]: | bad port ''",
        "[::1 | missing ']'",
        "[::1:123 | missing ']'",
        "[::1]123 | unexpected text after ']'",
        ":123 | no host",
        "[]:123 | no host",
    })
    void parse_badTarget_typeConversionErrorSaysWhy(String text, String message) {
        assertThatThrownBy(() -> HostPort.parse(text, null))
                .isInstanceOf(CommandLine.TypeConversionException.class)
                .hasMessageContaining(message)
                .hasMessageContaining(text);
    }
}
