// The base of this package's socket tests: skips where unsupported and opens a server and a client on 127.0.0.1.
package dev.jntp.daemon.net;

import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** Each test gets a fresh pair of sockets on ephemeral loopback ports, closed after it whatever happens. */
abstract class LoopbackSockets {

    static final InetSocketAddress V4_ANY_PORT = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    /** The longest any test waits for a datagram that should already be on its way. */
    static final long WAIT_MILLIS = 2_000;

    TimestampedUdpSocket server;
    TimestampedUdpSocket client;

    @BeforeEach
    void openPair() throws IOException {
        assumeThat(TimestampedUdpSocket.isSupported()).as("timestamped sockets (Linux, 64-bit)").isTrue();
        server = TimestampedUdpSocket.open(V4_ANY_PORT, false);
        client = TimestampedUdpSocket.open(V4_ANY_PORT, false);
    }

    @AfterEach
    void closePair() {
        if (server != null) {
            server.close();
        }
        if (client != null) {
            client.close();
        }
    }
}
