// Control views and requests for the mode 6 tests: a synchronised server with sources in every selection state.
package dev.jntp.engine.control;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jntp.engine.server.ReferenceState;
import dev.jntp.engine.sync.PacketTest;
import dev.jntp.engine.sync.SourceReply;
import dev.jntp.engine.sync.SourceSnapshot;
import dev.jntp.engine.sync.SourceState;
import dev.jntp.engine.sync.SystemState;
import dev.jntp.engine.sync.TestVerdicts;
import dev.jntp.proto.ControlCodec;
import dev.jntp.proto.ControlDecodeResult;
import dev.jntp.proto.ControlHeader;
import dev.jntp.proto.ControlMessage;
import dev.jntp.proto.ControlOpcode;
import dev.jntp.proto.ControlVariables;
import dev.jntp.proto.LeapIndicator;
import dev.jntp.proto.NtpTimestamp;
import dev.jntp.proto.ReferenceId;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

final class Views {

    /** 2026-01-01T00:00:00Z. */
    static final long NOW = 1_767_225_600L * 1_000_000_000L;
    static final ReferenceId UPSTREAM_1 = ReferenceId.ofIpv4(new byte[] {10, 0, 0, 1});
    static final ControlView.Host HOST = new ControlView.Host("jntp 0.1.0", "amd64", "Linux", "6.1.0");

    private Views() {}

    static SourceReply reply(int stratum, ReferenceId refid, long receivedNanos) {
        return new SourceReply(LeapIndicator.NO_WARNING, 4, stratum, 6, -25, 0.0005, 0.00025, refid,
                NtpTimestamp.fromUnixNanos(NOW - 30_000_000_000L), receivedNanos);
    }

    static SourceSnapshot snapshot(int id, String name, SourceState state, int reach) {
        return new SourceSnapshot(id, name, state, 1, 6, reach, 0.0012, 0.00123456, 0.0002, 0.000015, 8,
                TestVerdicts.ALL_PASSED, null);
    }

    /**
     * Four sources: 0 the system peer (127.0.0.1:11123, stratum 1 "GPS"), 1 combined (10.0.0.2,
     * a name), 2 a falseticker (::1, stratum 3), 3 never heard (reach 0).
     */
    static List<ControlView.Peer> peers() {
        return List.of(
                new ControlView.Peer(snapshot(0, "127.0.0.1", SourceState.SELECTED, 0xFF), "127.0.0.1", 11123,
                        reply(1, ReferenceId.ofAscii("GPS"), NOW - 20_000_000_000L)),
                new ControlView.Peer(snapshot(1, "ntp.example", SourceState.COMBINED, 0x7F), "10.0.0.2", 123,
                        reply(2, UPSTREAM_1, NOW - 3_000_000_000L)),
                new ControlView.Peer(snapshot(2, "::1", SourceState.FALSETICKER, 0x0F), "::1", 123,
                        reply(3, UPSTREAM_1, NOW - 1_000_000_000L)),
                new ControlView.Peer(new SourceSnapshot(3, "192.0.2.9", SourceState.UNUSABLE, 0, 6, 0, Double.NaN,
                        Double.NaN, Double.NaN, Double.NaN, 0, new TestVerdicts(Set.of(PacketTest.MAX_DELAY)), null),
                        "192.0.2.9", 123, null));
    }

    /** Synchronised to source 0 at stratum 2. */
    static ControlView synced() {
        SystemState s = new SystemState(true, 2, ReferenceId.ofIpv4(new byte[] {127, 0, 0, 1}), NOW - 10_000_000_000L,
                -0.000123456, 0.0000456, 12.345, 0.0125, 0.0005, 0.00125, LeapIndicator.NO_WARNING, 0, "", 42);
        ReferenceState ref = ReferenceState.of(s, -23, NtpTimestamp.fromUnixNanos(NOW));
        return new ControlView(ref, s, NtpTimestamp.fromUnixNanos(NOW), peers(), HOST, 4);
    }

    /** No sources and no local stratum. */
    static ControlView unsynchronised() {
        return new ControlView(ReferenceState.unsynchronised(-23), null, NtpTimestamp.fromUnixNanos(NOW), List.of(),
                HOST, 6);
    }

    /** No sources, serving the local clock at stratum 10. */
    static ControlView local() {
        return new ControlView(ReferenceState.local(10, -23, NtpTimestamp.fromUnixNanos(NOW)), null,
                NtpTimestamp.fromUnixNanos(NOW), List.of(), HOST, 6);
    }

    static byte[] request(ControlOpcode op, int sequence, int assoc, String data) {
        return ControlCodec.encode(new ControlMessage(ControlHeader.request(2, op, sequence, assoc),
                data.getBytes(StandardCharsets.US_ASCII)));
    }

    static ControlReply respond(ControlView view, byte[] request) {
        return new ControlResponder().respond(request, request.length, view);
    }

    static ControlReply.Answer answer(ControlView view, byte[] request) {
        ControlReply r = respond(view, request);
        assertThat(r).isInstanceOf(ControlReply.Answer.class);
        return (ControlReply.Answer) r;
    }

    static List<ControlMessage> messages(ControlReply.Answer a) {
        List<ControlMessage> out = new ArrayList<>();
        for (byte[] d : a.datagrams()) {
            assertThat(d.length % 4).isZero();
            assertThat(d.length).isLessThanOrEqualTo(ControlHeader.LENGTH + ControlCodec.MAX_DATA);
            out.add(((ControlDecodeResult.Decoded) ControlCodec.decode(d)).message());
        }
        return out;
    }

    /** The whole reply's data. */
    static byte[] data(ControlReply.Answer a) {
        byte[] d = ControlCodec.reassemble(messages(a));
        assertThat(d).as("complete reply").isNotNull();
        return d;
    }

    /** The reply's variables by name, values as sent. */
    static Map<String, String> variables(ControlReply.Answer a) {
        Map<String, String> m = new LinkedHashMap<>();
        for (ControlVariables.Variable v : ControlVariables.parse(data(a))) {
            m.put(v.name(), v.value());
        }
        return m;
    }
}
