// A server or pool line of the configuration, with its options.
package dev.jntp.config;

/**
 * {@code server|pool NAME [options]}. Numbers that were not given hold chrony's defaults.
 *
 * @param kind server or pool
 * @param name host name or address
 * @param port remote UDP port
 * @param iburst send a burst of requests at start
 * @param burst send a burst at each poll
 * @param minPoll log2 of the shortest poll interval
 * @param maxPoll log2 of the longest poll interval
 * @param prefer prefer this source when selecting
 * @param noSelect never select this source
 * @param trust assume the source is right when sources disagree
 * @param require the source must be selectable before others are used
 * @param maxDelay largest round-trip delay accepted, seconds
 * @param maxSources for pools, how many members to use
 * @param keyId symmetric key id, 0 for none
 * @param nts use NTS
 * @param ntsPort NTS-KE port
 * @param version NTP version to send
 * @param offline start offline
 * @param line the line it came from
 */
public record SourceSpec(
        Kind kind,
        String name,
        int port,
        boolean iburst,
        boolean burst,
        int minPoll,
        int maxPoll,
        boolean prefer,
        boolean noSelect,
        boolean trust,
        boolean require,
        double maxDelay,
        int maxSources,
        long keyId,
        boolean nts,
        int ntsPort,
        int version,
        boolean offline,
        int line) {

    /** Whether a line named one server or a pool of them. */
    public enum Kind { SERVER, POOL }
}
