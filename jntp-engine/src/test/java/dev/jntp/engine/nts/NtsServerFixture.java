// An in-process NTS server for client tests: NTS-KE answers through the record codec and NTP replies from NtsResponder.
package dev.jntp.engine.nts;

import dev.jntp.engine.server.AccessFilter;
import dev.jntp.engine.server.ReferenceState;
import dev.jntp.engine.server.ServerResponder;
import dev.jntp.engine.server.ServerStats;
import dev.jntp.proto.LeapIndicator;
import dev.jntp.proto.NtpShort;
import dev.jntp.proto.NtpTimestamp;
import dev.jntp.proto.ReferenceId;
import dev.jntp.proto.nts.KeCodec;
import dev.jntp.proto.nts.KeDecodeResult;
import dev.jntp.proto.nts.KeRecord;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * The server side of NTS as jntp's engine implements it ({@link KeServerLogic}, {@link Cookies},
 * {@link NtsResponder} behind {@link ServerResponder}), seeded, for the client's tests: NTS-KE
 * responses go through {@link KeCodec} and {@link KeClientLogic} as a real session's would.
 */
public final class NtsServerFixture {

    /** Unix seconds of the server's clock. */
    public static final long NOW_SECONDS = 1_767_225_600L;
    /** Receive time of every request. */
    public static final NtpTimestamp RECEIVE = NtpTimestamp.fromUnixNanos(NOW_SECONDS * 1_000_000_000L + 5_000_000L);
    private static final ReferenceState SYNCED = new ReferenceState(LeapIndicator.NO_WARNING, 1, -23,
            ReferenceId.LOCAL, NtpShort.ZERO, new NtpShort(0x0000_0100), RECEIVE.plusNanos(-16_000_000_000L));
    private static final byte[] CLIENT = {127, 0, 0, 1};

    private final Random rnd;
    /** Transmit timestamps differ from reply to reply, or the client would take them for duplicates. */
    private long replies;
    private CookieKeys ring;
    private ServerResponder responder;
    /** NTS counters of the server. */
    public final NtsStats stats = new NtsStats();
    /** Requests the server has seen, in order. */
    public final List<byte[]> requests = new ArrayList<>();

    public NtsServerFixture(long seed) {
        rnd = new Random(seed);
        rotateAway();
    }

    /** New cookie keys only: every cookie issued before is unknown to the server from now on (it NAKs them). */
    public void rotateAway() {
        ring = CookieKeys.empty().rotate(NOW_SECONDS, 604_800, rnd);
        responder = new ServerResponder(AccessFilter.of(List.of(new AccessFilter.Rule(true, true, null))),
                new ServerStats());
        responder.setNts(new NtsResponder(ring, NOW_SECONDS, () -> RECEIVE.plusNanos(20_000 + 1_000 * replies++),
                new Random(rnd.nextLong()), stats));
    }

    /** A successful NTS-KE session: fresh keys and {@code cookies} cookies, with optional Server and Port records. */
    public NtsKeResult.Success keyExchange(int cookies, String server, int port) {
        KeServerLogic.Outcome o = KeServerLogic.negotiate(decode(KeClientLogic.requestBytes()));
        AeadAlgorithm aead = ((KeServerLogic.Outcome.Accepted) o).aead();
        NtsKeys keys = CookiesTest.keys(rnd, aead);
        List<byte[]> sealed = new ArrayList<>();
        for (int i = 0; i < cookies; i++) {
            byte[] nonce = new byte[Cookies.NONCE_LENGTH];
            rnd.nextBytes(nonce);
            sealed.add(Cookies.seal(keys, ring.current(NOW_SECONDS).orElseThrow(), nonce));
        }
        byte[] wire = KeCodec.encode(KeServerLogic.response(aead, sealed, port < 0 ? 123 : port, server));
        KeClientLogic.Response.Accepted a = (KeClientLogic.Response.Accepted) KeClientLogic.read(decode(wire));
        return new NtsKeResult.Success(keys, a.cookies(), a.server(), a.port());
    }

    /** As {@link #keyExchange(int, String, int)} with eight cookies and no Server or Port record. */
    public NtsKeResult.Success keyExchange() {
        return keyExchange(8, null, -1);
    }

    /** The server's answer to a request (authenticated reply, NAK), or an empty array when it drops it. */
    public byte[] answer(byte[] request) {
        requests.add(request.clone());
        byte[] out = new byte[4096];
        int n = responder.respond(request, request.length, CLIENT, RECEIVE, SYNCED, out);
        if (n > 0) {
            ServerResponder.stampTransmit(out, RECEIVE.plusNanos(30_000)); // a NAK's; authenticated ones have theirs
        }
        return Arrays.copyOf(out, n);
    }

    static List<KeRecord> decode(byte[] wire) {
        return ((KeDecodeResult.Message) KeCodec.decodeMessage(wire, 0, wire.length)).records();
    }
}
