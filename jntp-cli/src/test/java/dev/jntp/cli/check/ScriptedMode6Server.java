// A scripted mode 6 responder on loopback for the tests of the mode 6 client and 'jntp check --ntpd'.
package dev.jntp.cli.check;

import dev.jntp.proto.ControlOpcode;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Answers each request with the datagrams a script returns for it (none: silence), on a thread that ends when
 * closed. {@link #response} builds a response datagram as ntpd's ctl_flushpkt lays it out.
 */
final class ScriptedMode6Server implements AutoCloseable {

    /** A request as received: opcode, sequence and association, and its data as text. */
    record Request(int opcode, int sequence, int associationId, String data) {}

    private final DatagramSocket socket;
    private final Thread thread;
    private final AtomicInteger requests = new AtomicInteger();
    private volatile boolean closed;

    ScriptedMode6Server(Function<Request, List<byte[]>> script) throws IOException {
        socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        socket.setSoTimeout(100);
        thread = Thread.ofPlatform().name("mode6-responder").daemon(true).start(() -> serve(script));
    }

    int port() {
        return socket.getLocalPort();
    }

    InetSocketAddress address() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), port());
    }

    /** Requests received so far. */
    int requests() {
        return requests.get();
    }

    private void serve(Function<Request, List<byte[]>> script) {
        byte[] buf = new byte[2048];
        while (!closed) {
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            try {
                socket.receive(p);
            } catch (SocketTimeoutException e) {
                continue;
            } catch (IOException e) {
                return;
            }
            requests.incrementAndGet();
            byte[] b = p.getData();
            int count = (b[10] & 0xFF) << 8 | (b[11] & 0xFF);
            Request r = new Request(b[1] & 0x1F, (b[2] & 0xFF) << 8 | (b[3] & 0xFF), (b[6] & 0xFF) << 8 | (b[7] & 0xFF),
                    new String(b, 12, Math.min(count, p.getLength() - 12), StandardCharsets.US_ASCII));
            for (byte[] reply : script.apply(r)) {
                try {
                    socket.send(new DatagramPacket(reply, reply.length, p.getSocketAddress()));
                } catch (IOException e) {
                    return;
                }
            }
        }
    }

    /** One response datagram (version 2, mode 6, R set), its data padded to four octets. */
    static byte[] response(int opcode, int sequence, int status, int associationId, int offset, boolean more,
            boolean error, byte[] data) {
        byte[] b = new byte[12 + (data.length + 3) / 4 * 4];
        b[0] = (byte) (2 << 3 | 6);
        b[1] = (byte) (0x80 | (error ? 0x40 : 0) | (more ? 0x20 : 0) | opcode);
        put(b, 2, sequence);
        put(b, 4, status);
        put(b, 6, associationId);
        put(b, 8, offset);
        put(b, 10, data.length);
        System.arraycopy(data, 0, b, 12, data.length);
        return b;
    }

    /** The whole of {@code data} as fragments of at most {@code size} octets, in order. */
    static List<byte[]> fragments(Request r, int status, byte[] data, int size) {
        List<byte[]> out = new ArrayList<>();
        for (int at = 0; at < data.length || at == 0; at += size) {
            int n = Math.min(size, data.length - at);
            byte[] part = new byte[n];
            System.arraycopy(data, at, part, 0, n);
            out.add(response(r.opcode(), r.sequence(), status, r.associationId(), at, at + n < data.length, false,
                    part));
        }
        return out;
    }

    /** READSTAT data: (association ID, peer status word) pairs. */
    static byte[] pairs(int... idStatus) {
        byte[] d = new byte[idStatus.length * 2];
        for (int i = 0; i < idStatus.length; i++) {
            put(d, 2 * i, idStatus[i]);
        }
        return d;
    }

    /** ntpd's default system variables of a synchronised stratum 2 server (offset 0.000776 ms, updated 64 s ago). */
    static final String NTPD_VARIABLES = "version=\"ntpd 4.2.8p15@1.3728-o (1)\", processor=\"x86_64\",\r\n"
            + "system=\"Linux/6.1.0, amd64\", leap=00, stratum=2, precision=-23, rootdelay=1.234,\r\n"
            + "rootdisp=5.678, refid=192.0.2.1, reftime=0xe5f1a2b3.12345678,\r\n"
            + "clock=0xe5f1a2f3.12345678, peer=6699, tc=6, mintc=3, offset=0.000776,\r\n"
            + "frequency=-12.345, sys_jitter=0.123456, clk_jitter=0.089, clk_wander=0.002,\r\n"
            + "tai=37, leapsec=201701010000, expire=202612280000, mintc=3, sss=\"padding to need a second "
            + "datagram: ntpd sends at most 468 octets of data in each, and this text is longer than that\"";

    /** Peer status words: the system peer (configured, reachable, selection 6), a candidate, an unreachable one. */
    static final int[] NTPD_PEERS = {6699, 0x961a, 6700, 0x9414, 6701, 0x8011};

    /**
     * An ntpd: READSTAT answers {@code systemStatus} and {@code peers}; READVAR of association 0 answers
     * {@code variables} in 300-octet fragments sent last first; anything else an "invalid opcode" error.
     */
    static Function<Request, List<byte[]>> ntpd(int systemStatus, String variables, int... peers) {
        return r -> switch (ControlOpcode.ofCode(r.opcode()).orElse(null)) {
            case READSTAT -> List.of(response(r.opcode(), r.sequence(), systemStatus, 0, 0, false,
                    false, pairs(peers)));
            case READVAR -> fragments(r, systemStatus,
                    variables.getBytes(StandardCharsets.US_ASCII), 300).reversed();
            case null, default -> List.of(response(r.opcode(), r.sequence(), 3 << 8, 0, 0, false, true, new byte[0]));
        };
    }

    private static void put(byte[] b, int at, int v) {
        b[at] = (byte) (v >>> 8);
        b[at + 1] = (byte) v;
    }

    @Override
    public void close() throws InterruptedException {
        closed = true;
        socket.close();
        thread.join(2_000);
    }
}
