// The server's request counters: what arrived, what was answered, and every reason to drop.
package dev.jntp.engine.server;

/** Counted outcomes of datagrams that reach the NTP server port. */
public enum ServerCounter {
    /** Every datagram read from a socket. */
    RECEIVED,
    /** Replies handed to the socket. */
    ANSWERED,
    /** Dropped: the source address is not allowed. */
    DENIED,
    /** Dropped: shorter than an NTP header, or extension fields or trailer malformed. */
    MALFORMED,
    /** Dropped: version 0 or above 4. */
    BAD_VERSION,
    /** Dropped: a mode other than client (3) from an address that is not a configured peer. */
    UNEXPECTED_MODE,
    /** Dropped: a mode 6 datagram that is not a request jntp answers (too short, a reply, a bad version). */
    CONTROL_MODE,
    /** Dropped: mode 7 private query (never answered). */
    PRIVATE_MODE,
    /** A reply the socket refused to send. */
    SEND_FAILED,
    /** Mode 6 (ntpq) requests answered, error replies included. */
    CONTROL_ANSWERED,
    /** Mode 6 requests dropped: the address is not allowed by cmdallow/cmddeny (localhost is by default). */
    CONTROL_DENIED,
    /** Mode 6 requests dropped: the address used up its rate. */
    CONTROL_RATE_LIMITED,
    /** Dropped: the client asks more often than {@code ratelimit} allows. */
    RATE_LIMITED,
    /** Answered with a Kiss-o'-Death RATE instead of the time ({@code ratelimit ... kod N}). */
    KOD_RATE,
    /** Requests with a valid MAC of a known key, answered with a reply signed by that key. */
    AUTHENTICATED,
    /** Requests with a MAC of a key this server does not have, answered with a crypto-NAK. */
    AUTH_UNKNOWN_KEY,
    /** Requests whose MAC is wrong for its key (or has the wrong length), answered with a crypto-NAK. */
    AUTH_BAD_MAC
}
