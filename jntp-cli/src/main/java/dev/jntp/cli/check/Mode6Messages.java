// The client half of NTP mode 6 control messages, READSTAT and READVAR only: requests out, replies decoded and joined.
package dev.jntp.cli.check;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Mode 6 as RFC 9327 (and RFC 1305 appendix B before it) describes it, as far as a health check reading ntpd needs:
 * a 12-octet header (LI/VN/mode; R, E, M bits and the opcode; sequence; status; association ID; offset; count) and
 * up to {@link #MAX_DATA} octets of data padded to a multiple of four. A reply longer than one datagram comes in
 * fragments with the M bit on all but the last, placed by their offset; {@link Reassembly} joins them. READSTAT on
 * association 0 answers the system status word in the header and (association ID, peer status word) pairs as data;
 * READVAR answers {@code name=value} text ({@link #variables}). Decoding is total: every malformed datagram is a
 * {@link Decoded.Invalid} with the reason, never an exception.
 *
 * <p>Written for {@code jntp check --ntpd}; the mode 6 server of jntp has its own encoder, and the two are to meet
 * in jntp-proto.
 */
public final class Mode6Messages {

    /** Mode 6: control message. */
    public static final int MODE_CONTROL = 6;
    public static final int OP_READSTAT = 1;
    public static final int OP_READVAR = 2;
    /** Octets of the header. */
    public static final int HEADER = 12;
    /** Largest data field of one datagram (ntpd's CTL_MAX_DATA_LEN). */
    public static final int MAX_DATA = 468;
    /** The version requests carry: 2, which every ntpd since 4.0 and NTPsec answer (as check_ntp_peer sends). */
    static final int VERSION = 2;
    /** Largest reply joined from fragments: far above what READVAR returns, so a broken server cannot make us hoard. */
    static final int MAX_REPLY = 64 * 1024;
    /** Most variables read from one reply. */
    static final int MAX_VARIABLES = 256;

    private Mode6Messages() {}

    /**
     * A request: no authentication, offset 0, the data (ASCII, e.g. {@code "stratum,offset"} for READVAR) padded
     * with zeros to a multiple of four octets.
     */
    public static byte[] request(int opcode, int sequence, int associationId, String data) {
        byte[] d = data.getBytes(StandardCharsets.US_ASCII);
        if (d.length > MAX_DATA) {
            throw new IllegalArgumentException("request data longer than " + MAX_DATA + " octets");
        }
        byte[] b = new byte[HEADER + (d.length + 3) / 4 * 4];
        b[0] = (byte) (VERSION << 3 | MODE_CONTROL);
        b[1] = (byte) (opcode & 0x1F);
        putShort(b, 2, sequence);
        putShort(b, 6, associationId);
        putShort(b, 10, d.length);
        System.arraycopy(d, 0, b, HEADER, d.length);
        return b;
    }

    private static void putShort(byte[] b, int at, int v) {
        b[at] = (byte) (v >>> 8);
        b[at + 1] = (byte) v;
    }

    private static int getShort(byte[] b, int at) {
        return (b[at] & 0xFF) << 8 | (b[at + 1] & 0xFF);
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
        if (length < HEADER || length > buf.length) {
            return new Decoded.Invalid("shorter than the " + HEADER + "-octet header (" + length + " octets)");
        }
        int mode = buf[0] & 0x07;
        int version = (buf[0] >>> 3) & 0x07;
        if (mode != MODE_CONTROL) {
            return new Decoded.Invalid("mode " + mode + ", not 6");
        }
        if (version < 1 || version > 4) {
            return new Decoded.Invalid("version " + version);
        }
        if ((buf[1] & 0x80) == 0) {
            return new Decoded.Invalid("a request, not a response (R bit clear)");
        }
        int offset = getShort(buf, 8);
        int count = getShort(buf, 10);
        if (count > MAX_DATA || HEADER + count > length) {
            return new Decoded.Invalid("count " + count + " beyond the datagram's " + (length - HEADER) + " data octets");
        }
        if (offset + count > MAX_REPLY) {
            return new Decoded.Invalid("fragment at offset " + offset + " beyond " + MAX_REPLY + " octets");
        }
        return new Decoded.Fragment(buf[1] & 0x1F, getShort(buf, 2), getShort(buf, 4), getShort(buf, 6), offset,
                (buf[1] & 0x40) != 0, (buf[1] & 0x20) != 0, Arrays.copyOfRange(buf, HEADER, HEADER + count));
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
            list.add(new Association(getShort(data, i), getShort(data, i + 2)));
        }
        return list;
    }

    /**
     * The variables of READVAR text: {@code name=value} items separated by commas, with spaces and CR LF between
     * them, a value optionally in double quotes (which may hold commas), a name without a value mapped to "".
     * Trailing NUL padding ends the text. At most {@link #MAX_VARIABLES}; later duplicates win. Never throws.
     */
    public static Map<String, String> variables(byte[] data) {
        String text = new String(data, StandardCharsets.ISO_8859_1);
        int nul = text.indexOf('\0');
        if (nul >= 0) {
            text = text.substring(0, nul);
        }
        Map<String, String> vars = new LinkedHashMap<>();
        int i = 0;
        int n = text.length();
        while (i < n && vars.size() < MAX_VARIABLES) {
            while (i < n && (text.charAt(i) == ',' || Character.isWhitespace(text.charAt(i)))) {
                i++;
            }
            int nameStart = i;
            while (i < n && text.charAt(i) != '=' && text.charAt(i) != ',') {
                i++;
            }
            String name = text.substring(nameStart, i).strip();
            String value = "";
            if (i < n && text.charAt(i) == '=') {
                i++;
                if (i < n && text.charAt(i) == '"') {
                    int close = text.indexOf('"', i + 1);
                    int stop = close < 0 ? n : close;
                    value = text.substring(i + 1, stop);
                    i = close < 0 ? n : close + 1;
                    while (i < n && text.charAt(i) != ',') {
                        i++;
                    }
                } else {
                    int valueStart = i;
                    while (i < n && text.charAt(i) != ',') {
                        i++;
                    }
                    value = text.substring(valueStart, i).strip();
                }
            }
            if (!name.isEmpty()) {
                vars.put(name, value);
            }
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
