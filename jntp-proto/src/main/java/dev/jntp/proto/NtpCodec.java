// Decodes datagrams into NtpPacket records and encodes them back, octet for octet.
package dev.jntp.proto;

import java.util.ArrayList;
import java.util.List;

/**
 * The NTP wire codec (RFC 5905 section 7.3, extension fields per RFC 7822 and RFC 5905 erratum
 * 3627). Decoding is total: every input gives a {@link DecodeResult}, and every length is
 * checked before the octets it covers are read. Whatever decodes, encodes back to the same
 * octets.
 *
 * <p>Trailer rule, as in RFC 7822 section 7.5: after the header, while more than 24 octets
 * remain, the next octets must be an extension field (NTPv4 only); what is left after that must
 * be nothing, or a MAC of 4 (crypto-NAK), 20 or 24 octets. Versions 1 to 3 have no extension
 * fields: everything after their header is a MAC of 4, or 20 to 68 octets in steps of 4 (a full
 * SHA512 digest), as chrony reads and sends them ({@link LegacyMac#isMacLength(int, int)}).
 */
public final class NtpCodec {

    /** Lowest version jntp reads. */
    public static final int MIN_VERSION = 1;
    /** Highest version jntp reads. */
    public static final int MAX_VERSION = 4;

    // Offsets of the header fields (RFC 5905 figure 8).
    public static final int OFF_LI_VN_MODE = 0;
    public static final int OFF_STRATUM = 1;
    public static final int OFF_POLL = 2;
    public static final int OFF_PRECISION = 3;
    public static final int OFF_ROOT_DELAY = 4;
    public static final int OFF_ROOT_DISPERSION = 8;
    public static final int OFF_REFERENCE_ID = 12;
    public static final int OFF_REFERENCE_TIME = 16;
    public static final int OFF_ORIGIN = 24;
    public static final int OFF_RECEIVE = 32;
    public static final int OFF_TRANSMIT = 40;

    private NtpCodec() {}

    /** Decodes a whole array. */
    public static DecodeResult decode(byte[] buf) {
        return decode(buf, 0, buf == null ? 0 : buf.length);
    }

    /** Decodes {@code len} octets of {@code buf} from {@code off}. Never throws for any contents. */
    public static DecodeResult decode(byte[] buf, int off, int len) {
        if (buf == null || off < 0 || len < 0 || off > buf.length - len) {
            return new DecodeResult.Rejected(DecodeError.TOO_SHORT, "no datagram");
        }
        if (len < 1) {
            return new DecodeResult.Rejected(DecodeError.TOO_SHORT, "empty datagram");
        }
        int first = buf[off] & 0xFF;
        int version = (first >>> 3) & 7;
        Mode mode = Mode.ofCode(first);
        if (mode == Mode.PRIVATE) {
            return new DecodeResult.Rejected(DecodeError.PRIVATE_MESSAGE, "mode 7");
        }
        if (mode == Mode.CONTROL) {
            return new DecodeResult.Rejected(DecodeError.CONTROL_MESSAGE, "mode 6");
        }
        if (version < MIN_VERSION || version > MAX_VERSION) {
            return new DecodeResult.Rejected(DecodeError.UNSUPPORTED_VERSION, "version " + version);
        }
        if (len < NtpPacket.HEADER_LENGTH) {
            return new DecodeResult.Rejected(DecodeError.TOO_SHORT, len + " octets, need 48");
        }
        List<ExtensionField> fields = List.of();
        int pos = off + NtpPacket.HEADER_LENGTH;
        int end = off + len;
        while (version >= 4 && end - pos > LegacyMac.LENGTH_160) {
            int type = getShort(buf, pos);
            int fieldLength = getShort(buf, pos + 2);
            if (fieldLength < ExtensionField.MIN_LENGTH || fieldLength % 4 != 0) {
                return new DecodeResult.Rejected(DecodeError.EXTENSION_BAD_LENGTH,
                        "extension field at octet " + (pos - off) + " has length " + fieldLength);
            }
            if (fieldLength > end - pos) {
                return new DecodeResult.Rejected(DecodeError.EXTENSION_TRUNCATED, "extension field at octet "
                        + (pos - off) + " needs " + fieldLength + " octets, " + (end - pos) + " left");
            }
            byte[] body = new byte[fieldLength - 4];
            System.arraycopy(buf, pos + 4, body, 0, body.length);
            if (fields.isEmpty()) {
                fields = new ArrayList<>(4);
            }
            fields.add(new ExtensionField(type, body));
            pos += fieldLength;
        }
        int trailer = end - pos;
        LegacyMac mac = null;
        if (trailer != 0) {
            if (!LegacyMac.isMacLength(trailer, version)) {
                return new DecodeResult.Rejected(DecodeError.BAD_TRAILER, version >= 4
                        ? trailer + " octets left where a MAC needs 4, 20 or 24"
                        : trailer + " octets after the header of a version " + version
                                + " packet, where a MAC needs 4, or 20 to 68 in steps of 4");
            }
            byte[] digest = new byte[trailer - 4];
            System.arraycopy(buf, pos + 4, digest, 0, digest.length);
            mac = new LegacyMac(Integer.toUnsignedLong(getInt(buf, pos)), digest);
        }
        return new DecodeResult.Decoded(new NtpPacket(
                LeapIndicator.ofCode(first >>> 6), version, mode,
                buf[off + OFF_STRATUM] & 0xFF, buf[off + OFF_POLL], buf[off + OFF_PRECISION],
                new NtpShort(getInt(buf, off + OFF_ROOT_DELAY)),
                new NtpShort(getInt(buf, off + OFF_ROOT_DISPERSION)),
                new ReferenceId(getInt(buf, off + OFF_REFERENCE_ID)),
                new NtpTimestamp(getLong(buf, off + OFF_REFERENCE_TIME)),
                new NtpTimestamp(getLong(buf, off + OFF_ORIGIN)),
                new NtpTimestamp(getLong(buf, off + OFF_RECEIVE)),
                new NtpTimestamp(getLong(buf, off + OFF_TRANSMIT)),
                fields, mac));
    }

    /** Encodes a packet into a new array of exactly its length. */
    public static byte[] encode(NtpPacket p) {
        byte[] out = new byte[p.encodedLength()];
        encodeInto(p, out, 0);
        return out;
    }

    /**
     * Encodes a packet into {@code out} at {@code off} and returns the number of octets written.
     *
     * @throws IndexOutOfBoundsException if {@code out} has no room for the whole packet
     */
    public static int encodeInto(NtpPacket p, byte[] out, int off) {
        int length = p.encodedLength();
        if (off < 0 || off > out.length - length) {
            throw new IndexOutOfBoundsException("need " + length + " octets at " + off + " of " + out.length);
        }
        out[off] = (byte) ((p.leap().code() << 6) | (p.version() << 3) | p.mode().code());
        out[off + OFF_STRATUM] = (byte) p.stratum();
        out[off + OFF_POLL] = (byte) p.poll();
        out[off + OFF_PRECISION] = (byte) p.precision();
        putInt(out, off + OFF_ROOT_DELAY, p.rootDelay().raw());
        putInt(out, off + OFF_ROOT_DISPERSION, p.rootDispersion().raw());
        putInt(out, off + OFF_REFERENCE_ID, p.referenceId().raw());
        putLong(out, off + OFF_REFERENCE_TIME, p.referenceTime().raw());
        putLong(out, off + OFF_ORIGIN, p.originTimestamp().raw());
        putLong(out, off + OFF_RECEIVE, p.receiveTimestamp().raw());
        putLong(out, off + OFF_TRANSMIT, p.transmitTimestamp().raw());
        int pos = off + NtpPacket.HEADER_LENGTH;
        for (ExtensionField f : p.extensions()) {
            putShort(out, pos, f.type());
            putShort(out, pos + 2, f.length());
            f.writeBody(out, pos + 4);
            pos += f.length();
        }
        if (p.mac() != null) {
            p.mac().writeTo(out, pos);
        }
        return length;
    }

    /** Reads a big-endian unsigned 16-bit value. */
    public static int getShort(byte[] b, int off) {
        return ((b[off] & 0xFF) << 8) | (b[off + 1] & 0xFF);
    }

    /** Reads a big-endian 32-bit value. */
    public static int getInt(byte[] b, int off) {
        return ((b[off] & 0xFF) << 24) | ((b[off + 1] & 0xFF) << 16) | ((b[off + 2] & 0xFF) << 8) | (b[off + 3] & 0xFF);
    }

    /** Reads a big-endian 64-bit value. */
    public static long getLong(byte[] b, int off) {
        return ((long) getInt(b, off) << 32) | (getInt(b, off + 4) & 0xFFFF_FFFFL);
    }

    /** Writes a big-endian 16-bit value. */
    public static void putShort(byte[] b, int off, int v) {
        b[off] = (byte) (v >>> 8);
        b[off + 1] = (byte) v;
    }

    /** Writes a big-endian 32-bit value. */
    public static void putInt(byte[] b, int off, int v) {
        b[off] = (byte) (v >>> 24);
        b[off + 1] = (byte) (v >>> 16);
        b[off + 2] = (byte) (v >>> 8);
        b[off + 3] = (byte) v;
    }

    /** Writes a big-endian 64-bit value. */
    public static void putLong(byte[] b, int off, long v) {
        putInt(b, off, (int) (v >>> 32));
        putInt(b, off + 4, (int) v);
    }
}
