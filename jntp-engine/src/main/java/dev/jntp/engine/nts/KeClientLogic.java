// What an NTS-KE client sends and how it reads the server's answer (RFC 8915 section 4), without TLS.
package dev.jntp.engine.nts;

import dev.jntp.proto.nts.KeCodec;
import dev.jntp.proto.nts.KeErrorCode;
import dev.jntp.proto.nts.KeRecord;
import java.util.ArrayList;
import java.util.List;

/**
 * The client side of NTS-KE, without TLS (RFC 8915 sections 4 and 4.1; chrony's nts_ke_client.c
 * was read for behaviour). The request offers NTPv4 and AES-SIV-CMAC-256, as chrony's does. The
 * response is accepted when it holds:
 *
 * <ul>
 *   <li>exactly one Next Protocol record naming NTPv4 alone, and exactly one AEAD Algorithm
 *       record naming one algorithm the request offered;
 *   <li>no Error and no Warning record (no warnings are defined, and section 4.1.4 asks a client
 *       to treat one it does not know as an error);
 *   <li>at least one usable cookie: 1 to {@value #MAX_COOKIE_LENGTH} octets, a multiple of 4 (a
 *       cookie is sent in an extension field without padding of its own); others are skipped,
 *       and at most {@value NtsClient#MAX_COOKIES} are kept;
 *   <li>optionally one Server and one Port record: where the NTP requests go instead of the
 *       NTS-KE server's address and the configured port.
 * </ul>
 * Critical records of unknown types never get here: {@link KeCodec} rejects the message.
 */
public final class KeClientLogic {

    /** The longest cookie kept (chrony's limit). */
    public static final int MAX_COOKIE_LENGTH = 256;
    /** The algorithms offered, in order of preference. */
    static final List<AeadAlgorithm> OFFERED = List.of(AeadAlgorithm.AES_SIV_CMAC_256);

    private KeClientLogic() {}

    /** What the server answered. */
    public sealed interface Response {
        /**
         * The server accepted: the algorithm to export keys for, the cookies, and where the NTP requests go.
         *
         * @param server the Server record's name or address, or null to use the NTS-KE server's address
         * @param port the Port record's port, or -1 to use the configured NTP port
         */
        record Accepted(AeadAlgorithm aead, List<byte[]> cookies, String server, int port) implements Response {
            public Accepted {
                cookies = List.copyOf(cookies);
            }
        }

        /** The server refused, or its answer is not one a client can use: why. */
        record Refused(String reason) implements Response {}
    }

    /** The request's records: Next Protocol [NTPv4], AEAD Algorithm [15], End of Message. */
    public static List<KeRecord> request() {
        return List.of(KeRecord.nextProtocol(KeServerLogic.NTPV4),
                KeRecord.aead(OFFERED.stream().map(AeadAlgorithm::id).toArray(Integer[]::new)), KeRecord.end());
    }

    /** The request's octets. */
    public static byte[] requestBytes() {
        return KeCodec.encode(request());
    }

    /** Reads a decoded response (End of Message last). Never throws. */
    public static Response read(List<KeRecord> response) {
        List<Integer> protocols = null;
        List<Integer> algorithms = null;
        List<byte[]> cookies = new ArrayList<>();
        int skipped = 0;
        String server = null;
        int port = -1;
        for (KeRecord r : response) {
            switch (r) {
                case KeRecord.Error e -> {
                    return refused("the server answered with error " + e.code() + " ("
                            + KeErrorCode.describe(e.code()) + ")");
                }
                case KeRecord.Warning w -> {
                    return refused("the server answered with warning " + w.code());
                }
                case KeRecord.NextProtocol n -> {
                    if (protocols != null) {
                        return refused("two Next Protocol records");
                    }
                    protocols = n.protocols();
                }
                case KeRecord.AeadAlgorithm a -> {
                    if (algorithms != null) {
                        return refused("two AEAD Algorithm records");
                    }
                    algorithms = a.algorithms();
                }
                case KeRecord.NewCookie c -> {
                    byte[] cookie = c.cookie();
                    if (cookie.length < 1 || cookie.length > MAX_COOKIE_LENGTH || cookie.length % 4 != 0
                            || cookies.size() >= NtsClient.MAX_COOKIES) {
                        skipped++;
                    } else {
                        cookies.add(cookie);
                    }
                }
                case KeRecord.Server s -> server = s.name();
                case KeRecord.Port p -> port = p.port() == 0 ? -1 : p.port();
                case KeRecord.EndOfMessage e -> { }
                case KeRecord.Unknown u -> { } // not critical, or the codec would have rejected the message
            }
        }
        if (protocols == null || !protocols.equals(List.of(KeServerLogic.NTPV4))) {
            return refused(protocols == null ? "no Next Protocol record" : protocols.isEmpty()
                    ? "the server does not offer NTPv4" : "Next Protocol " + protocols + " instead of [0] (NTPv4)");
        }
        if (algorithms == null || algorithms.size() != 1) {
            return refused(algorithms == null ? "no AEAD Algorithm record" : algorithms.isEmpty()
                    ? "the server supports none of the AEAD algorithms offered" : "AEAD Algorithm record " + algorithms
                            + " names more than one");
        }
        AeadAlgorithm aead = AeadAlgorithm.of(algorithms.getFirst()).filter(OFFERED::contains).orElse(null);
        if (aead == null) {
            return refused("AEAD algorithm " + algorithms.getFirst() + " was not offered");
        }
        if (cookies.isEmpty()) {
            return refused(skipped == 0 ? "no cookie" : "no usable cookie (" + skipped + " of a length jntp cannot"
                    + " use)");
        }
        return new Response.Accepted(aead, cookies, server, port);
    }

    private static Response refused(String reason) {
        return new Response.Refused(reason);
    }
}
