// The local control socket: a Unix domain socket answering versioned JSON requests from jntp's status commands.
package dev.jntp.daemon.control;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves one request per connection: a single line of JSON ({@code {"version":1,"command":"tracking"}})
 * answered by a single line of JSON. The socket file is created with mode 0660 in a directory the
 * daemon creates with mode 0750, so only root and the daemon's group can ask. Each request is
 * handed to the handler with the user of the process that sent it (SO_PEERCRED), who decides
 * what that user may do (the daemon lets any user that can connect read its state, and only
 * root and its own user change it: see DaemonControl). Each connection runs on a virtual thread, with a bounded request size and
 * a bounded number of connections at once.
 */
public final class ControlServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ControlServer.class);
    /** Longest request line accepted. */
    static final int MAX_REQUEST = 4096;
    /** Connections served at once; more are closed at once. */
    static final int MAX_CONNECTIONS = 16;
    /** A connection still open after this long is closed, so a silent client cannot hold a slot. */
    static final long CONNECTION_TIMEOUT_MILLIS = 5_000;

    private final Path path;
    private final ServerSocketChannel server;
    private final ControlHandler handler;
    private final Thread acceptor;
    private final AtomicInteger active = new AtomicInteger();
    private final ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("control-watchdog").daemon(true).factory());

    private ControlServer(Path path, ServerSocketChannel server, ControlHandler handler) {
        this.path = path;
        this.server = server;
        this.handler = handler;
        this.acceptor = Thread.ofPlatform().name("control-accept").daemon(true).unstarted(this::acceptLoop);
    }

    /**
     * Binds {@code path} and starts answering. A stale socket file is replaced; one that a
     * running daemon still answers on is an error.
     */
    public static ControlServer start(Path path, ControlHandler handler) throws IOException {
        Path dir = path.toAbsolutePath().getParent();
        if (dir != null && !Files.isDirectory(dir)) {
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-x---")));
        }
        if (Files.exists(path)) {
            try (SocketChannel probe = SocketChannel.open(UnixDomainSocketAddress.of(path))) {
                throw new IOException(path + " is in use by another running daemon");
            } catch (IOException e) {
                if (e.getMessage() != null && e.getMessage().endsWith("by another running daemon")) {
                    throw e;
                }
                Files.deleteIfExists(path); // stale: left by a daemon that did not stop cleanly
            }
        }
        ServerSocketChannel ch = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            ch.bind(UnixDomainSocketAddress.of(path));
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-rw----"));
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
        ControlServer s = new ControlServer(path, ch, handler);
        s.acceptor.start();
        return s;
    }

    /** The socket's path. */
    public Path path() {
        return path;
    }

    private void acceptLoop() {
        while (server.isOpen()) {
            SocketChannel c;
            try {
                c = server.accept();
            } catch (IOException e) {
                if (server.isOpen()) {
                    LOG.warn("control socket accept failed: {}", e.toString());
                }
                continue;
            }
            if (active.incrementAndGet() > MAX_CONNECTIONS) {
                active.decrementAndGet();
                closeQuietly(c);
                continue;
            }
            ScheduledFuture<?> timeout = watchdog.schedule(() -> closeQuietly(c), CONNECTION_TIMEOUT_MILLIS,
                    TimeUnit.MILLISECONDS);
            Thread.ofVirtual().name("control").start(() -> {
                try {
                    serve(c);
                } finally {
                    timeout.cancel(false);
                    active.decrementAndGet();
                    closeQuietly(c);
                }
            });
        }
    }

    private void serve(SocketChannel c) {
        try {
            String request = readLine(c);
            String reply = request == null
                    ? ControlProtocol.error("request too long or not terminated by a newline")
                    : handler.handle(request, peer(c));
            ByteBuffer out = ByteBuffer.wrap((reply + "\n").getBytes(StandardCharsets.UTF_8));
            while (out.hasRemaining()) {
                c.write(out);
            }
        } catch (IOException e) {
            LOG.debug("control connection: {}", e.toString());
        }
    }

    /** The user of the process at the other end (SO_PEERCRED), or null where the platform does not tell. */
    static java.nio.file.attribute.UserPrincipal peer(SocketChannel c) {
        try {
            return c.getOption(jdk.net.ExtendedSocketOptions.SO_PEERCRED).user();
        } catch (IOException | UnsupportedOperationException e) {
            return null;
        }
    }

    /** One line of at most MAX_REQUEST bytes, or null. */
    static String readLine(SocketChannel c) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(MAX_REQUEST + 1);
        while (buf.hasRemaining()) {
            int n = c.read(buf);
            if (n < 0) {
                break;
            }
            for (int i = buf.position() - n; i < buf.position(); i++) {
                if (buf.get(i) == '\n') {
                    return new String(buf.array(), 0, i, StandardCharsets.UTF_8);
                }
            }
        }
        return null;
    }

    private static void closeQuietly(SocketChannel c) {
        try {
            c.close();
        } catch (IOException e) {
            // nothing to do
        }
    }

    @Override
    public void close() {
        try {
            server.close();
            watchdog.shutdownNow();
            Files.deleteIfExists(path);
        } catch (IOException e) {
            LOG.warn("closing control socket {}: {}", path, e.toString());
        }
    }
}
