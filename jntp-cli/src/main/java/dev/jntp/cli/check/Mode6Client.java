// Asks an NTP server for its status over mode 6 (what ntpq and check_ntp_peer send): READSTAT and READVAR over UDP.
package dev.jntp.cli.check;

import dev.jntp.proto.ControlOpcode;
import dev.jntp.cli.check.Mode6Messages.Decoded;
import dev.jntp.daemon.AddressText;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.net.SocketTimeoutException;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * One UDP socket connected to the server, one outstanding request at a time. Each request carries a new sequence
 * number; datagrams of other sequences or opcodes, and malformed ones, are counted and skipped; waiting for all
 * fragments of a reply ends at the deadline. Read-only: only READSTAT and READVAR are ever sent.
 */
public final class Mode6Client implements AutoCloseable {

    /** The system status word and the associations of READSTAT on association 0. */
    public record Status(int systemStatus, List<Mode6Messages.Association> associations) {

        /** The leap indicator in the system status word (3: the alarm, not synchronised). */
        public int leap() {
            return systemStatus >>> 14;
        }
    }

    /** The reply to READVAR: the status word and the variables. */
    public record Variables(int status, Map<String, String> values) {}

    /** The server answered with an error, or not in the protocol, or not at all. */
    public static final class Mode6Exception extends IOException {
        private static final long serialVersionUID = 1L;

        public Mode6Exception(String message) {
            super(message);
        }
    }

    private final DatagramSocket socket;
    private final InetSocketAddress server;
    private final long deadlineNanos;
    private int sequence;
    private int discarded;

    /**
     * Opens a socket to {@code server}; every request made through this client must be answered before
     * {@code timeoutMillis} from now have passed.
     */
    public Mode6Client(InetSocketAddress server, int timeoutMillis, RandomGenerator random) throws IOException {
        this.server = server;
        this.deadlineNanos = System.nanoTime() + timeoutMillis * 1_000_000L;
        this.sequence = random.nextInt(1, 0x8000);
        this.socket = new DatagramSocket(null);
        try {
            socket.bind(new InetSocketAddress(server.getAddress().getAddress().length == 4
                    ? InetAddress.ofLiteral("0.0.0.0") : InetAddress.ofLiteral("::"), 0));
            socket.connect(server);
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    /** READSTAT on association 0: the system status word and every association with its peer status word. */
    public Status readStatus() throws IOException {
        Mode6Messages.Reassembly r = exchange(ControlOpcode.READSTAT, 0, "");
        return new Status(r.status(), Mode6Messages.associations(r.data()));
    }

    /** READVAR of {@code names} (comma-separated; empty: the server's default list) on an association (0: system). */
    public Variables readVariables(int associationId, String names) throws IOException {
        Mode6Messages.Reassembly r = exchange(ControlOpcode.READVAR, associationId, names);
        return new Variables(r.status(), Mode6Messages.variables(r.data()));
    }

    /** Datagrams skipped so far as not belonging to a reply. */
    public int discarded() {
        return discarded;
    }

    private Mode6Messages.Reassembly exchange(ControlOpcode opcode, int associationId, String data) throws IOException {
        sequence = sequence % 0xFFFF + 1;
        int seq = sequence;
        byte[] req = Mode6Messages.request(opcode, seq, associationId, data);
        socket.send(new DatagramPacket(req, req.length));
        Mode6Messages.Reassembly reply = new Mode6Messages.Reassembly();
        byte[] buf = new byte[2048];
        while (true) {
            long left = (deadlineNanos - System.nanoTime()) / 1_000_000L;
            if (left <= 0) {
                throw new Mode6Exception("no mode 6 reply from " + AddressText.of(server) + " (timeout)");
            }
            socket.setSoTimeout((int) Math.max(1, left));
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            try {
                socket.receive(p);
            } catch (SocketTimeoutException e) {
                throw new Mode6Exception("no mode 6 reply from " + AddressText.of(server) + " (timeout)");
            } catch (PortUnreachableException e) {
                throw new Mode6Exception("port unreachable: no NTP server at " + AddressText.of(server));
            }
            if (!(Mode6Messages.decode(p.getData(), p.getLength()) instanceof Decoded.Fragment f)
                    || f.sequence() != seq || f.opcode() != opcode.code()) {
                discarded++;
                continue;
            }
            if (f.error()) {
                throw new Mode6Exception(AddressText.of(server) + " refused the request: "
                        + Mode6Messages.errorText(f.errorCode()));
            }
            reply.add(f);
            if (reply.problem() != null) {
                throw new Mode6Exception("malformed reply from " + AddressText.of(server) + ": " + reply.problem());
            }
            if (reply.complete()) {
                return reply;
            }
        }
    }

    @Override
    public void close() {
        socket.close();
    }
}
