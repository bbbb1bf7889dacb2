// The variables of one association in mode 6, as ntpq's 'rv N' and 'peers' (ntpq -p) read them.
package dev.jntp.engine.control;

import static dev.jntp.engine.control.VariableText.millis;

import dev.jntp.engine.sync.PacketTest;
import dev.jntp.engine.sync.SourceReply;
import dev.jntp.engine.sync.SourceSnapshot;
import dev.jntp.engine.sync.SourceState;
import dev.jntp.engine.sync.TestVerdicts;
import dev.jntp.proto.NtpTimestamp;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Per-association variables with ntpd's names and formats. jntp is always the client of its
 * sources: {@code hmode} 3, {@code pmode} 4 once a reply came. From the last valid reply:
 * {@code leap}, {@code stratum} (16 before a reply and for a kiss-o'-death, as ntpd shows
 * them), {@code ppoll}, {@code precision}, {@code rootdelay}, {@code rootdisp}, {@code refid}
 * ({@code INIT} before a reply), {@code reftime} and {@code rec} (when it arrived, from which
 * ntpq computes "when"). From the engine: {@code hpoll} (our poll exponent), {@code reach}
 * (hex), {@code delay} (the last round trip, ms), {@code offset} (the regression's estimate of
 * the source's offset now, ms, positive when the source is ahead) and {@code jitter} (the
 * spread of the regression's residuals, ms).
 *
 * <p>{@code flash} holds the packet tests the last reply failed, in ntpd's bits: duplicate
 * 0x1, bogus origin 0x2, zero timestamps 0x4, authentication 0x10, unsynchronised 0x20,
 * root distance 0x40, chrony's three delay filters as peer_dist 0x400, synchronisation loop
 * 0x800, and 0x1000 while the source is unreachable.
 */
final class PeerVariables {

    /** ntpd's peer status selection codes. */
    static final int SEL_REJECT = 0;
    static final int SEL_FALSETICKER = 1;
    static final int SEL_OUTLIER = 3;
    static final int SEL_CANDIDATE = 4;
    static final int SEL_SYSPEER = 6;

    private PeerVariables() {}

    /** Every variable of {@code p} in ntpd's usual order; a value is null where it does not apply. */
    static Map<String, String> of(ControlView.Peer p) {
        SourceSnapshot s = p.snapshot();
        SourceReply r = p.reply();
        int stratum = r == null || r.stratum() == 0 ? 16 : r.stratum();
        Map<String, String> m = new LinkedHashMap<>();
        m.put("srcadr", p.address());
        m.put("srcport", p.address() == null ? null : String.valueOf(p.port()));
        m.put("srchost", p.address() == null || s.name().equals(p.address()) ? null : VariableText.quoted(s.name()));
        m.put("leap", String.valueOf(r == null ? 3 : r.leap().code()));
        m.put("hmode", "3");
        m.put("pmode", r == null ? "0" : "4");
        m.put("stratum", String.valueOf(stratum));
        m.put("ppoll", String.valueOf(r == null ? s.poll() : r.poll()));
        m.put("hpoll", String.valueOf(s.poll()));
        m.put("precision", String.valueOf(r == null ? 0 : r.precision()));
        m.put("rootdelay", millis(r == null ? 0 : r.rootDelay(), 3));
        m.put("rootdisp", millis(r == null ? 0 : r.rootDispersion(), 3));
        m.put("refid", r == null ? "INIT" : VariableText.refid(r.referenceId(), stratum));
        m.put("reftime", VariableText.timestamp(r == null ? NtpTimestamp.ZERO : r.referenceTime()));
        m.put("rec", VariableText.timestamp(r == null ? NtpTimestamp.ZERO
                : NtpTimestamp.fromUnixNanos(r.receivedNanos())));
        m.put("reach", VariableText.hex(s.reach()));
        m.put("delay", millis(s.lastDelay(), 6));
        m.put("offset", millis(Double.isFinite(s.estimatedOffset()) ? s.estimatedOffset() : s.lastOffset(), 6));
        m.put("jitter", millis(s.jitter(), 6));
        m.put("keyid", "0");
        m.put("flash", VariableText.hex(flash(s.lastTests(), s.reach(), r != null)));
        return m;
    }

    /** ntpd's flash bits for the tests the last reply failed, and peer_unreach. */
    static int flash(TestVerdicts v, int reach, boolean heard) {
        int bits = 0;
        for (PacketTest t : v.failed()) {
            bits |= switch (t) {
                case DUPLICATE -> 0x0001;
                case BOGUS -> 0x0002;
                case INVALID_TIMESTAMPS -> 0x0004;
                case AUTHENTICATION -> 0x0010;
                case SYNCHRONISED -> 0x0020;
                case ROOT_DISTANCE -> 0x0040;
                case MAX_DELAY, DELAY_RATIO, DELAY_DEV_RATIO -> 0x0400;
                case SYNC_LOOP -> 0x0800;
            };
        }
        return reach == 0 && heard ? bits | 0x1000 : bits;
    }

    /**
     * The peer status word: configured (0x80) and reachable (0x10) bits with the selection code
     * in the high octet, then an event count and code: sys_peer for the system peer,
     * access_denied when a kiss-o'-death stopped polling, reachable, or unreachable after replies.
     */
    static int status(ControlView.Peer p) {
        SourceSnapshot s = p.snapshot();
        int select = switch (s.state()) {
            case SELECTED -> SEL_SYSPEER;
            case COMBINED -> SEL_CANDIDATE;
            case NOT_COMBINED -> SEL_OUTLIER;
            case FALSETICKER -> SEL_FALSETICKER;
            case UNUSABLE -> SEL_REJECT;
        };
        int statval = 0x80 | (s.reach() != 0 ? 0x10 : 0) | select;
        int event;
        if (s.state() == SourceState.SELECTED) {
            event = 10;
        } else if (s.stopReason() != null) {
            event = 8;
        } else if (s.reach() != 0) {
            event = 4;
        } else {
            event = p.reply() != null ? 3 : 0;
        }
        return (statval << 8) | ((event == 0 ? 0 : 1) << 4) | event;
    }
}
