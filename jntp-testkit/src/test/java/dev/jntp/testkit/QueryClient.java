// A minimal NTP client on the simulated network for the kit's own tests: sends requests and keeps the replies.
package dev.jntp.testkit;

import dev.jntp.engine.query.QueryExchange;
import dev.jntp.engine.query.QueryOutcome;
import dev.jntp.proto.DecodeResult;
import dev.jntp.proto.NtpCodec;
import dev.jntp.proto.NtpPacket;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/** Sends client requests with random transmit timestamps (as jntp query does) and matches the replies. */
final class QueryClient {

    /** A reply: the exchange it answers, local send and receive times, the datagram, the packet and its verdict. */
    record Reply(QueryExchange exchange, long t1, long t4, Datagram datagram, NtpPacket packet, QueryOutcome outcome) {}

    private record Pending(QueryExchange exchange, long t1) {}

    private final SimNetwork.Endpoint endpoint;
    private final SimulatedClock clock;
    private final SplittableRandom random;
    private final Map<Long, Pending> pending = new HashMap<>();
    final List<Reply> replies = new ArrayList<>();
    private Consumer<Reply> listener = r -> {};

    QueryClient(SimNetwork net, InetSocketAddress address, SimulatedClock clock, long seed) {
        this.clock = clock;
        this.random = Seeds.random(seed, "client " + address);
        this.endpoint = net.bind(address, this::receive);
    }

    /** Sends one request to {@code server} now. */
    QueryExchange query(InetSocketAddress server) {
        QueryExchange ex = new QueryExchange(4, random);
        pending.put(ex.cookie().raw(), new Pending(ex, clock.readNanos()));
        endpoint.send(server, ex.request());
        return ex;
    }

    private void receive(Datagram d) {
        long t4 = clock.readNanos();
        if (!(NtpCodec.decode(d.data()) instanceof DecodeResult.Decoded dec)) {
            throw new AssertionError("undecodable reply " + NtpCodec.decode(d.data()));
        }
        Pending p = pending.remove(dec.packet().originTimestamp().raw());
        if (p == null) {
            throw new AssertionError("reply to no request: " + dec.packet());
        }
        Reply r = new Reply(p.exchange, p.t1, t4, d, dec.packet(),
                p.exchange.evaluate(d.data(), d.data().length, p.t1, t4, -24));
        replies.add(r);
        listener.accept(r);
    }

    /** Calls {@code l} with every reply as it arrives. */
    void onReply(Consumer<Reply> l) {
        this.listener = l;
    }

    Reply last() {
        return replies.getLast();
    }
}
