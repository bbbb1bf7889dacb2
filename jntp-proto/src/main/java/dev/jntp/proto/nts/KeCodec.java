// Reads and writes NTS-KE messages (RFC 8915 section 4): sequences of records ending with End of Message.
package dev.jntp.proto.nts;

import dev.jntp.proto.NtpCodec;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The NTS-KE record codec of RFC 8915 section 4. A record is a 16-bit word (the critical bit,
 * then a 15-bit type), a 16-bit body length and the body. A message is records up to and
 * including End of Message. Decoding is total: every input gives a {@link KeDecodeResult}, and
 * every length is checked before the octets it covers are read. Known types with a body that
 * does not fit them are errors; unknown types are errors when critical and kept as
 * {@link KeRecord.Unknown} otherwise, as section 4 requires of a receiver. Whatever decodes
 * encodes back to the same octets.
 */
public final class KeCodec {

    /** Octets of a record header. */
    public static final int HEADER_LENGTH = 4;
    /** The largest message jntp reads, as chrony's limit: far above any real request or response. */
    public static final int MAX_MESSAGE_LENGTH = 16_384;

    private static final int CRITICAL_BIT = 0x8000;

    private KeCodec() {}

    /**
     * Decodes the message at the start of {@code len} octets of {@code buf} from {@code off}, for
     * a stream: {@link KeDecodeResult.Incomplete} until End of Message has arrived, then the
     * records. A message longer than {@link #MAX_MESSAGE_LENGTH} is rejected.
     */
    public static KeDecodeResult decodeMessage(byte[] buf, int off, int len) {
        return decodeMessage(buf, off, len, MAX_MESSAGE_LENGTH);
    }

    /** As {@link #decodeMessage(byte[], int, int)} with another size limit. */
    public static KeDecodeResult decodeMessage(byte[] buf, int off, int len, int maxLength) {
        if (buf == null || off < 0 || len < 0 || off > buf.length - len) {
            return new KeDecodeResult.Rejected(KeDecodeError.BAD_LENGTH, 0, "no buffer");
        }
        List<KeRecord> records = new ArrayList<>();
        int pos = 0;
        int limit = Math.min(len, maxLength);
        while (true) {
            if (limit - pos < HEADER_LENGTH) {
                return incompleteOrTooLong(len, maxLength, pos);
            }
            int word = NtpCodec.getShort(buf, off + pos);
            int bodyLength = NtpCodec.getShort(buf, off + pos + 2);
            if (bodyLength > limit - pos - HEADER_LENGTH) {
                return incompleteOrTooLong(len, maxLength, pos);
            }
            boolean critical = (word & CRITICAL_BIT) != 0;
            int type = word & ~CRITICAL_BIT;
            KeDecodeResult.Rejected error = check(critical, type, bodyLength, buf, off + pos + HEADER_LENGTH, pos);
            if (error != null) {
                return error;
            }
            KeRecord r = record(critical, type, buf, off + pos + HEADER_LENGTH, bodyLength);
            records.add(r);
            pos += HEADER_LENGTH + bodyLength;
            if (r instanceof KeRecord.EndOfMessage) {
                return new KeDecodeResult.Message(records, pos);
            }
        }
    }

    private static KeDecodeResult incompleteOrTooLong(int len, int maxLength, int pos) {
        if (len >= maxLength) {
            return new KeDecodeResult.Rejected(KeDecodeError.TOO_LONG, pos,
                    "no End of Message within " + maxLength + " octets");
        }
        return new KeDecodeResult.Incomplete();
    }

    /** The error a record's header and body give, or null when they suit its type. */
    private static KeDecodeResult.Rejected check(boolean critical, int type, int bodyLength, byte[] buf, int body,
            int pos) {
        KeRecordType known = KeRecordType.of(type).orElse(null);
        if (known == null) {
            return critical ? new KeDecodeResult.Rejected(KeDecodeError.UNRECOGNIZED_CRITICAL, pos,
                    "critical record of unknown type " + type) : null;
        }
        boolean ok = switch (known) {
            case END_OF_MESSAGE -> bodyLength == 0;
            case ERROR, WARNING, PORT -> bodyLength == 2;
            case NEXT_PROTOCOL, AEAD_ALGORITHM -> bodyLength % 2 == 0;
            case NEW_COOKIE, SERVER -> true;
        };
        if (!ok) {
            return new KeDecodeResult.Rejected(KeDecodeError.BAD_LENGTH, pos,
                    known + " record with a body of " + bodyLength + " octets");
        }
        if (known == KeRecordType.SERVER && !isServerName(buf, body, bodyLength)) {
            return new KeDecodeResult.Rejected(KeDecodeError.BAD_SERVER_NAME, pos,
                    "Server record is not 1 to 255 printable ASCII characters");
        }
        return null;
    }

    private static KeRecord record(boolean critical, int type, byte[] buf, int body, int length) {
        return switch (KeRecordType.of(type).orElse(null)) {
            case END_OF_MESSAGE -> new KeRecord.EndOfMessage(critical);
            case NEXT_PROTOCOL -> new KeRecord.NextProtocol(critical, shorts(buf, body, length));
            case ERROR -> new KeRecord.Error(critical, NtpCodec.getShort(buf, body));
            case WARNING -> new KeRecord.Warning(critical, NtpCodec.getShort(buf, body));
            case AEAD_ALGORITHM -> new KeRecord.AeadAlgorithm(critical, shorts(buf, body, length));
            case NEW_COOKIE -> new KeRecord.NewCookie(critical, copy(buf, body, length));
            case SERVER -> new KeRecord.Server(critical, new String(buf, body, length, StandardCharsets.US_ASCII));
            case PORT -> new KeRecord.Port(critical, NtpCodec.getShort(buf, body));
            case null -> new KeRecord.Unknown(critical, type, copy(buf, body, length));
        };
    }

    /** Encodes records into a new array, in order. The caller ends a message with End of Message. */
    public static byte[] encode(List<? extends KeRecord> records) {
        int length = 0;
        for (KeRecord r : records) {
            length += HEADER_LENGTH + r.bodyLength();
        }
        byte[] out = new byte[length];
        int pos = 0;
        for (KeRecord r : records) {
            NtpCodec.putShort(out, pos, (r.critical() ? CRITICAL_BIT : 0) | r.type());
            NtpCodec.putShort(out, pos + 2, r.bodyLength());
            pos += HEADER_LENGTH;
            switch (r) {
                case KeRecord.EndOfMessage e -> { }
                case KeRecord.NextProtocol n -> pos = putShorts(out, pos, n.protocols());
                case KeRecord.Error e -> pos = putShort(out, pos, e.code());
                case KeRecord.Warning w -> pos = putShort(out, pos, w.code());
                case KeRecord.AeadAlgorithm a -> pos = putShorts(out, pos, a.algorithms());
                case KeRecord.NewCookie c -> pos = putBytes(out, pos, c.cookie());
                case KeRecord.Server s -> pos = putBytes(out, pos, s.name().getBytes(StandardCharsets.US_ASCII));
                case KeRecord.Port p -> pos = putShort(out, pos, p.port());
                case KeRecord.Unknown u -> pos = putBytes(out, pos, u.body());
            }
        }
        return out;
    }

    /** Whether a name can be a Server record's body: 1 to 255 printable ASCII characters, no blanks. */
    static boolean isServerName(String name) {
        byte[] b = name.getBytes(StandardCharsets.ISO_8859_1);
        return name.length() == b.length && isServerName(b, 0, b.length);
    }

    private static boolean isServerName(byte[] buf, int off, int len) {
        if (len < 1 || len > 255) {
            return false;
        }
        for (int i = off; i < off + len; i++) {
            if (buf[i] < 0x21 || buf[i] > 0x7E) {
                return false;
            }
        }
        return true;
    }

    private static List<Integer> shorts(byte[] buf, int off, int len) {
        List<Integer> out = new ArrayList<>(len / 2);
        for (int i = 0; i < len; i += 2) {
            out.add(NtpCodec.getShort(buf, off + i));
        }
        return out;
    }

    private static byte[] copy(byte[] buf, int off, int len) {
        byte[] out = new byte[len];
        System.arraycopy(buf, off, out, 0, len);
        return out;
    }

    private static int putShort(byte[] out, int pos, int v) {
        NtpCodec.putShort(out, pos, v);
        return pos + 2;
    }

    private static int putShorts(byte[] out, int pos, List<Integer> values) {
        for (int v : values) {
            pos = putShort(out, pos, v);
        }
        return pos;
    }

    private static int putBytes(byte[] out, int pos, byte[] b) {
        System.arraycopy(b, 0, out, pos, b.length);
        return pos + b.length;
    }
}
