// What one look at an NTP service saw, whichever way it was read (control socket, NTP packet, mode 6).
package dev.jntp.cli.check;

import dev.jntp.proto.LeapIndicator;

/**
 * The figures a health check judges. Unknown figures are NaN or -1, as each field says.
 *
 * @param synchronised whether the service follows a reference (for a server: its reply does not say unsynchronised)
 * @param localReference whether it serves its own clock ({@code local stratum N}) instead of following a source
 * @param alarm why it is not synchronised ("" when it is, or when nothing says)
 * @param offset seconds, NTP's sign: true time minus the local clock (positive: the clock is slow); NaN unknown
 * @param stratum -1 unknown
 * @param leap the leap indicator ({@code UNSYNCHRONIZED} is the leap alarm)
 * @param sources sources the service polls, -1 unknown
 * @param reachable sources that answer, -1 unknown
 * @param sinceUpdate seconds since the clock was last updated; infinity never, NaN unknown
 * @param reference the reference's name or ID, for people ("" unknown)
 */
public record Observation(boolean synchronised, boolean localReference, String alarm, double offset, int stratum,
        LeapIndicator leap, int sources, int reachable, double sinceUpdate, String reference) {}
