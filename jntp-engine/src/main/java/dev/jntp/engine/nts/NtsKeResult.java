// The outcome of one NTS-KE session as the daemon hands it to the engine: keys and cookies, or why not.
package dev.jntp.engine.nts;

import java.util.List;

/** What an NTS-KE session gave; see {@link NtsClient#onKeyExchange}. */
public sealed interface NtsKeResult {

    /**
     * The session succeeded.
     *
     * @param keys the C2S and S2C keys exported from the TLS session
     * @param cookies the cookies, in the order received
     * @param server the NTP server the response named (Server record), or null for the NTS-KE server's address
     * @param port the NTP port the response named (Port record), or -1 for the configured port
     */
    record Success(NtsKeys keys, List<byte[]> cookies, String server, int port) implements NtsKeResult {
        public Success {
            cookies = List.copyOf(cookies);
        }
    }

    /**
     * The session failed.
     *
     * @param reason what went wrong, for the log and status commands
     * @param tlsReached whether TLS got as far as an answer from the server (the handshake completed, or
     *     failed other than by the connection closing: a certificate that does not verify, no common
     *     protocol); the next try then waits longer, as chrony's retry factor does
     */
    record Failure(String reason, boolean tlsReached) implements NtsKeResult {}
}
