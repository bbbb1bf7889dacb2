// The engine's published view of synchronisation, read by the server, status commands and tests.
package dev.jntp.engine.sync;

import dev.jntp.proto.LeapIndicator;
import dev.jntp.proto.ReferenceId;

/**
 * An immutable snapshot, as {@code chronyc tracking} shows it. While the local reference is
 * active ({@link LocalReference}) the state is, as in chrony's reference.c, not synchronised
 * but carries the local stratum, reference ID 127.127.1.1 and leap "normal":
 * {@link #servesLocalReference()}.
 *
 * @param synchronised whether the clock follows a selected source
 * @param stratum system stratum (source's + 1), 16 when not synchronised (the local stratum while the
 *     local reference is active)
 * @param referenceId the system peer's reference ID
 * @param referenceTimeNanos local time of the last clock update (0: never)
 * @param offset the last offset measured, seconds (reference minus local)
 * @param rmsOffset RMS of recent offsets, seconds
 * @param frequencyPpm frequency correction in force, ppm
 * @param skewPpm error bound of the frequency, ppm
 * @param rootDelay root delay to the primary reference, seconds
 * @param rootDispersion root dispersion, seconds
 * @param leap leap indicator to announce
 * @param systemPeer id of the system peer, -1 without one
 * @param alarm why the clock is not synchronised (empty when it is)
 * @param updates clock updates made so far
 */
public record SystemState(boolean synchronised, int stratum, ReferenceId referenceId, long referenceTimeNanos,
        double offset, double rmsOffset, double frequencyPpm, double skewPpm, double rootDelay, double rootDispersion,
        LeapIndicator leap, int systemPeer, String alarm, long updates) {

    /** Whether the local clock is served as the reference ({@code local stratum N} active). */
    public boolean servesLocalReference() {
        return !synchronised && stratum < 16 && referenceId.equals(ReferenceId.LOCAL);
    }
}
