// What status commands show about one source's NTS: chronyc authdata's columns and the counters behind them.
package dev.jntp.engine.nts;

/**
 * A snapshot of an {@link NtsClient}, for {@code jntp authdata} and {@code jntp ntpdata}.
 *
 * @param keyId sessions of NTS-KE that succeeded (chronyc authdata's KeyID: which keys are in use)
 * @param aead the algorithm of the keys, or null before a successful NTS-KE
 * @param lastKeyExchangeNanos when the last successful NTS-KE ended, in the time scale of the caller's
 *     {@code now}, or {@link Long#MIN_VALUE} before one
 * @param keAttempts NTS-KE tries since the last authenticated reply (more than 1: a problem)
 * @param nak whether an NTS NAK answered the last request
 * @param cookies cookies held
 * @param cookieLength octets of the cookie in the last request
 * @param server the NTP server the NTS-KE server named, or null for its own address
 * @param port the NTP port it named, or -1 for the configured port
 * @param authenticated authenticated replies
 * @param rejected datagrams that failed NTS authentication (test 5), NAKs apart
 * @param naks NTS NAKs received
 * @param keSuccesses NTS-KE sessions that gave cookies
 * @param keFailures NTS-KE sessions that failed
 * @param lastKeFailure why the last failed NTS-KE failed, or null
 * @param lastRejection why the last rejected datagram failed, or null
 * @param state a short description: ready, NTS-KE in progress, waiting for the next try
 */
public record NtsClientStatus(int keyId, AeadAlgorithm aead, long lastKeyExchangeNanos, int keAttempts, boolean nak,
        int cookies, int cookieLength, String server, int port, long authenticated, long rejected, long naks,
        long keSuccesses, long keFailures, String lastKeFailure, String lastRejection, String state) {

    /** Whether an NTS-KE session has succeeded. */
    public boolean keyExchanged() {
        return lastKeyExchangeNanos != Long.MIN_VALUE;
    }

    /** The same status with its time moved into another time scale, {@code by} nanoseconds ahead. */
    public NtsClientStatus shifted(long by) {
        return new NtsClientStatus(keyId, aead, keyExchanged() ? lastKeyExchangeNanos + by : Long.MIN_VALUE,
                keAttempts, nak, cookies, cookieLength, server, port, authenticated, rejected, naks, keSuccesses,
                keFailures, lastKeFailure, lastRejection, state);
    }
}
