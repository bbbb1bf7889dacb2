// JMH benchmarks of the server's reply path: ServerResponder.respond then stampTransmit, as UdpListener runs them.
package dev.jntp.bench;

import dev.jntp.engine.server.AccessFilter;
import dev.jntp.engine.server.ReferenceProvider;
import dev.jntp.engine.server.ReferenceState;
import dev.jntp.engine.server.ServerResponder;
import dev.jntp.engine.server.ServerStats;
import dev.jntp.proto.NtpTimestamp;
import dev.jntp.proto.Subnet;
import java.net.InetAddress;
import java.util.List;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Cost of building one reply without the socket: access check, decode, header fields, counters
 * and the transmit stamp. The clock is not read (fixed timestamps), so this is the engine's
 * share of the per-packet cost; the socket calls and clock reads come on top in the daemon.
 */
public class ResponderBenchmark extends PerPacketBenchmark {

    private ServerResponder responder;
    private ReferenceProvider reference;
    private ReferenceState state;
    private byte[] request;
    private byte[] client;
    private NtpTimestamp receive;
    private NtpTimestamp transmit;
    private byte[] out;

    @Setup
    public void setUp() {
        // 'allow 127.0.0.1' plus a denied /8 around it, so the filter probes two prefix lengths.
        AccessFilter access = AccessFilter.of(List.of(
                new AccessFilter.Rule(false, false, Subnet.of(InetAddress.ofLiteral("127.0.0.0"), 8)),
                new AccessFilter.Rule(true, false, Subnet.host(InetAddress.ofLiteral("127.0.0.1")))));
        responder = new ServerResponder(access, new ServerStats());
        reference = ReferenceProvider.local(10, -24);
        state = reference.at(BenchPackets.RECEIVE);
        request = BenchPackets.clientRequest();
        client = new byte[] {127, 0, 0, 1};
        receive = BenchPackets.RECEIVE;
        transmit = BenchPackets.TRANSMIT;
        out = new byte[ServerResponder.MAX_REPLY_LENGTH];
        if (responder.respond(request, request.length, client, receive, state, out) != 48) {
            throw new IllegalStateException("the benchmark request is not answered");
        }
    }

    /** respond with a reference state read earlier, then stampTransmit. */
    @Benchmark
    public int respondAndStamp(Blackhole bh) {
        int n = responder.respond(request, request.length, client, receive, state, out);
        ServerResponder.stampTransmit(out, transmit);
        bh.consume(out);
        return n;
    }

    /** The same with the reference state built per request, as the daemon does for 'local stratum'. */
    @Benchmark
    public int respondLocalReferenceAndStamp(Blackhole bh) {
        int n = responder.respond(request, request.length, client, receive, reference.at(receive), out);
        ServerResponder.stampTransmit(out, transmit);
        bh.consume(out);
        return n;
    }
}
