// Builds small TZif files (RFC 9636) with given leap records, for the tests of TzifLeaps.
package dev.jntp.engine.leap;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;

/** A UTC zone with one local time type, no transitions, and the leap records given. */
final class Tzif {

    /** Offset of the leap count in a header. */
    static final int LEAPCNT = 28;
    /** Offset of the type count in a header. */
    static final int TYPECNT = 36;

    private Tzif() {}

    /**
     * The file of {@code version} (1 to 4): a version 1 block with 4-octet times and, from
     * version 2, a second header and block with 8-octet times and the footer "\nUTC0\n".
     */
    static byte[] of(int version, long[] occurrence, int[] correction) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        block(out, version, 4, occurrence, correction);
        if (version >= 2) {
            block(out, version, 8, occurrence, correction);
            out.writeBytes("\nUTC0\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        }
        return out.toByteArray();
    }

    private static void block(ByteArrayOutputStream out, int version, int timeSize, long[] occ, int[] corr) {
        ByteBuffer b = ByteBuffer.allocate(44 + 6 + 4 + occ.length * (timeSize + 4));
        b.put("TZif".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        b.put((byte) (version == 1 ? 0 : '0' + version));
        b.put(new byte[15]);
        b.putInt(0).putInt(0).putInt(occ.length).putInt(0).putInt(1).putInt(4);
        b.putInt(0).put((byte) 0).put((byte) 0);
        b.put("UTC\0".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        for (int i = 0; i < occ.length; i++) {
            if (timeSize == 4) {
                b.putInt((int) occ[i]);
            } else {
                b.putLong(occ[i]);
            }
            b.putInt(corr[i]);
        }
        out.writeBytes(b.array());
    }

    /** Offset of the second (version 2+) header of a file made by {@link #of}. */
    static int secondHeader(int leaps) {
        return 44 + 6 + 4 + leaps * 8;
    }
}
