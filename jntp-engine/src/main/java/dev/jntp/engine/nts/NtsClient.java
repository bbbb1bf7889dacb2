// One source's NTS client state (RFC 8915 section 5.7): keys, the cookie jar, the request in flight, and when to run NTS-KE.
package dev.jntp.engine.nts;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * The NTS side of one association, pure (time and randomness come in). It follows RFC 8915
 * section 5.7 and chrony's nts_ntp_client.c, read for its policies:
 *
 * <ul>
 *   <li><b>Cookie jar.</b> Up to {@value #MAX_COOKIES} cookies, each used once, oldest first.
 *       A request carries one and asks for as many more as the jar lacks, within
 *       {@value #MAX_TOTAL_COOKIE_LENGTH} octets of cookies (placeholders count as cookies) so
 *       that the reply is not fragmented: chrony's rule.
 *   <li><b>Requests.</b> A fresh {@value #UID_LENGTH}-octet Unique Identifier and
 *       {@value #NONCE_LENGTH}-octet nonce per request, from the random generator given (a
 *       SecureRandom in the daemon: a guessable identifier would let anyone forge a NAK). A
 *       new request forgets the identifier of the previous one, so late replies to it fail.
 *   <li><b>Replies.</b> Valid only with the identifier of the request in flight, an
 *       authenticator that verifies under the S2C key as the last field, and at least one
 *       cookie inside; the cookies go into the jar. One valid reply per request: the identifier
 *       is forgotten once it is answered. Anything else fails packet test 5 and is dropped.
 *   <li><b>NTS NAK</b> (a kiss-o'-death NTSN with the request's identifier, unauthenticated by
 *       design): remembered; if no valid reply to that request follows before the next poll,
 *       the cookies are dropped and NTS-KE runs again (section 5.7's "wait until the next poll").
 *   <li><b>NTS-KE</b> when the jar is empty, and when the keys are older than the refresh
 *       interval (chrony's {@code ntsrefresh}, four weeks). While it runs, and until the next
 *       try is allowed, polls send nothing (they count as missed, as in chrony). Back-off as
 *       chrony's: the n-th try in a row waits 2^min(f + n - 1, 19) s, f = 4 when the
 *       connection failed before TLS got an answer and 10 otherwise (after a success too:
 *       cookies that work end the count, so a server whose NTP side never answers is not asked
 *       for cookies every minute).
 * </ul>
 */
public final class NtsClient {

    /** Cookies kept at most (RFC 8915 section 5.7 recommends 8). */
    public static final int MAX_COOKIES = 8;
    /** Octets of each Unique Identifier (section 5.3's minimum). */
    public static final int UID_LENGTH = 32;
    /** Octets of each request's nonce (chrony's; at least 16 keeps every server's padding rule). */
    public static final int NONCE_LENGTH = 16;
    /** Octets of cookies and placeholders one request may carry: eight cookies of chrony's size with headers. */
    static final int MAX_TOTAL_COOKIE_LENGTH = 8 * 108;
    /** log2 seconds before retrying NTS-KE after a failed connection (chrony's retry factor). */
    static final int RETRY_CONNECT_LOG2 = 4;
    /** log2 seconds before retrying after TLS got an answer (chrony's). */
    static final int RETRY_TLS_LOG2 = 10;
    /** The longest wait between NTS-KE tries, log2 seconds (about six days). */
    static final int MAX_RETRY_LOG2 = 19;
    /** chrony's default {@code ntsrefresh}: keys and cookies are renewed after four weeks. */
    public static final long DEFAULT_REFRESH_SECONDS = 2_419_200;

    /** What a poll does for an NTS source. */
    public sealed interface Poll {
        /** Send this authenticated request. */
        record Send(byte[] request) implements Poll {}

        /** Start an NTS-KE session and hand its result to {@link #onKeyExchange}; send nothing now. */
        record KeyExchange() implements Poll {}

        /** Send nothing: NTS-KE is running, or the next try is not due yet. */
        record Wait(String why) implements Poll {}
    }

    /** What a reply turned out to be. */
    public enum Check {
        /** Authenticated reply to the request in flight; its cookies are in the jar. */
        AUTHENTICATED,
        /** An NTS NAK to the request in flight: dropped, and noted. */
        NAK,
        /** Not an authenticated reply to the request in flight: dropped. */
        INVALID
    }

    private final RandomGenerator random;
    private final long refreshNanos;
    private final ArrayDeque<byte[]> jar = new ArrayDeque<>(MAX_COOKIES);
    private NtsKeys keys;
    private byte[] uid;
    private boolean answered = true;
    private boolean nak;
    private boolean keRunning;
    private int keAttempts;
    private long nextKeAt = Long.MIN_VALUE;
    private long lastKeAt = Long.MIN_VALUE;
    private int keyId;
    private String server;
    private int port = -1;
    private int cookieLength;
    private long authenticated;
    private long rejected;
    private long naks;
    private long keSuccesses;
    private long keFailures;
    private String lastKeFailure;
    private String lastRejection;

    /**
     * @param random source of identifiers and nonces (cryptographically strong in the daemon)
     * @param refreshSeconds age of the keys at which NTS-KE runs again (chrony's {@code ntsrefresh})
     */
    public NtsClient(RandomGenerator random, long refreshSeconds) {
        if (refreshSeconds <= 0) {
            throw new IllegalArgumentException("refresh interval must be positive, got " + refreshSeconds);
        }
        this.random = random;
        this.refreshNanos = Math.multiplyExact(refreshSeconds, 1_000_000_000L);
    }

    /** With chrony's default refresh interval. */
    public NtsClient(RandomGenerator random) {
        this(random, DEFAULT_REFRESH_SECONDS);
    }

    /**
     * A poll is due at monotonic time {@code now} (nanoseconds): the authenticated request built
     * on {@code header} (48 octets, client mode; sent as NTPv4, the only version with extension
     * fields), or what to do instead.
     */
    public Poll poll(long now, byte[] header) {
        uid = null;
        if (!jar.isEmpty() && ((nak && !answered) || now - lastKeAt > refreshNanos)) {
            jar.clear(); // a NAK went unanswered by a valid reply, or the keys are old
        }
        if (jar.isEmpty()) {
            if (keRunning) {
                return new Poll.Wait("NTS-KE in progress");
            }
            if (now < nextKeAt) {
                return new Poll.Wait("no cookies; next NTS-KE in " + (nextKeAt - now) / 1_000_000_000L + " s");
            }
            keRunning = true;
            keAttempts++;
            nextKeAt = now + retry(RETRY_CONNECT_LOG2);
            return new Poll.KeyExchange();
        }
        nak = false;
        byte[] cookie = jar.poll();
        int wanted = Math.min(MAX_COOKIES - jar.size(), MAX_TOTAL_COOKIE_LENGTH / (cookie.length + 4));
        byte[] id = new byte[UID_LENGTH];
        byte[] nonce = new byte[NONCE_LENGTH];
        random.nextBytes(id);
        random.nextBytes(nonce);
        byte[] v4 = header.clone();
        v4[0] = (byte) ((v4[0] & 0xC7) | (4 << 3));
        byte[] request = NtsClientPackets.request(v4, id, cookie, Math.max(0, wanted - 1), keys, nonce);
        uid = id;
        answered = false;
        cookieLength = cookie.length;
        return new Poll.Send(request);
    }

    /** Checks {@code len} octets of a datagram from the source against the request in flight. Never throws. */
    public Check onReply(byte[] buf, int len) {
        if (uid == null) {
            return reject(answered ? "no NTS request in flight (a duplicate, or a reply to an older request)"
                    : "no NTS request in flight");
        }
        if (buf == null || len < 0 || len > buf.length) {
            return reject("no datagram");
        }
        return switch (NtsClientPackets.check(Arrays.copyOf(buf, len), uid, keys)) {
            case NtsClientPackets.Reply.Authenticated a -> accept(a.cookies());
            case NtsClientPackets.Reply.Nak n -> {
                nak = true;
                naks++;
                yield Check.NAK;
            }
            case NtsClientPackets.Reply.Invalid i -> reject(i.reason());
        };
    }

    private Check accept(List<byte[]> cookies) {
        int usable = 0;
        for (byte[] c : cookies) {
            if (c.length >= 1 && c.length <= KeClientLogic.MAX_COOKIE_LENGTH && c.length % 4 == 0) {
                usable++;
                if (jar.size() < MAX_COOKIES) {
                    jar.add(c);
                }
            }
        }
        if (usable == 0) {
            return reject("no usable cookie in the reply");
        }
        uid = null;
        answered = true;
        keAttempts = 0;
        nextKeAt = Long.MIN_VALUE;
        authenticated++;
        return Check.AUTHENTICATED;
    }

    private Check reject(String why) {
        rejected++;
        lastRejection = why;
        return Check.INVALID;
    }

    /** The NTS-KE session started by {@link Poll.KeyExchange} ended at monotonic time {@code now}. */
    public void onKeyExchange(long now, NtsKeResult result) {
        keRunning = false;
        switch (result) {
            case NtsKeResult.Success s -> {
                keys = s.keys();
                jar.clear();
                for (byte[] c : s.cookies()) {
                    if (jar.size() < MAX_COOKIES && c.length >= 1 && c.length <= KeClientLogic.MAX_COOKIE_LENGTH
                            && c.length % 4 == 0) {
                        jar.add(c.clone());
                    }
                }
                server = s.server();
                port = s.port();
                lastKeAt = now;
                keyId++;
                keSuccesses++;
                nak = false;
                answered = true;
                nextKeAt = now + retry(RETRY_TLS_LOG2);
            }
            case NtsKeResult.Failure f -> {
                keFailures++;
                lastKeFailure = f.reason();
                nextKeAt = now + retry(f.tlsReached() ? RETRY_TLS_LOG2 : RETRY_CONNECT_LOG2);
            }
        }
    }

    /** The wait before the next NTS-KE try: 2^min(factor + tries - 1, 19) seconds. */
    private long retry(int factorLog2) {
        int log2 = Math.min(factorLog2 + Math.max(1, keAttempts) - 1, MAX_RETRY_LOG2);
        return (1L << log2) * 1_000_000_000L;
    }

    /** Whether an NTS-KE session is running. */
    public boolean keyExchangeRunning() {
        return keRunning;
    }

    /** Cookies in the jar. */
    public int cookies() {
        return jar.size();
    }

    /** What status commands show, at monotonic time {@code now}. */
    public NtsClientStatus status(long now) {
        String state = keRunning ? "NTS-KE in progress"
                : !jar.isEmpty() ? "ready"
                : keys == null && keFailures == 0 ? "no NTS-KE yet"
                : now < nextKeAt ? "no cookies; next NTS-KE in " + (nextKeAt - now) / 1_000_000_000L + " s"
                : "no cookies; NTS-KE at the next poll";
        return new NtsClientStatus(keyId, keys == null ? null : keys.aead(), lastKeAt, keAttempts, nak, jar.size(),
                cookieLength, server, port, authenticated, rejected, naks, keSuccesses, keFailures, lastKeFailure, lastRejection, state);
    }
}
