// The total result of opening a cookie: the association's keys, or why the cookie is refused.
package dev.jntp.engine.nts;

/** What {@link Cookies#open} found; it never throws. Every outcome but {@link Opened} calls for an NTS NAK. */
public sealed interface CookieOpening {

    /** A cookie this server sealed: the keys inside and the cookie key that sealed them. */
    record Opened(NtsKeys keys, CookieKey sealedWith) implements CookieOpening {}

    /** The cookie names a key this server does not have (retired, or another server's). */
    record UnknownKey(long id) implements CookieOpening {}

    /** The cookie names a known key but does not authenticate under it, or holds what no cookie holds. */
    record Undecryptable(String detail) implements CookieOpening {}

    /** Too short to be a cookie. */
    record Malformed(String detail) implements CookieOpening {}
}
