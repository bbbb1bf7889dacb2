// Unix datagram sockets through FFM: path and abstract addresses, timeouts, and the address checks of sd_notify.
package dev.jntp.daemon.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(10)
class UnixDatagramSocketTest {

    @TempDir
    Path tmp;

    @BeforeEach
    void linux() {
        assumeTrue(UnixDatagramSocket.unsupportedReason() == null, UnixDatagramSocket.unsupportedReason());
    }

    @Test
    void sendReceive_pathAddress_datagramArrivesWhole() throws IOException {
        String path = tmp.resolve("notify").toString();
        try (UnixDatagramSocket rx = UnixDatagramSocket.bind(path); UnixDatagramSocket tx = UnixDatagramSocket.open()) {
            tx.send(path, "READY=1\nSTATUS=hello".getBytes(StandardCharsets.UTF_8));
            tx.send(path, new byte[0]);

            assertThat(new String(rx.receive(2_000), StandardCharsets.UTF_8)).isEqualTo("READY=1\nSTATUS=hello");
            assertThat(rx.receive(2_000)).isEmpty();
        }
    }

    @Test
    void sendReceive_abstractAddress_noFileCreated() throws IOException {
        String name = "@jntp-test-" + Long.toHexString(new Random().nextLong());
        try (UnixDatagramSocket rx = UnixDatagramSocket.bind(name); UnixDatagramSocket tx = UnixDatagramSocket.open()) {
            tx.send(name, "WATCHDOG=1".getBytes(StandardCharsets.UTF_8));

            assertThat(new String(rx.receive(2_000), StandardCharsets.UTF_8)).isEqualTo("WATCHDOG=1");
        }
    }

    @Test
    void receive_nothingSent_nullAfterTheTimeout() throws IOException {
        try (UnixDatagramSocket rx = UnixDatagramSocket.bind(tmp.resolve("quiet").toString())) {
            long start = System.nanoTime();

            assertThat(rx.receive(200)).isNull();
            assertThat((System.nanoTime() - start) / 1e6).isBetween(150.0, 3_000.0);
        }
    }

    @Test
    void send_nobodyListening_errorNamesAddressAndErrno() throws IOException {
        String path = tmp.resolve("absent").toString();
        try (UnixDatagramSocket tx = UnixDatagramSocket.open()) {
            assertThatThrownBy(() -> tx.send(path, new byte[] {1})).isInstanceOf(NativeSocketException.class)
                    .hasMessage("send to " + path + ": ENOENT");
        }
    }

    @Test
    void encode_addresses_pathWithNulAbstractWithLeadingNul() {
        assertThat(UnixDatagramSocket.encode("/run/systemd/notify")).hasSize(20).endsWith((byte) 0);
        assertThat(UnixDatagramSocket.encode("@x")).containsExactly(0, 'x');
        assertThatThrownBy(() -> UnixDatagramSocket.encode("relative")).hasMessageContaining("not a Unix socket address");
        assertThatThrownBy(() -> UnixDatagramSocket.encode("@")).hasMessageContaining("not a Unix socket address");
        assertThatThrownBy(() -> UnixDatagramSocket.encode("/" + "a".repeat(107))).hasMessageContaining("longer than 108");
        assertThatThrownBy(() -> UnixDatagramSocket.encode("/a\0b")).hasMessageContaining("NUL");
    }
}
