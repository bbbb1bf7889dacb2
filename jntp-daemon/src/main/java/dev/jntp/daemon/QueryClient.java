// Sends one NTP client request over UDP and waits for the matching reply: the IO half of 'jntp query'.
package dev.jntp.daemon;

import dev.jntp.engine.query.QueryExchange;
import dev.jntp.engine.query.QueryOutcome;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.net.SocketTimeoutException;
import java.util.random.RandomGenerator;

/**
 * One exchange per call, each from a fresh socket so that every request leaves from a new
 * random source port (RFC 9109 section 3). Datagrams that are not the reply (wrong origin,
 * wrong mode, malformed) are counted and waiting goes on until the timeout.
 */
public final class QueryClient {

    /**
     * What one exchange produced: the outcome, or null with the failure ("timeout", "port
     * unreachable"); and how many datagrams were discarded as not being the reply.
     */
    public record Result(QueryOutcome outcome, String failure, int discarded, int localPort) {}

    private final RandomGenerator random;
    private final int precision;

    public QueryClient(RandomGenerator random) {
        this.random = random;
        this.precision = WallClock.measurePrecision();
    }

    /** Sends a request with {@code version} to {@code server} and waits up to {@code timeoutMillis}. */
    public Result exchange(InetSocketAddress server, int version, int timeoutMillis) throws IOException {
        QueryExchange ex = new QueryExchange(version, random);
        byte[] req = ex.request();
        byte[] buf = new byte[2048];
        int discarded = 0;
        try (DatagramSocket socket = new DatagramSocket(null)) {
            socket.bind(new InetSocketAddress(server.getAddress().getAddress().length == 4
                    ? java.net.InetAddress.ofLiteral("0.0.0.0") : java.net.InetAddress.ofLiteral("::"), 0));
            socket.connect(server);
            long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
            long t1 = WallClock.unixNanos();
            socket.send(new DatagramPacket(req, req.length));
            while (true) {
                long left = (deadline - System.nanoTime()) / 1_000_000L;
                if (left <= 0) {
                    return new Result(null, "timeout", discarded, socket.getLocalPort());
                }
                socket.setSoTimeout((int) Math.max(1, left));
                DatagramPacket p = new DatagramPacket(buf, buf.length);
                try {
                    socket.receive(p);
                } catch (SocketTimeoutException e) {
                    return new Result(null, "timeout", discarded, socket.getLocalPort());
                } catch (PortUnreachableException e) {
                    return new Result(null, "port unreachable (no NTP server there)", discarded,
                            socket.getLocalPort());
                }
                long t4 = WallClock.unixNanos();
                QueryOutcome o = ex.evaluate(p.getData(), p.getLength(), t1, t4, precision);
                if (o instanceof QueryOutcome.Discarded) {
                    discarded++;
                    continue;
                }
                return new Result(o, null, discarded, socket.getLocalPort());
            }
        }
    }
}
