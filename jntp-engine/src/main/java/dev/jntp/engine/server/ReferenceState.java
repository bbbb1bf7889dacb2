// What the server tells clients about its own synchronisation, taken from the daemon's state.
package dev.jntp.engine.server;

import dev.jntp.engine.sync.SystemState;
import dev.jntp.proto.LeapIndicator;
import dev.jntp.proto.NtpShort;
import dev.jntp.proto.NtpTimestamp;
import dev.jntp.proto.ReferenceId;

/**
 * The fields of a server reply that describe the server itself (RFC 5905 section 7.3).
 *
 * @param leap leap indicator, {@link LeapIndicator#UNSYNCHRONIZED} when not synchronised
 * @param stratum 1 to 15 when synchronised; 0 on the wire when not
 * @param precision log2 seconds of the clock's precision
 * @param referenceId the reference being followed
 * @param rootDelay round-trip delay to the primary reference
 * @param rootDispersion accumulated error bound to the primary reference
 * @param referenceTime when the clock was last corrected
 */
public record ReferenceState(
        LeapIndicator leap,
        int stratum,
        int precision,
        ReferenceId referenceId,
        NtpShort rootDelay,
        NtpShort rootDispersion,
        NtpTimestamp referenceTime) {

    /** Whether clients may use this server's time. */
    public boolean synchronised() {
        return leap != LeapIndicator.UNSYNCHRONIZED && stratum > 0 && stratum < 16;
    }

    /** Root delay and root dispersion of an unsynchronised server: one second each, as chrony sends. */
    public static final NtpShort UNSYNCHRONISED_ROOT = NtpShort.ofSeconds(1.0);

    /**
     * Not synchronised: leap 3, stratum 0 on the wire (shown as 16 by chronyc and ntpq), no
     * reference and no reference time, root delay and dispersion of one second each: what
     * chrony answers before it has a source.
     */
    public static ReferenceState unsynchronised(int precision) {
        return new ReferenceState(LeapIndicator.UNSYNCHRONIZED, 0, precision, ReferenceId.NONE, UNSYNCHRONISED_ROOT,
                UNSYNCHRONISED_ROOT, NtpTimestamp.ZERO);
    }

    /**
     * What a server whose synchronisation engine is in {@code state} says at {@code now}: the
     * system peer's figures while synchronised, the local clock while the engine serves its local
     * reference ({@code local stratum N}, orphan mode included), unsynchronised otherwise.
     */
    public static ReferenceState of(SystemState state, int precision, NtpTimestamp now) {
        if (state.synchronised()) {
            return new ReferenceState(state.leap(), state.stratum(), precision, state.referenceId(),
                    NtpShort.ofSeconds(state.rootDelay()), NtpShort.ofSeconds(state.rootDispersion()),
                    NtpTimestamp.fromUnixNanos(state.referenceTimeNanos()));
        }
        return state.servesLocalReference() ? local(state.stratum(), precision, now) : unsynchronised(precision);
    }

    /**
     * The local clock as reference at the given stratum (chrony's {@code local stratum N}):
     * reference ID 127.127.1.1, zero root delay, and a reference time one second before
     * {@code now} so that it never lies after the reply's transmit timestamp.
     */
    public static ReferenceState local(int stratum, int precision, NtpTimestamp now) {
        return new ReferenceState(LeapIndicator.NO_WARNING, stratum, precision, ReferenceId.LOCAL, NtpShort.ZERO,
                NtpShort.ofSeconds(Math.scalb(1.0, precision)), now.plusNanos(-1_000_000_000L));
    }
}
