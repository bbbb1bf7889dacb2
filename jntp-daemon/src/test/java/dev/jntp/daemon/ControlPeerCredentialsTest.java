// Checks over a real Unix socket that another user may read the daemon's state but not change it (SO_PEERCRED).
package dev.jntp.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jntp.daemon.control.ControlClient;
import dev.jntp.daemon.control.ControlMessages;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs a tiny client as the user nobody (setpriv, root only) against a daemon whose socket was
 * opened to everyone for the test, so that only the daemon's check of the peer's user stands
 * between nobody and a change.
 */
@Timeout(60)
class ControlPeerCredentialsTest {

    private static final String CLIENT = """
            import java.net.*; import java.nio.*; import java.nio.channels.*; import java.nio.charset.*;
            public class Client {
                public static void main(String[] a) throws Exception {
                    try (SocketChannel c = SocketChannel.open(UnixDomainSocketAddress.of(a[0]))) {
                        c.write(ByteBuffer.wrap((a[1] + "\\n").getBytes(StandardCharsets.UTF_8)));
                        ByteBuffer in = ByteBuffer.allocate(65536);
                        while (c.read(in) > 0) { }
                        System.out.print(new String(in.array(), 0, in.position(), StandardCharsets.UTF_8));
                    }
                }
            }
            """;

    @TempDir
    Path tmp;

    private String asNobody(Path socket, String request) throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", java.toString(),
                tmp.resolve("Client.java").toString(), socket.toString(), request).redirectErrorStream(true).start();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("the client finishes").isTrue();
        return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }

    @Test
    void otherUser_statusAnsweredChangeRefusedNamingTheUser_rootMayChange() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")) && Files.isExecutable(Path.of("/usr/bin/setpriv")),
                "needs root and setpriv to act as another user");
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.writeString(tmp.resolve("Client.java"), CLIENT);
        Path socket = tmp.resolve("jntp.sock");
        int unused = TestDaemons.freePort();
        try (NtpDaemon d = NtpDaemon.start(TestDaemons.config("port 0\nbindcmdaddress " + socket + "\nserver 127.0.0.1 port "
                + unused + " minpoll 4\n"))) {
            Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-rw-rw-"));

            String status = asNobody(socket, ControlMessages.request("activity", List.of()));
            String change = asNobody(socket, ControlMessages.request("offline", List.of()));

            assertThat(status).contains("\"ok\":true").contains("\"online\":1");
            assertThat(change).contains("\"ok\":false").contains("only root and the daemon's own user")
                    .contains("came from nobody");
            assertThat(ControlClient.call(socket, "activity", List.of())).as("nobody changed nothing")
                    .containsEntry("offline", 0L);
            assertThat(ControlClient.call(socket, "offline", List.of()).get("message")).isEqualTo("offline: source 0");
            assertThat(ControlClient.call(socket, "serverstats", List.of())).containsEntry("command_requests_refused", 1L);
        }
    }
}
