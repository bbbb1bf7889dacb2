// What one reply to a query turned out to be.
package dev.jntp.engine.query;

import dev.jntp.proto.KissCode;

/** A usable answer, an answer from an unsynchronised server, a kiss-o'-death, or a discarded datagram. */
public sealed interface QueryOutcome {

    /** Why a datagram was not taken as the reply. */
    enum Reason {
        /** Not a well-formed NTP packet. */
        MALFORMED,
        /** Not server mode (4). */
        NOT_SERVER_MODE,
        /** Origin is not the transmit timestamp of the request: stale, duplicated or forged. */
        ORIGIN_MISMATCH
    }

    /** A good sample. */
    record Answered(QuerySample sample) implements QueryOutcome {}

    /** The server answered but says it is not synchronised (leap 3 or stratum 16). */
    record Unsynchronised(QuerySample sample) implements QueryOutcome {}

    /** A kiss-o'-death: stratum 0 with a code (null when the code is not registered). */
    record Kiss(KissCode code, String text) implements QueryOutcome {}

    /** A datagram that does not count as the reply. */
    record Discarded(Reason reason, String detail) implements QueryOutcome {}
}
