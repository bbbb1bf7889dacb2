// What the synchronisation engine asks its shell to do: send, wake it later, or correct the clock.
package dev.jntp.engine.sync;

import dev.jntp.proto.LeapIndicator;

/** Actions returned by {@link SyncEngine}; the daemon or a simulation performs them in order. */
public sealed interface SyncAction {

    /** Send {@code request} to source {@code sourceId}, then call {@link SyncEngine#sent} with the send time. */
    record Send(int sourceId, byte[] request) implements SyncAction {}

    /** Call {@link SyncEngine#onWake} for {@code sourceId} after {@code afterNanos} (monotonic). */
    record Wake(int sourceId, long afterNanos) implements SyncAction {}

    /** Set the clock's frequency correction (see {@link dev.jntp.engine.clock.NtpClock#setFrequencyPpm}). */
    record SetFrequency(double ppm) implements SyncAction {}

    /** Slew the clock (see {@link dev.jntp.engine.clock.NtpClock#slew}). */
    record Slew(double seconds, double maxRatePpm) implements SyncAction {}

    /** Step the clock (see {@link dev.jntp.engine.clock.NtpClock#step}). */
    record Step(double seconds) implements SyncAction {}

    /** Arm or clear a leap second (see {@link dev.jntp.engine.clock.NtpClock#setLeap}). */
    record SetLeap(LeapIndicator leap) implements SyncAction {}

    /** Report synchronisation (see {@link dev.jntp.engine.clock.NtpClock#setSynchronised}). */
    record SetSynchronised(boolean synchronised, double maxError, double estError) implements SyncAction {}

    /**
     * Run NTS-KE for NTS source {@code sourceId} (off the thread that drives the engine) and hand the
     * outcome to {@link SyncEngine#onKeyExchange}.
     */
    record KeyExchange(int sourceId) implements SyncAction {}
}
