// The named checks every reply from an upstream source must pass, as chrony's "NTP tests" line shows them.
package dev.jntp.engine.sync;

/**
 * Checks on a server reply, in the order chrony prints them ({@code chronyc ntpdata}: "NTP tests :
 * 111 111 1111"). The first three groups follow RFC 5905 section 8 (tests 1 to 7 of the
 * reference implementation); the last four are chrony's sample filters. A reply that fails a
 * test of the first group is not a reply to our request; one that fails a later test is a valid
 * reply whose sample is not used.
 */
public enum PacketTest {
    /** 1: the transmit timestamp repeats the previous reply's: a duplicate or replay. */
    DUPLICATE("1", "duplicate reply"),
    /** 2: the origin timestamp is not our request's transmit timestamp: stale, misdirected or forged. */
    BOGUS("2", "origin does not match our request"),
    /** 3: a zero receive or transmit timestamp. */
    INVALID_TIMESTAMPS("3", "zero receive or transmit timestamp"),
    /**
     * 5: authentication: with a key, the reply's MAC is missing, of another key, or wrong; from an NTS source,
     * the reply must echo our request's Unique Identifier and carry an authenticator that verifies (RFC 8915
     * section 5.7). Always passes for sources with neither.
     */
    AUTHENTICATION("5", "authentication failed"),
    /** 6: the source says it is not synchronised (leap 3, stratum 0 or 16 and above) or its reference time is unset. */
    SYNCHRONISED("6", "source not synchronised"),
    /** 7: root delay / 2 + root dispersion beyond maxdistance, or a reference time after the reply. */
    ROOT_DISTANCE("7", "root distance too large"),
    /** A: round-trip delay above {@code maxdelay}. */
    MAX_DELAY("A", "delay above maxdelay"),
    /** B: delay far above the lowest recent delay (queueing): the sample would be inaccurate. */
    DELAY_RATIO("B", "delay far above the minimum"),
    /** C: delay far above the recent average compared with its spread. */
    DELAY_DEV_RATIO("C", "delay deviation too large"),
    /** D: the source is synchronised to us (its reference ID is ours): a synchronisation loop. */
    SYNC_LOOP("D", "synchronisation loop");

    private final String label;
    private final String failure;

    PacketTest(String label, String failure) {
        this.label = label;
        this.failure = failure;
    }

    /** The test's number or letter as chrony and ntpd docs name it. */
    public String label() {
        return label;
    }

    /** What a failure of this test means, for logs and {@code jntp ntpdata}. */
    public String failure() {
        return failure;
    }
}
