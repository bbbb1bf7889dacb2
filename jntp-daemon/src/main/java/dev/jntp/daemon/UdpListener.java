// One UDP socket of the NTP server and the platform thread that answers on it.
package dev.jntp.daemon;

import dev.jntp.daemon.clock.ClockDriver;
import dev.jntp.daemon.net.Received;
import dev.jntp.engine.server.ReferenceProvider;
import dev.jntp.engine.server.ServerCounter;
import dev.jntp.engine.server.ServerResponder;
import dev.jntp.proto.NtpTimestamp;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.ClosedChannelException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads requests from one bound socket and answers them. The receive timestamp is the kernel's
 * (SO_TIMESTAMPNS, moved onto the disciplined time scale) when the socket provides one, else the
 * disciplined clock read as soon as the datagram is returned; the responder builds the reply and
 * the transmit timestamp is read last, just before sending. Mode 6 datagrams (ntpq) go to
 * {@link ControlQueries} instead, when there is one. Runs on a platform thread of its own;
 * closing the port ends it.
 */
final class UdpListener implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(UdpListener.class);
    private static final int MAX_DATAGRAM = 65_536;

    private final ServerPort port;
    private final ServerResponder responder;
    private final ReferenceProvider reference;
    private final InetSocketAddress local;
    private final ClockDriver clock;
    /** The client table ('jntp clients'), or null. */
    private final ClientLog clients;
    private final ControlQueries queries;
    private volatile boolean open = true;

    UdpListener(ServerPort port, ServerResponder responder, ReferenceProvider reference, ClockDriver clock) {
        this(port, responder, reference, clock, null, null);
    }

    /**
     * As above, recording clients in {@code clients} and answering mode 6 with {@code queries} (either may be null:
     * no client table; mode 6 dropped and counted by the responder).
     */
    UdpListener(ServerPort port, ServerResponder responder, ReferenceProvider reference, ClockDriver clock,
            ClientLog clients, ControlQueries queries) {
        this.port = port;
        this.responder = responder;
        this.reference = reference;
        this.clock = clock;
        this.queries = queries;
        this.local = port.localAddress();
        this.clients = clients;
    }

    /** Closes the socket, which ends {@link #run}. */
    void close() {
        open = false;
        port.close();
    }

    InetSocketAddress localAddress() {
        return local;
    }

    @Override
    public void run() {
        byte[] in = new byte[MAX_DATAGRAM];
        byte[] out = new byte[MAX_DATAGRAM]; // an NTS reply is as long as its request
        while (open) {
            Received r;
            long rxNanos;
            try {
                r = port.receive(in);
                rxNanos = r.hasKernelTimestamp() ? clock.fromSystemTime(r.kernelRxNanos()) : clock.readNanos();
            } catch (ClosedChannelException e) {
                break;
            } catch (IOException e) {
                if (!open) {
                    break;
                }
                LOG.warn("receive on {} failed: {}", local, e.toString());
                continue;
            }
            if (r == null || r.source() == null) {
                continue;
            }
            InetSocketAddress client = r.source();
            if (queries != null && ControlQueries.isControl(in, r.length())) {
                if (!sendAll(queries.handle(in, r.length(), client.getAddress().getAddress()), client)) {
                    break;
                }
                continue;
            }
            NtpTimestamp rx = NtpTimestamp.fromUnixNanos(rxNanos);
            byte[] from = client.getAddress().getAddress();
            int n = responder.respond(in, r.length(), from, rx, reference.at(rx), out);
            if (clients != null) {
                clients.log(from, rxNanos, n > 0);
            }
            if (n == 0) {
                continue;
            }
            responder.finish(out, n, NtpTimestamp.fromUnixNanos(clock.readNanos()));
            try {
                port.send(out, n, client);
            } catch (ClosedChannelException e) {
                break;
            } catch (IOException e) {
                if (!open) {
                    break;
                }
                responder.stats().increment(ServerCounter.SEND_FAILED);
            }
        }
    }

    /** Sends the datagrams of a mode 6 reply; false once the port is closed. */
    private boolean sendAll(java.util.List<byte[]> datagrams, InetSocketAddress client) {
        for (byte[] d : datagrams) {
            try {
                port.send(d, d.length, client);
            } catch (ClosedChannelException e) {
                return false;
            } catch (IOException e) {
                if (!open) {
                    return false;
                }
                responder.stats().increment(ServerCounter.SEND_FAILED);
            }
        }
        return true;
    }
}
