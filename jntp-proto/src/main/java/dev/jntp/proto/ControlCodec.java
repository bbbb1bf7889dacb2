// Decodes and encodes NTP control messages (mode 6) and splits long replies into fragments.
package dev.jntp.proto;

import java.util.ArrayList;
import java.util.List;

/**
 * The mode 6 wire codec (RFC 9327 section 2; NTPsec's ntp_control.c is the reference for what
 * ntpq expects). Decoding is total: every input gives a {@link ControlDecodeResult}, and the
 * count is checked against the datagram before the data is read. Padding octets after the data
 * are skipped, so a decoded message encodes back to the same octets except that its padding is
 * zero.
 *
 * <p>Fragmentation: a reply whose data exceeds {@link #MAX_DATA} octets is sent as several
 * datagrams with the same header; each carries its data's position in the whole reply in the
 * offset field, and every one but the last has the M bit set. ntpq puts the pieces together by
 * offset and accepts at most 32 of them.
 */
public final class ControlCodec {

    /** Data octets in one datagram, as ntpd and NTPsec send (CTL_MAX_DATA_LEN) and accept in requests. */
    public static final int MAX_DATA = 468;

    /** Fragments ntpq accepts in one reply (its MAXFRAGS). */
    public static final int MAX_FRAGMENTS = 32;

    private ControlCodec() {}

    /** Decodes a whole array. */
    public static ControlDecodeResult decode(byte[] buf) {
        return decode(buf, 0, buf == null ? 0 : buf.length);
    }

    /** Decodes {@code len} octets of {@code buf} from {@code off}. Never throws for any contents. */
    public static ControlDecodeResult decode(byte[] buf, int off, int len) {
        if (buf == null || off < 0 || len < 0 || off > buf.length - len) {
            return new ControlDecodeResult.Rejected(ControlDecodeError.TOO_SHORT, "no datagram", null);
        }
        if (len < ControlHeader.LENGTH) {
            return new ControlDecodeResult.Rejected(ControlDecodeError.TOO_SHORT,
                    len + " octets, a control header needs 12", null);
        }
        int first = buf[off] & 0xFF;
        Mode mode = Mode.ofCode(first);
        if (mode != Mode.CONTROL) {
            return new ControlDecodeResult.Rejected(ControlDecodeError.NOT_CONTROL, "mode " + mode.code(), null);
        }
        int version = (first >>> 3) & 7;
        if (version < NtpCodec.MIN_VERSION || version > NtpCodec.MAX_VERSION) {
            return new ControlDecodeResult.Rejected(ControlDecodeError.UNSUPPORTED_VERSION, "version " + version,
                    null);
        }
        int rem = buf[off + 1] & 0xFF;
        ControlHeader header = new ControlHeader(LeapIndicator.ofCode(first >>> 6), version, (rem & 0x80) != 0,
                (rem & 0x40) != 0, (rem & 0x20) != 0, rem & 0x1F, NtpCodec.getShort(buf, off + 2),
                NtpCodec.getShort(buf, off + 4), NtpCodec.getShort(buf, off + 6), NtpCodec.getShort(buf, off + 8));
        int count = NtpCodec.getShort(buf, off + 10);
        if (count > len - ControlHeader.LENGTH) {
            return new ControlDecodeResult.Rejected(ControlDecodeError.COUNT_BEYOND_DATAGRAM,
                    "count " + count + " but " + (len - ControlHeader.LENGTH) + " data octets", header);
        }
        if (len % 4 != 0) {
            return new ControlDecodeResult.Rejected(ControlDecodeError.UNPADDED,
                    len + " octets, not a multiple of 4", header);
        }
        byte[] data = new byte[count];
        System.arraycopy(buf, off + ControlHeader.LENGTH, data, 0, count);
        int padded = ControlHeader.LENGTH + ((count + 3) & ~3);
        byte[] trailer = new byte[len - padded];
        System.arraycopy(buf, off + padded, trailer, 0, trailer.length);
        return new ControlDecodeResult.Decoded(new ControlMessage(header, data, trailer));
    }

    /** Encodes a message: header, data zero-padded to a multiple of 4, trailer. */
    public static byte[] encode(ControlMessage m) {
        ControlHeader h = m.header();
        byte[] out = new byte[m.encodedLength()];
        out[0] = (byte) ((h.leap().code() << 6) | (h.version() << 3) | Mode.CONTROL.code());
        out[1] = (byte) ((h.response() ? 0x80 : 0) | (h.error() ? 0x40 : 0) | (h.more() ? 0x20 : 0) | h.opcode());
        NtpCodec.putShort(out, 2, h.sequence());
        NtpCodec.putShort(out, 4, h.status());
        NtpCodec.putShort(out, 6, h.associationId());
        NtpCodec.putShort(out, 8, h.offset());
        NtpCodec.putShort(out, 10, m.count());
        m.writeData(out, ControlHeader.LENGTH);
        m.writeTrailer(out, out.length - m.trailer().length);
        return out;
    }

    /**
     * Splits a reply's data into fragments of at most {@link #MAX_DATA} octets under {@code first}'s
     * header: offsets advance by the data sent, and every fragment but the last has the M bit. An
     * empty reply is one fragment with no data.
     *
     * @throws IllegalArgumentException if the data needs more than {@link #MAX_FRAGMENTS} fragments
     */
    public static List<ControlMessage> fragments(ControlHeader first, byte[] payload) {
        int n = Math.max(1, (payload.length + MAX_DATA - 1) / MAX_DATA);
        if (n > MAX_FRAGMENTS) {
            throw new IllegalArgumentException(payload.length + " octets need " + n + " fragments; ntpq accepts "
                    + MAX_FRAGMENTS);
        }
        List<ControlMessage> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int from = i * MAX_DATA;
            int to = Math.min(payload.length, from + MAX_DATA);
            out.add(new ControlMessage(first.fragment(from, i < n - 1), java.util.Arrays.copyOfRange(payload, from, to)));
        }
        return out;
    }

    /**
     * The data of a whole reply from its fragments in any order, or null while it is incomplete or
     * inconsistent: every fragment a response with the first one's sequence and opcode, offsets
     * from 0 without gaps or overlaps, the M bit on every fragment but the one that ends it.
     * Duplicates of a fragment are ignored. Never throws.
     */
    public static byte[] reassemble(List<ControlMessage> fragments) {
        if (fragments == null || fragments.isEmpty()) {
            return null;
        }
        ControlHeader h0 = fragments.getFirst().header();
        java.util.TreeMap<Integer, ControlMessage> byOffset = new java.util.TreeMap<>();
        for (ControlMessage m : fragments) {
            ControlHeader h = m.header();
            if (!h.response() || h.sequence() != h0.sequence() || h.opcode() != h0.opcode()) {
                return null;
            }
            ControlMessage before = byOffset.putIfAbsent(h.offset(), m);
            if (before != null && !before.equals(m)) {
                return null;
            }
        }
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        int expected = 0;
        int left = byOffset.size();
        for (ControlMessage m : byOffset.values()) {
            left--;
            if (m.header().offset() != expected || m.header().more() != (left > 0)) {
                return null;
            }
            out.writeBytes(m.data());
            expected += m.count();
        }
        return out.toByteArray();
    }
}
