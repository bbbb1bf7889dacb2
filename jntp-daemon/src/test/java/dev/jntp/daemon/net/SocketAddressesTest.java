// Tests the conversion between InetSocketAddress and sockaddr_in / sockaddr_in6 in foreign memory, without sockets.
package dev.jntp.daemon.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.UnresolvedAddressException;
import java.util.HexFormat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SocketAddressesTest {

    private final Arena arena = Arena.ofConfined();
    private final MemorySegment storage = arena.allocate(Structs.SOCKADDR_STORAGE);

    @AfterEach
    void free() {
        arena.close();
    }

    private String hex(int length) {
        return HexFormat.of().formatHex(storage.asSlice(0, length).toArray(JAVA_BYTE));
    }

    @Test
    void encode_ipv4OnIpv4Socket_isSockaddrInInNetworkOrder() throws Exception {
        int length = SocketAddresses.encode(new InetSocketAddress(InetAddress.getByName("192.0.2.1"), 123), false, storage);

        assertThat(length).isEqualTo(16);
        assertThat(hex(length)).isEqualTo("0200007bc0000201" + "0000000000000000");
        assertThat(SocketAddresses.decode(storage, length))
                .isEqualTo(new InetSocketAddress(InetAddress.getByName("192.0.2.1"), 123));
    }

    @Test
    void encode_ipv4OnIpv6Socket_isMappedAndDecodesBackToIpv4() throws Exception {
        int length = SocketAddresses.encode(new InetSocketAddress(InetAddress.getByName("192.0.2.1"), 65535), true, storage);

        assertThat(length).isEqualTo(28);
        assertThat(hex(length)).isEqualTo("0a00ffff00000000" + "00000000000000000000ffffc0000201" + "00000000");
        InetSocketAddress back = SocketAddresses.decode(storage, length);
        assertThat(back.getAddress()).isInstanceOf(Inet4Address.class);
        assertThat(back).isEqualTo(new InetSocketAddress(InetAddress.getByName("192.0.2.1"), 65535));
    }

    @Test
    void encode_ipv6WithScope_keepsScopeId() throws Exception {
        byte[] linkLocal = InetAddress.getByName("fe80::1").getAddress();
        var address = new InetSocketAddress(Inet6Address.getByAddress(null, linkLocal, 3), 4460);

        int length = SocketAddresses.encode(address, true, storage);

        assertThat(storage.get(JAVA_INT, Structs.SIN6_SCOPE_ID)).isEqualTo(3);
        InetSocketAddress back = SocketAddresses.decode(storage, length);
        assertThat(((Inet6Address) back.getAddress()).getScopeId()).isEqualTo(3);
        assertThat(back.getPort()).isEqualTo(4460);
    }

    @Test
    void decode_unknownFamilyOrShortLength_isNull() throws Exception {
        int length = SocketAddresses.encode(new InetSocketAddress(InetAddress.getByName("::1"), 1), true, storage);

        assertThat(SocketAddresses.decode(storage, length - 1)).isNull();
        assertThat(SocketAddresses.decode(storage, 0)).isNull();
        storage.set(JAVA_SHORT, 0, (short) 1); // AF_UNIX
        assertThat(SocketAddresses.decode(storage, length)).isNull();
    }

    @Test
    void encode_unresolved_throwsUnresolvedAddress() {
        assertThatThrownBy(() -> SocketAddresses.encode(InetSocketAddress.createUnresolved("ntp.example", 123), false,
                storage)).isInstanceOf(UnresolvedAddressException.class);
    }
}
