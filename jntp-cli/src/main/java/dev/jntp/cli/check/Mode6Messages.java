// The client half of NTP mode 6 control messages, READSTAT and READVAR only: requests out, replies decoded and joined.
package dev.jntp.cli.check;

import dev.jntp.proto.ControlCodec;
import dev.jntp.proto.ControlDecodeResult;
import dev.jntp.proto.ControlHeader;
import dev.jntp.proto.ControlMessage;
import dev.jntp.proto.ControlOpcode;
import dev.jntp.proto.ControlVariables;
import dev.jntp.proto.NtpCodec;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Mode 6 as RFC 9327 (and RFC 1305 appendix B before it) describes it, as far as a health check reading ntpd needs,
 * on jntp-proto's codec (the one jntp's own mode 6 server uses): requests out, and what a client must add on the
 * way back. A reply longer than one datagram comes in fragments with the M bit on all but the last, placed by their
 * offset; {@link Reassembly} joins them in any order. READSTAT on association 0 answers the system status word in
 * the header and (association ID, peer status word) pairs as data; READVAR answers {@code name=value} text
 * ({@link #variables}). Decoding is total: every malformed datagram is a {@link Decoded.Invalid} with the reason,
 * never an exception.
 */
public final class Mode6Messages {

    /** Largest data field of one datagram (ntpd's CTL_MAX_DATA_LEN). */
    public static final int MAX_DATA = ControlCodec.MAX_DATA;
    /** The version requests carry: 2, which every ntpd since 4.0 and NTPsec answer (as check_ntp_peer sends). */
    static final int VERSION = ControlHeader.NTPQ_VERSION;
    /** Largest reply joined from fragments: far above what READVAR returns, so a broken server cannot make us hoard. */
    static final int MAX_REPLY = 64 * 1024;
    /** Most variables read from one reply. */
    static final int MAX_VARIABLES = 256;

    private Mode6Messages() {}

    /** A request: no authentication, offset 0, the data (ASCII, e.g. {@code "stratum,offset"} for READVAR). */
    public static byte[] request(ControlOpcode opcode, int sequence, int associationId, String data) {
        byte[] d = data.getBytes(StandardCharsets.US_ASCII);
        if (d.length > MAX_DATA) {
            throw new IllegalArgumentException("request data longer than " + MAX_DATA + " octets");
        }
        return ControlCodec.encode(new ControlMessage(ControlHeader.request(VERSION, opcode, sequence, associationId),
                d));
    }

    /** What one datagram was. */
    public sealed interface Decoded {

        /**
         * A response fragment.
         *
         * @param error the E bit: the request failed, {@link #errorCode} says why
         * @param more the M bit: more fragments follow
         * @param status the system status word (READSTAT/READVAR of association 0) or peer status word; for an
         *     error its high octet is the error code
         */
        record Fragment(int opcode, int sequence, int status, int associationId, int offset, boolean error,
                boolean more, byte[] data) implements Decoded {

            /** The error code of an error response: its status word's high octet (RFC 9327 section 2.3). */
            public int errorCode() {
                return status >>> 8;
            }
        }

        /** Not a mode 6 response, or inconsistent. */
        record Invalid(String reason) implements Decoded {}
    }

    /** Decodes the first {@code length} octets of {@code buf}; never throws. */
    public static Decoded decode(byte[] buf, int length) {
        if (length < 0 || length > buf.length) {
            return new Decoded.Invalid("length " + length + " outside the buffer");
        }
        ControlMessage m;
        switch (ControlCodec.decode(buf, 0, length)) {
            case ControlDecodeResult.Rejected r -> {
                return new Decoded.Invalid(r.detail());
            }
            case ControlDecodeResult.Decoded d -> m = d.message();
        }
        ControlHeader h = m.header();
        int count = m.count();
        if (!h.response()) {
            return new Decoded.Invalid("a request, not a response (R bit clear)");
        }
        if (count > MAX_DATA) {
            return new Decoded.Invalid("count " + count + " over the " + MAX_DATA + " octets of one datagram");
        }
        if (h.offset() + count > MAX_REPLY) {
            return new Decoded.Invalid("fragment at offset " + h.offset() + " beyond " + MAX_REPLY + " octets");
        }
        return new Decoded.Fragment(h.opcode(), h.sequence(), h.status(), h.associationId(), h.offset(), h.error(),
                h.more(), m.data());
    }

    /**
     * Joins the fragments of one response (same opcode and sequence) in any order. Complete once the last
     * fragment (M clear) has come and every octet before its end is covered; overlapping fragments that disagree,
     * a second last fragment, or data beyond the last make the response {@linkplain #problem() invalid}.
     */
    public static final class Reassembly {

        private final byte[] data = new byte[MAX_REPLY];
        private final boolean[] covered = new boolean[MAX_REPLY];
        private int end = -1;
        private int highest;
        private int status;
        private int associationId;
        private String problem;

        /** Adds a fragment of this response. */
        public void add(Decoded.Fragment f) {
            if (problem != null) {
                return;
            }
            int to = f.offset() + f.data().length;
            for (int i = 0; i < f.data().length; i++) {
                int at = f.offset() + i;
                if (covered[at] && data[at] != f.data()[i]) {
                    problem = "fragments disagree at octet " + at;
                    return;
                }
                data[at] = f.data()[i];
                covered[at] = true;
            }
            highest = Math.max(highest, to);
            if (!f.more()) {
                if (end >= 0 && end != to) {
                    problem = "two last fragments (ending at " + end + " and " + to + ")";
                    return;
                }
                end = to;
                status = f.status();
                associationId = f.associationId();
            }
            if (end >= 0 && highest > end) {
                problem = "data beyond the last fragment";
            }
        }

        /** Why the fragments cannot form a response, or null. */
        public String problem() {
            return problem;
        }

        /** Whether every fragment has come. */
        public boolean complete() {
            if (problem != null || end < 0) {
                return false;
            }
            for (int i = 0; i < end; i++) {
                if (!covered[i]) {
                    return false;
                }
            }
            return true;
        }

        /** The joined data (once {@link #complete()}). */
        public byte[] data() {
            return Arrays.copyOf(data, Math.max(end, 0));
        }

        /** The status word of the last fragment. */
        public int status() {
            return status;
        }

        /** The association ID of the last fragment. */
        public int associationId() {
            return associationId;
        }
    }

    /** An association and its peer status word, from a READSTAT reply. */
    public record Association(int id, int status) {

        /** Whether the peer has answered recently (the reach bit of the peer status word). */
        public boolean reachable() {
            return (status & 0x1000) != 0;
        }

        /**
         * The selection code (0 reject, 1 falseticker, 2 excess, 3 outlier, 4 candidate, 5 backup, 6 system peer,
         * 7 PPS peer).
         */
        public int selection() {
            return (status >>> 8) & 0x07;
        }
    }

    /** The (association, status) pairs of READSTAT data; a trailing partial pair is ignored. */
    public static List<Association> associations(byte[] data) {
        List<Association> list = new ArrayList<>();
        for (int i = 0; i + 4 <= data.length; i += 4) {
            list.add(new Association(NtpCodec.getShort(data, i), NtpCodec.getShort(data, i + 2)));
        }
        return list;
    }

    /**
     * The variables of READVAR text ({@link ControlVariables#parse}): a string value without its double quotes (an
     * unterminated one runs to the end of the text), a name without a value mapped to "". At most
     * {@link #MAX_VARIABLES}; later duplicates win. Never throws.
     */
    public static Map<String, String> variables(byte[] data) {
        Map<String, String> vars = new LinkedHashMap<>();
        for (ControlVariables.Variable v : ControlVariables.parse(data)) {
            if (v.name().isEmpty()) {
                continue; // "=value": nothing to name it by
            }
            if (vars.size() >= MAX_VARIABLES && !vars.containsKey(v.name())) {
                break;
            }
            String value = v.unquoted();
            vars.put(v.name(), value == null ? "" : value.startsWith("\"") ? value.substring(1) : value);
        }
        return vars;
    }

    /** The meaning of an error response's code (RFC 9327 section 2.3). */
    public static String errorText(int code) {
        return switch (code) {
            case 0 -> "unspecified error";
            case 1 -> "authentication failure";
            case 2 -> "invalid message length or format";
            case 3 -> "invalid opcode";
            case 4 -> "unknown association identifier";
            case 5 -> "unknown variable name";
            case 6 -> "invalid variable value";
            case 7 -> "administratively prohibited";
            default -> "error code " + code;
        };
    }
}
