// The control socket: tracking answered, bad requests answered with errors, stale and live sockets handled.
package dev.jntp.daemon.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ControlServerTest {

    @TempDir
    Path tmp;

    private static final Tracking TRACKING = new Tracking("7F7F0101", "local clock", 3, 1_700_000_000_000_000_000L,
            0, 1e-6, 2e-6, 12.5, 0.01, 0.001, 0.002, 64, "Normal", true, "");

    private ControlServer server(Path socket) throws IOException {
        return ControlServer.start(socket, line -> {
            ControlProtocol.Request r = ControlProtocol.parse(line);
            if (r.error() != null) {
                return ControlProtocol.error(r.error());
            }
            return r.command().equals("tracking") ? ControlProtocol.tracking(TRACKING)
                    : ControlProtocol.error("unknown command");
        });
    }

    private static String raw(Path socket, byte[] request) throws IOException {
        try (SocketChannel c = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            c.connect(UnixDomainSocketAddress.of(socket));
            c.write(ByteBuffer.wrap(request));
            c.shutdownOutput();
            ByteBuffer in = ByteBuffer.allocate(65536);
            while (c.read(in) >= 0 && in.hasRemaining()) {
                // read to the end
            }
            return new String(in.array(), 0, in.position(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void tracking_request_returnsEveryField() throws Exception {
        Path socket = tmp.resolve("run/jntp.sock");
        try (ControlServer s = server(socket)) {
            Map<String, Object> d = ControlClient.call(socket, "tracking");
            assertThat(d).containsEntry("reference_id", "7F7F0101").containsEntry("stratum", 3L)
                    .containsEntry("frequency_ppm", 12.5).containsEntry("leap_status", "Normal")
                    .containsEntry("synchronised", true).containsKeys("rms_offset", "root_delay", "root_dispersion",
                            "reference_time_unix_ns", "system_time_offset", "last_offset", "skew_ppm", "update_interval");
            assertThat(Files.getPosixFilePermissions(socket)).isEqualTo(PosixFilePermissions.fromString("rw-rw----"));
        }
        assertThat(socket).doesNotExist();
    }

    @Test
    void unknownCommand_answeredWithError() throws Exception {
        Path socket = tmp.resolve("jntp.sock");
        try (ControlServer s = server(socket)) {
            assertThatThrownBy(() -> ControlClient.call(socket, "reboot"))
                    .isInstanceOf(ControlProtocol.ControlException.class).hasMessageContaining("unknown command");
        }
    }

    @Test
    void malformedRequests_answeredWithErrors_serverKeepsServing() throws Exception {
        Path socket = tmp.resolve("jntp.sock");
        try (ControlServer s = server(socket)) {
            assertThat(raw(socket, "not json\n".getBytes(StandardCharsets.UTF_8))).contains("\"ok\":false")
                    .contains("malformed JSON");
            assertThat(raw(socket, "{\"version\":99,\"command\":\"tracking\"}\n".getBytes(StandardCharsets.UTF_8)))
                    .contains("unsupported protocol version 99");
            assertThat(raw(socket, "{\"version\":1}\n".getBytes(StandardCharsets.UTF_8))).contains("missing");
            assertThat(raw(socket, "[1,2]\n".getBytes(StandardCharsets.UTF_8))).contains("JSON object");
            byte[] huge = new byte[ControlServer.MAX_REQUEST + 100];
            java.util.Arrays.fill(huge, (byte) 'x');
            try {
                assertThat(raw(socket, huge)).contains("too long");
            } catch (java.net.SocketException e) {
                // The server answered and closed with the rest of the request unread: a reset is fine too.
                assertThat(e).hasMessageContaining("reset");
            }
            assertThat(raw(socket, "{\"version\":1,\"command\":\"tracking\"}".getBytes(StandardCharsets.UTF_8)))
                    .as("no newline").contains("\"ok\":false");
            assertThat(ControlClient.call(socket, "tracking")).containsEntry("stratum", 3L);
        }
    }

    @Test
    void staleSocketFile_replaced() throws Exception {
        Path socket = tmp.resolve("jntp.sock");
        ControlServer first = server(socket);
        first.close();
        Files.createFile(socket);
        try (ControlServer s = server(socket)) {
            assertThat(ControlClient.call(socket, "tracking")).containsEntry("stratum", 3L);
        }
    }

    @Test
    void socketInUseByALiveDaemon_refused() throws Exception {
        Path socket = tmp.resolve("jntp.sock");
        try (ControlServer s = server(socket)) {
            assertThatThrownBy(() -> server(socket)).isInstanceOf(IOException.class).hasMessageContaining("in use");
            assertThat(ControlClient.call(socket, "tracking")).containsEntry("stratum", 3L);
        }
    }

    @Test
    void silentClient_disconnectedAfterTheTimeout_otherClientsServed() throws Exception {
        Path socket = tmp.resolve("jntp.sock");
        try (ControlServer s = server(socket);
                SocketChannel silent = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
            assertThat(ControlClient.call(socket, "tracking")).containsEntry("stratum", 3L);
            long start = System.nanoTime();
            int n = silent.read(ByteBuffer.allocate(16));
            assertThat(n).as("the server closes a silent connection").isEqualTo(-1);
            assertThat((System.nanoTime() - start) / 1e9).isLessThan(ControlServer.CONNECTION_TIMEOUT_MILLIS / 1000.0 + 5);
        }
    }

    @Test
    void noDaemon_clientErrorNamesTheSocket() {
        Path socket = tmp.resolve("absent.sock");
        assertThatThrownBy(() -> ControlClient.call(socket, "tracking")).isInstanceOf(IOException.class)
                .hasMessageContaining(socket.toString()).hasMessageContaining("jntp daemon");
    }
}
