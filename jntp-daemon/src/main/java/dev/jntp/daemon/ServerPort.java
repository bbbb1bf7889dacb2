// A bound NTP server socket: FFM with kernel receive timestamps where the platform allows, java.nio otherwise.
package dev.jntp.daemon;

import dev.jntp.daemon.net.NativeSocketException;
import dev.jntp.daemon.net.Received;
import dev.jntp.daemon.net.TimestampedUdpSocket;
import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProtocolFamily;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;

/** What {@link UdpListener} needs of a socket. */
interface ServerPort extends AutoCloseable {

    /** Blocks for the next datagram; its bytes land in {@code buf}. Closing the port ends the wait. */
    Received receive(byte[] buf) throws IOException;

    void send(byte[] data, int length, InetSocketAddress to) throws IOException;

    InetSocketAddress localAddress();

    @Override
    void close();

    /**
     * Binds {@code addr}: the FFM socket with SO_TIMESTAMPNS when supported, else a DatagramChannel.
     * The IPv6 wildcard is dual stack; without IPv6 it falls back to the IPv4 wildcard. A port
     * that is taken or privileged gives an IOException caused by a BindException, naming the address.
     */
    static ServerPort bind(InetSocketAddress addr) throws IOException {
        boolean v6 = addr.getAddress().getAddress().length == 16;
        if (TimestampedUdpSocket.isSupported()) {
            try {
                return new Ffm(TimestampedUdpSocket.open(addr, false));
            } catch (NativeSocketException e) {
                if (e.errnoName().equals("EAFNOSUPPORT") && v6 && addr.getAddress().isAnyLocalAddress()) {
                    return bind(new InetSocketAddress(InetAddress.ofLiteral("0.0.0.0"), addr.getPort()));
                }
                if (e.errnoName().equals("EADDRINUSE") || e.errnoName().equals("EACCES")
                        || e.errnoName().equals("EADDRNOTAVAIL")) {
                    throw bindFailure(addr, new BindException(e.getMessage()));
                }
                throw e;
            }
        }
        return Nio.bind(addr);
    }

    private static IOException bindFailure(InetSocketAddress addr, BindException e) {
        String hint = addr.getPort() < 1024
                ? " (ports below 1024 need root or CAP_NET_BIND_SERVICE; or choose a 'port' above 1023)"
                : " (is another NTP server running on it?)";
        return new IOException("cannot bind " + AddressText.of(addr) + ": " + e.getMessage() + hint, e);
    }

    /** The FFM socket: receive times from the kernel. */
    final class Ffm implements ServerPort {
        private final TimestampedUdpSocket socket;

        Ffm(TimestampedUdpSocket socket) {
            this.socket = socket;
        }

        @Override
        public Received receive(byte[] buf) throws IOException {
            return socket.receive(buf, -1);
        }

        @Override
        public void send(byte[] data, int length, InetSocketAddress to) throws IOException {
            socket.send(data, length, to);
        }

        @Override
        public InetSocketAddress localAddress() {
            return socket.localAddress();
        }

        @Override
        public void close() {
            socket.close();
        }
    }

    /** java.nio: receive times are read after the datagram is returned. */
    final class Nio implements ServerPort {
        private final DatagramChannel channel;
        private final InetSocketAddress local;

        private Nio(DatagramChannel channel) throws IOException {
            this.channel = channel;
            this.local = (InetSocketAddress) channel.getLocalAddress();
        }

        static Nio bind(InetSocketAddress addr) throws IOException {
            ProtocolFamily family = addr.getAddress().getAddress().length == 4
                    ? StandardProtocolFamily.INET : StandardProtocolFamily.INET6;
            DatagramChannel ch;
            try {
                ch = DatagramChannel.open(family);
            } catch (UnsupportedOperationException | IOException e) {
                if (family == StandardProtocolFamily.INET6 && addr.getAddress().isAnyLocalAddress()) {
                    return bind(new InetSocketAddress(InetAddress.ofLiteral("0.0.0.0"), addr.getPort()));
                }
                throw new IOException("cannot open an " + family + " socket for " + AddressText.of(addr) + ": " + e, e);
            }
            try {
                ch.setOption(StandardSocketOptions.SO_REUSEADDR, false);
                ch.bind(addr);
                return new Nio(ch);
            } catch (BindException e) {
                ch.close();
                throw bindFailure(addr, e);
            } catch (IOException | RuntimeException e) {
                ch.close();
                throw e;
            }
        }

        @Override
        public Received receive(byte[] buf) throws IOException {
            ByteBuffer in = ByteBuffer.wrap(buf);
            SocketAddress from = channel.receive(in);
            return new Received(in.position(), (InetSocketAddress) from, 0, false);
        }

        @Override
        public void send(byte[] data, int length, InetSocketAddress to) throws IOException {
            channel.send(ByteBuffer.wrap(data, 0, length), to);
        }

        @Override
        public InetSocketAddress localAddress() {
            return local;
        }

        @Override
        public void close() {
            try {
                channel.close();
            } catch (IOException e) {
                // nothing to do
            }
        }
    }
}
