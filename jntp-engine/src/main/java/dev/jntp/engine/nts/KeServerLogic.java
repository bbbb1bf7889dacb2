// What an NTS-KE server answers to a request (RFC 8915 section 4.1): negotiation and the response records.
package dev.jntp.engine.nts;

import dev.jntp.proto.nts.KeDecodeError;
import dev.jntp.proto.nts.KeErrorCode;
import dev.jntp.proto.nts.KeRecord;
import java.util.ArrayList;
import java.util.List;

/**
 * The server side of NTS-KE, without TLS: from the client's records, either the AEAD algorithm to
 * export keys for, or the whole response that refuses. Rules (RFC 8915 sections 4 and 4.1):
 *
 * <ul>
 *   <li>Exactly one Next Protocol record, critical, with at least one protocol; a request that
 *       offers NTPv4 (0) also needs exactly one AEAD Algorithm record with at least one
 *       algorithm. Error, Warning and New Cookie records have no place in a request. Any of
 *       these faults: Error "bad request" (1).
 *   <li>A critical record of an unknown type: Error "unrecognized critical record" (0), the
 *       decoder's verdict.
 *   <li>No NTPv4 offered: an empty Next Protocol record. NTPv4 but no AEAD algorithm jntp
 *       supports: Next Protocol [0] and an empty AEAD Algorithm record.
 *   <li>Otherwise the first of the client's algorithms that jntp supports (the client lists them
 *       in order of preference), and a response of Next Protocol [0], AEAD [id], Port and
 *       Server when the client must be told, then the cookies, then End of Message.
 * </ul>
 */
public final class KeServerLogic {

    /** NTPv4's protocol id. */
    public static final int NTPV4 = 0;
    /** The NTP port a client assumes when the response has no Port record. */
    public static final int DEFAULT_NTP_PORT = 123;
    /** Cookies in each response: RFC 8915 section 4.1.6 recommends 8, chrony sends 8. */
    public static final int COOKIES = 8;

    private KeServerLogic() {}

    /** What the server does with a request. */
    public sealed interface Outcome {
        /** Export keys for this algorithm and answer with {@link #response}. */
        record Accepted(AeadAlgorithm aead) implements Outcome {}

        /** Send these records (they end with End of Message) and close. */
        record Refused(List<KeRecord> response, String reason) implements Outcome {
            public Refused {
                response = List.copyOf(response);
            }
        }
    }

    /** Negotiates from a decoded request (End of Message last). */
    public static Outcome negotiate(List<KeRecord> request) {
        int protocolRecords = 0;
        int aeadRecords = 0;
        boolean ntpv4 = false;
        boolean anyProtocol = false;
        boolean anyAead = false;
        AeadAlgorithm chosen = null;
        for (KeRecord r : request) {
            switch (r) {
                case KeRecord.NextProtocol n -> {
                    protocolRecords++;
                    if (!n.critical()) {
                        return badRequest("Next Protocol record without the critical bit");
                    }
                    anyProtocol |= !n.protocols().isEmpty();
                    ntpv4 |= n.protocols().contains(NTPV4);
                }
                case KeRecord.AeadAlgorithm a -> {
                    aeadRecords++;
                    anyAead |= !a.algorithms().isEmpty();
                    for (int id : a.algorithms()) {
                        if (chosen == null) {
                            chosen = AeadAlgorithm.of(id).orElse(null);
                        }
                    }
                }
                case KeRecord.Error e -> {
                    return badRequest("Error record in a request");
                }
                case KeRecord.Warning w -> {
                    return badRequest("Warning record in a request");
                }
                case KeRecord.NewCookie c -> {
                    return badRequest("New Cookie record in a request");
                }
                case KeRecord.Unknown u when u.critical() -> {
                    return refuse(KeErrorCode.UNRECOGNIZED_CRITICAL_RECORD, "critical record of type " + u.type());
                }
                default -> {
                    // End of Message; Server and Port are a client's wishes, which jntp need not follow.
                }
            }
        }
        if (protocolRecords != 1 || !anyProtocol) {
            return badRequest(protocolRecords + " Next Protocol records" + (anyProtocol ? "" : ", no protocol"));
        }
        if (!ntpv4) {
            return new Outcome.Refused(List.of(new KeRecord.NextProtocol(true, List.of()), KeRecord.end()),
                    "the client does not offer NTPv4");
        }
        if (aeadRecords != 1 || !anyAead) {
            return badRequest(aeadRecords + " AEAD Algorithm records" + (anyAead ? "" : ", no algorithm"));
        }
        if (chosen == null) {
            return new Outcome.Refused(List.of(KeRecord.nextProtocol(NTPV4),
                    new KeRecord.AeadAlgorithm(true, List.of()), KeRecord.end()),
                    "none of the client's AEAD algorithms is supported");
        }
        return new Outcome.Accepted(chosen);
    }

    /** The refusal for a request that did not decode. */
    public static Outcome.Refused refuse(KeDecodeError error, String detail) {
        return refuse(error == KeDecodeError.UNRECOGNIZED_CRITICAL ? KeErrorCode.UNRECOGNIZED_CRITICAL_RECORD
                : KeErrorCode.BAD_REQUEST, detail);
    }

    /** An Error record with {@code code}, then End of Message. */
    public static Outcome.Refused refuse(int code, String reason) {
        return new Outcome.Refused(List.of(KeRecord.error(code), KeRecord.end()), reason);
    }

    private static Outcome.Refused badRequest(String reason) {
        return refuse(KeErrorCode.BAD_REQUEST, reason);
    }

    /**
     * The response to an accepted request.
     *
     * @param ntpPort the server's NTP port; a Port record is sent unless it is 123
     * @param server the NTP server's name or address for a Server record, or null when the client
     *     should use the address it reached NTS-KE on
     */
    public static List<KeRecord> response(AeadAlgorithm aead, List<byte[]> cookies, int ntpPort, String server) {
        List<KeRecord> out = new ArrayList<>(cookies.size() + 5);
        out.add(KeRecord.nextProtocol(NTPV4));
        out.add(KeRecord.aead(aead.id()));
        if (ntpPort != DEFAULT_NTP_PORT) {
            out.add(KeRecord.port(ntpPort));
        }
        if (server != null) {
            out.add(KeRecord.server(server));
        }
        for (byte[] c : cookies) {
            out.add(KeRecord.cookie(c));
        }
        out.add(KeRecord.end());
        return out;
    }
}
