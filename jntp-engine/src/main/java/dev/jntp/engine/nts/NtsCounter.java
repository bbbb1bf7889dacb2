// The NTS counters shown by 'jntp serverstats': authenticated NTP requests, NAKs, and NTS-KE connections.
package dev.jntp.engine.nts;

/** Counted NTS events; see {@link NtsStats}. */
public enum NtsCounter {
    /** NTP requests answered with an authenticated reply. */
    AUTHENTICATED,
    /** NTS NAKs sent: the cookie's key is unknown (retired, or another server's). */
    NAK_UNKNOWN_KEY,
    /** NTS NAKs sent: the cookie or the request's authenticator does not authenticate, or is malformed. */
    NAK_BAD_AUTH,
    /** NTP requests with NTS fields dropped: a field missing, twice, out of place, or of the wrong size. */
    MALFORMED,
    /** NTS-KE connections that got cookies. */
    KE_ACCEPTED,
    /** NTS-KE connections answered with an Error record or a refusal (no NTPv4, no common AEAD). */
    KE_REFUSED,
    /** NTS-KE connections that failed: TLS handshake, ALPN, timeout, closed early, too many at once. */
    KE_FAILED
}
