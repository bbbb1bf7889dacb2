// One UDP socket of the NTP server and the platform thread that answers on it.
package dev.jntp.daemon;

import dev.jntp.engine.server.ReferenceProvider;
import dev.jntp.engine.server.ServerCounter;
import dev.jntp.engine.server.ServerResponder;
import dev.jntp.proto.NtpTimestamp;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads requests from one bound socket, takes the receive timestamp (from the disciplined clock) as soon as a datagram is
 * read, lets the responder build the reply, stamps the transmit timestamp last and sends.
 * Runs on a platform thread of its own; closing the channel ends it.
 */
final class UdpListener implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(UdpListener.class);
    private static final int MAX_DATAGRAM = 65_536;

    private final DatagramChannel channel;
    private final ServerResponder responder;
    private final ReferenceProvider reference;
    private final InetSocketAddress local;
    private final LongSupplier clock;

    UdpListener(DatagramChannel channel, ServerResponder responder, ReferenceProvider reference, LongSupplier clock)
            throws IOException {
        this.clock = clock;
        this.channel = channel;
        this.responder = responder;
        this.reference = reference;
        this.local = (InetSocketAddress) channel.getLocalAddress();
    }

    /** Closes the socket, which ends {@link #run}. */
    void close() {
        try {
            channel.close();
        } catch (IOException e) {
            LOG.warn("closing {}: {}", local, e.toString());
        }
    }

    InetSocketAddress localAddress() {
        return local;
    }

    @Override
    public void run() {
        ByteBuffer in = ByteBuffer.allocate(MAX_DATAGRAM);
        byte[] out = new byte[ServerResponder.MAX_REPLY_LENGTH];
        ByteBuffer outBuf = ByteBuffer.wrap(out);
        while (channel.isOpen()) {
            SocketAddress from;
            long rxNanos;
            try {
                in.clear();
                from = channel.receive(in);
                rxNanos = clock.getAsLong();
            } catch (ClosedChannelException e) {
                break;
            } catch (IOException e) {
                LOG.warn("receive on {} failed: {}", local, e.toString());
                continue;
            }
            if (!(from instanceof InetSocketAddress client)) {
                continue;
            }
            NtpTimestamp rx = NtpTimestamp.fromUnixNanos(rxNanos);
            int n = responder.respond(in.array(), in.position(), client.getAddress().getAddress(), rx,
                    reference.at(rx), out);
            if (n == 0) {
                continue;
            }
            ServerResponder.stampTransmit(out, NtpTimestamp.fromUnixNanos(clock.getAsLong()));
            try {
                outBuf.clear().limit(n);
                channel.send(outBuf, client);
            } catch (ClosedChannelException e) {
                break;
            } catch (IOException e) {
                responder.stats().increment(ServerCounter.SEND_FAILED);
            }
        }
    }
}
