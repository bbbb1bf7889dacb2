// The system variables of mode 6 (association 0) as ntpq's 'rv' shows them, from jntp's state.
package dev.jntp.engine.control;

import static dev.jntp.engine.control.VariableText.fixed;
import static dev.jntp.engine.control.VariableText.millis;

import dev.jntp.engine.server.ReferenceState;
import dev.jntp.engine.sync.SystemState;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The variables ntpd and NTPsec report for association 0, with jntp's meaning of each:
 *
 * <ul>
 *   <li>{@code leap}, {@code stratum}, {@code precision}, {@code rootdelay}, {@code rootdisp},
 *       {@code refid}, {@code reftime}: what this server's replies to clients say now (stratum
 *       16 and leap 3 while it serves nothing usable); {@code rootdist} is root delay / 2 +
 *       root dispersion.
 *   <li>{@code peer}: the association id of the system peer, 0 without one; {@code tc}: its poll
 *       exponent (else the shortest poll of any source, else {@code mintc}); {@code mintc}: the
 *       smallest configured minpoll.
 *   <li>{@code offset}: the last offset measured (ms, positive when the reference is ahead);
 *       {@code frequency}: the frequency correction in force (ppm); {@code sys_jitter}: the
 *       system peer's jitter (ms); {@code clk_jitter}: the RMS of recent offsets (ms);
 *       {@code clk_wander}: the error bound of the frequency (ppm). All 0 without sources.
 *   <li>{@code clock}: the served time now; {@code version}, {@code processor}, {@code system},
 *       {@code release}: the program and the host.
 *   <li>Only when named, as in NTPsec (ntpq's {@code sysinfo} asks for them): {@code peeradr}
 *       (the system peer's address and port, {@code 0.0.0.0:0} without one), {@code peermode}
 *       (its association mode, 3, or 0) and {@code authdelay} (0: no symmetric keys).
 * </ul>
 */
final class SystemVariables {

    /** Variables sent only when a request names them. */
    static final java.util.Set<String> ON_REQUEST = java.util.Set.of("peeradr", "peermode", "authdelay");

    private SystemVariables() {}

    /** Every system variable in ntpq's usual order. */
    static Map<String, String> of(ControlView v) {
        ReferenceState r = v.reference();
        SystemState s = v.system();
        int stratum = r.synchronised() ? r.stratum() : 16;
        ControlView.Peer sysPeer = s != null && s.synchronised() ? v.peer(s.systemPeer() + 1) : null;
        Map<String, String> m = new LinkedHashMap<>();
        m.put("version", VariableText.quoted(v.host().version()));
        m.put("processor", VariableText.quoted(v.host().processor()));
        m.put("system", VariableText.quoted(v.host().system()));
        m.put("release", VariableText.quoted(v.host().release()));
        m.put("leap", String.valueOf(r.synchronised() ? r.leap().code() : 3));
        m.put("stratum", String.valueOf(stratum));
        m.put("precision", String.valueOf(r.precision()));
        // While following a source, the engine's figures, of which the header carries a rounding to 15 us.
        double rootDelay = s != null && s.synchronised() ? s.rootDelay() : r.rootDelay().toSeconds();
        double rootDisp = s != null && s.synchronised() ? s.rootDispersion() : r.rootDispersion().toSeconds();
        m.put("rootdelay", millis(rootDelay, 3));
        m.put("rootdisp", millis(rootDisp, 3));
        m.put("rootdist", millis(rootDelay / 2 + rootDisp, 3));
        m.put("refid", VariableText.refid(r.referenceId(), stratum));
        m.put("reftime", VariableText.timestamp(r.referenceTime()));
        m.put("clock", VariableText.timestamp(v.clock()));
        m.put("peer", String.valueOf(sysPeer == null ? 0 : sysPeer.associationId()));
        m.put("tc", String.valueOf(timeConstant(v, sysPeer)));
        m.put("mintc", String.valueOf(v.minPoll()));
        m.put("offset", millis(s == null ? 0 : s.offset(), 6));
        m.put("frequency", fixed(s == null ? 0 : s.frequencyPpm(), 3));
        m.put("sys_jitter", millis(sysPeer == null ? 0 : sysPeer.snapshot().jitter(), 6));
        m.put("clk_jitter", millis(s == null ? 0 : s.rmsOffset(), 6));
        m.put("clk_wander", fixed(s == null ? 0 : s.skewPpm(), 6));
        m.put("peeradr", VariableText.quoted(sysPeer == null || sysPeer.address() == null ? "0.0.0.0:0"
                : (sysPeer.address().contains(":") ? "[" + sysPeer.address() + "]" : sysPeer.address()) + ":"
                        + sysPeer.port()));
        m.put("peermode", sysPeer == null ? "0" : "3");
        m.put("authdelay", fixed(0, 3));
        return m;
    }

    private static int timeConstant(ControlView v, ControlView.Peer sysPeer) {
        if (sysPeer != null) {
            return sysPeer.snapshot().poll();
        }
        return v.peers().stream().mapToInt(p -> p.snapshot().poll()).min().orElse(v.minPoll());
    }

    /**
     * The system status word: leap indicator, clock source (6 NTP while following a source, 5
     * local while serving this host's clock, 0 otherwise), event count and last event (clock_sync
     * while synchronised, no_sys_peer while sources exist but none is followed).
     */
    static int status(ControlView v) {
        ReferenceState r = v.reference();
        SystemState s = v.system();
        int leap = r.synchronised() ? r.leap().code() : 3;
        boolean following = s != null && s.synchronised();
        int source = following ? 6 : r.synchronised() ? 5 : 0;
        int events = following ? 1 : 0;
        int event = following ? 5 : v.peers().isEmpty() ? 0 : 8;
        return (leap << 14) | (source << 8) | (events << 4) | event;
    }
}
