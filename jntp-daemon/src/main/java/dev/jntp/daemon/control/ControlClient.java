// The status commands' side of the control socket: one request, one reply, bounded in size and time.
package dev.jntp.daemon.control;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Connects to the daemon's control socket. */
public final class ControlClient {

    /** Largest reply read. */
    static final int MAX_REPLY = 1 << 20;

    private ControlClient() {}

    /**
     * Sends {@code command} and returns the reply's data.
     *
     * @throws IOException when the daemon cannot be reached (message names the socket)
     * @throws ControlProtocol.ControlException when the daemon answers with an error
     */
    public static Map<String, Object> call(Path socket, String command)
            throws IOException, ControlProtocol.ControlException {
        return ControlProtocol.data(exchange(socket, ControlProtocol.request(command)));
    }

    /**
     * Sends {@code command} with {@code args} and returns the reply's data with its lists and objects
     * ({@link ControlMessages#data}).
     *
     * @throws IOException when the daemon cannot be reached (message names the socket)
     * @throws ControlProtocol.ControlException when the daemon answers with an error
     */
    public static Map<String, Object> call(Path socket, String command, List<String> args)
            throws IOException, ControlProtocol.ControlException {
        return ControlMessages.data(exchange(socket, ControlMessages.request(command, args)));
    }

    /** Sends one request line and reads the reply line. */
    private static String exchange(Path socket, String requestLine) throws IOException {
        try (SocketChannel c = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            try {
                c.connect(UnixDomainSocketAddress.of(socket));
            } catch (IOException e) {
                throw new IOException("cannot connect to the jntp daemon at " + socket + ": "
                        + (e.getMessage() == null ? e.toString() : e.getMessage())
                        + " (is 'jntp daemon' running, and is this its bindcmdaddress?)", e);
            }
            ByteBuffer out = ByteBuffer.wrap((requestLine + "\n").getBytes(StandardCharsets.UTF_8));
            while (out.hasRemaining()) {
                c.write(out);
            }
            ByteBuffer in = ByteBuffer.allocate(64 * 1024);
            java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
            while (all.size() <= MAX_REPLY) {
                in.clear();
                int n = c.read(in);
                if (n < 0) {
                    break;
                }
                all.write(in.array(), 0, n);
                if (n > 0 && in.array()[n - 1] == '\n') {
                    break;
                }
            }
            return all.toString(StandardCharsets.UTF_8).strip();
        }
    }
}
