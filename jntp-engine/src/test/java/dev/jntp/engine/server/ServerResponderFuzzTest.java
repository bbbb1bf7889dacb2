// Fuzzes the NTP server responder: any datagram gets nothing or a server reply to it that is no longer than itself.
package dev.jntp.engine.server;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.jntp.proto.DecodeResult;
import dev.jntp.proto.LeapIndicator;
import dev.jntp.proto.Mode;
import dev.jntp.proto.NtpCodec;
import dev.jntp.proto.NtpPacket;
import dev.jntp.proto.NtpShort;
import dev.jntp.proto.NtpTimestamp;
import dev.jntp.proto.ReferenceId;
import java.util.Arrays;
import java.util.List;

/**
 * Jazzer fuzz test of {@link ServerResponder#respond}: each input is one datagram from an allowed
 * client, answered from each reference state a server has (synchronised, serving its local clock
 * at {@code local stratum 10}, unsynchronised). Without {@code JAZZER_FUZZ} it replays
 * {@code ServerResponderFuzzTestInputs/respond/} (the requests of chronyd, ntpdig, ntpq and ntpdc
 * and hand-made edge cases). Properties: no exception; a dropped datagram writes no reply; a
 * reply is no longer than its request nor than {@link ServerResponder#MAX_REPLY_LENGTH}, decodes
 * as a mode 4 packet of the request's version, echoes its poll and transmit timestamp, and is
 * sent only for a client request (mode 3, or mode 0 of version 1) that the codec reads.
 */
class ServerResponderFuzzTest {

    private static final byte[] CLIENT = {(byte) 192, 0, 2, 10};
    private static final NtpTimestamp RECEIVE = NtpTimestamp.fromUnixNanos(1_767_225_600_123_456_789L);
    private static final List<ReferenceState> STATES = List.of(
            new ReferenceState(LeapIndicator.INSERT_SECOND, 2, -23, ReferenceId.ofIpv4(new byte[] {(byte) 192, 0, 2, 1}),
                    new NtpShort(0x0001_8000), new NtpShort(0x0000_4321), RECEIVE.plusNanos(-64_000_000_000L)),
            ReferenceState.local(10, -23, RECEIVE),
            ReferenceState.unsynchronised(-23));
    private static final ServerResponder RESPONDER = new ServerResponder(
            AccessFilter.of(List.of(new AccessFilter.Rule(true, false, null))), new ServerStats());
    /** What the output buffer holds before each reply, so that octets written for a dropped datagram show. */
    private static final byte UNWRITTEN = (byte) 0xEE;

    @FuzzTest(maxDuration = "60s")
    void respond(byte[] data) {
        DecodeResult decoded = NtpCodec.decode(data);
        boolean answerable = decoded instanceof DecodeResult.Decoded(NtpPacket p)
                && (p.mode() == Mode.CLIENT || p.version() == 1 && p.mode() == Mode.RESERVED);
        for (ReferenceState ref : STATES) {
            byte[] out = new byte[ServerResponder.MAX_REPLY_LENGTH];
            Arrays.fill(out, UNWRITTEN);
            int n = RESPONDER.respond(data, data.length, CLIENT, RECEIVE, ref, out);
            if (n == 0) {
                check(!answerable, "a client request the codec reads is answered", data);
                check(allUnwritten(out), "a dropped datagram writes nothing", data);
                continue;
            }
            check(answerable, "only client requests the codec reads are answered", data);
            check(n <= data.length && n <= ServerResponder.MAX_REPLY_LENGTH, "reply no longer than its request", data);
            ServerResponder.stampTransmit(out, RECEIVE);
            NtpPacket reply = ((DecodeResult.Decoded) NtpCodec.decode(out, 0, n)).packet();
            check(reply.mode() == Mode.SERVER && reply.version() == ((data[0] >>> 3) & 7), "mode 4, version echoed",
                    data);
            check(reply.poll() == data[NtpCodec.OFF_POLL], "poll echoed", data);
            check(Arrays.equals(out, NtpCodec.OFF_ORIGIN, NtpCodec.OFF_ORIGIN + 8, data, NtpCodec.OFF_TRANSMIT,
                    NtpCodec.OFF_TRANSMIT + 8), "origin is the request's transmit timestamp", data);
            check(reply.extensions().isEmpty(), "no extension fields in a reply", data);
        }
    }

    private static boolean allUnwritten(byte[] out) {
        for (byte b : out) {
            if (b != UNWRITTEN) {
                return false;
            }
        }
        return true;
    }

    private static void check(boolean ok, String property, byte[] input) {
        if (!ok) {
            throw new AssertionError(property + ": " + java.util.HexFormat.of().formatHex(input));
        }
    }
}
