// One NTP control message (mode 6): the header, its data, and whatever follows the padded data (a MAC).
package dev.jntp.proto;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * A control message as it travels in one datagram. The count field of the header is the length
 * of {@code data}; on the wire the data is zero-padded to a multiple of 4 octets and followed
 * by {@code trailer} (a key id and MAC in authenticated messages, otherwise nothing).
 *
 * @param header the fixed fields
 * @param data the data octets (at most 65535); copied in and out
 * @param trailer octets after the padded data; copied in and out
 */
public record ControlMessage(ControlHeader header, byte[] data, byte[] trailer) {

    public ControlMessage {
        if (header == null) {
            throw new IllegalArgumentException("header missing");
        }
        if (data.length > 0xFFFF) {
            throw new IllegalArgumentException("a control message holds at most 65535 data octets, got "
                    + data.length);
        }
        if (trailer.length % 4 != 0) {
            throw new IllegalArgumentException("the trailer must keep the datagram a multiple of 4 octets, got "
                    + trailer.length);
        }
        data = data.clone();
        trailer = trailer.clone();
    }

    /** A message without trailer. */
    public ControlMessage(ControlHeader header, byte[] data) {
        this(header, data, new byte[0]);
    }

    /** The data octets (a copy). */
    @Override
    public byte[] data() {
        return data.clone();
    }

    /** The trailer octets (a copy). */
    @Override
    public byte[] trailer() {
        return trailer.clone();
    }

    /** The count field: octets of data. */
    public int count() {
        return data.length;
    }

    /** Octets on the wire: header, data padded to 4, trailer. */
    public int encodedLength() {
        return ControlHeader.LENGTH + ((data.length + 3) & ~3) + trailer.length;
    }

    void writeData(byte[] out, int off) {
        System.arraycopy(data, 0, out, off, data.length);
    }

    void writeTrailer(byte[] out, int off) {
        System.arraycopy(trailer, 0, out, off, trailer.length);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ControlMessage m && m.header.equals(header) && Arrays.equals(m.data, data)
                && Arrays.equals(m.trailer, trailer);
    }

    @Override
    public int hashCode() {
        return (header.hashCode() * 31 + Arrays.hashCode(data)) * 31 + Arrays.hashCode(trailer);
    }

    @Override
    public String toString() {
        return "ControlMessage[" + header + ", " + data.length + " data octets"
                + (trailer.length == 0 ? "" : ", trailer " + HexFormat.of().formatHex(trailer)) + "]";
    }
}
