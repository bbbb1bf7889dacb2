// Fuzzes the client side: any datagram from a source, taken as its reply to a few polls, never breaks the engine.
package dev.jntp.engine.sync;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.jntp.proto.NtpCodec;
import dev.jntp.proto.ReferenceId;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Jazzer fuzz test of {@link SyncEngine#onReply}, the path every datagram arriving on a source's
 * socket takes (anyone on the path, or anyone who guesses the port, can send one). Each input is
 * answered to {@value #POLLS} polls of one iburst source of a fresh engine (one source is enough
 * for it to select and correct the clock). To let the fuzzer past the origin check, which a
 * spoofer cannot pass without seeing the request, the request's transmit timestamp is copied into
 * the input's origin field when the input is long enough to have one; the check itself is
 * covered by {@link SourcePollerTest}. Without {@code JAZZER_FUZZ} it replays
 * {@code SyncEngineReplyFuzzTestInputs/onReply/} (replies of chronyd and ntpd, kisses, edge cases).
 * Properties: no exception, every clock correction and the system state finite, the source stays
 * listed.
 */
class SyncEngineReplyFuzzTest {

    private static final int POLLS = 4;
    private static final long SEED = 0x5EED_F022L;

    @FuzzTest(maxDuration = "60s")
    void onReply(byte[] data) {
        long now = Replies.EPOCH;
        SyncEngine engine = new SyncEngine(SyncSettings.defaults(), now, 0, -20, new SplittableRandom(SEED));
        int id = engine.addSource(SourceConfig.defaults("fuzz").withIburst(true),
                ReferenceId.ofIpv4(new byte[] {(byte) 192, 0, 2, 1}), new ArrayList<>());
        for (int i = 0; i < POLLS; i++) {
            now += 2 * Replies.SECOND;
            byte[] request = null;
            for (SyncAction a : engine.onWake(id, now)) {
                if (a instanceof SyncAction.Send s) {
                    request = s.request();
                }
            }
            if (request == null) {
                break; // stopped, as after a kiss-o'-death
            }
            engine.sent(id, now);
            byte[] reply = data.clone();
            if (reply.length >= NtpCodec.OFF_ORIGIN + 8) {
                System.arraycopy(request, NtpCodec.OFF_TRANSMIT, reply, NtpCodec.OFF_ORIGIN, 8);
            }
            checkFinite(engine.onReply(id, reply, reply.length, now + 20_000_000L), data);
        }
        SystemState s = engine.state();
        check(Double.isFinite(s.offset()) && Double.isFinite(s.frequencyPpm()) && Double.isFinite(s.rootDelay())
                && Double.isFinite(s.rootDispersion()), "system state finite: " + s, data);
        check(engine.sources(now).size() == 1, "the source is still listed", data);
    }

    private static void checkFinite(List<SyncAction> actions, byte[] input) {
        for (SyncAction a : actions) {
            boolean finite = switch (a) {
                case SyncAction.Slew s -> Double.isFinite(s.seconds()) && Double.isFinite(s.maxRatePpm());
                case SyncAction.Step s -> Double.isFinite(s.seconds());
                case SyncAction.SetFrequency f -> Double.isFinite(f.ppm());
                case SyncAction.SetSynchronised s -> !Double.isNaN(s.maxError()) && !Double.isNaN(s.estError());
                case SyncAction.Send s -> s.request() != null;
                case SyncAction.Wake w -> w.afterNanos() >= 0;
                case SyncAction.SetLeap l -> l.leap() != null;
                case SyncAction.KeyExchange k -> k.sourceId() >= 0;
            };
            check(finite, "a finite action: " + a, input);
        }
    }

    private static void check(boolean ok, String property, byte[] input) {
        if (!ok) {
            throw new AssertionError(property + " for input " + java.util.HexFormat.of().formatHex(input));
        }
    }
}
