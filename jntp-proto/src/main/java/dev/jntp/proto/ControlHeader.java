// The 12-octet header of an NTP control message (mode 6, RFC 9327 section 2), without its count field.
package dev.jntp.proto;

/**
 * The fixed part of a control message. On the wire: LI/VN/mode, then R (response), E (error),
 * M (more fragments follow) and the five-bit opcode, then sequence, status, association id,
 * offset and count as 16-bit big-endian fields. The count is the length of the data that
 * follows and belongs to {@link ControlMessage}.
 *
 * @param leap leap indicator (a server puts its own there; requests carry 0)
 * @param version NTP version, 0 to 7 (a server echoes the request's)
 * @param response the R bit: set in replies
 * @param error the E bit: set in error replies, whose status word holds a {@link ControlError}
 * @param more the M bit: more fragments of this reply follow
 * @param opcode the operation, 0 to 31 ({@link ControlOpcode} for the known ones)
 * @param sequence chosen by the client, echoed in every fragment of the reply
 * @param status system or peer status word in replies, the error code in error replies
 * @param associationId 0 for the system, else one association
 * @param offset where this fragment's data sits in the whole reply, octets
 */
public record ControlHeader(LeapIndicator leap, int version, boolean response, boolean error, boolean more,
        int opcode, int sequence, int status, int associationId, int offset) {

    /** Octets of the header, count included. */
    public static final int LENGTH = 12;

    /** The version ntpq sends. */
    public static final int NTPQ_VERSION = 2;

    public ControlHeader {
        if (leap == null) {
            throw new IllegalArgumentException("leap indicator missing");
        }
        check("version", version, 7);
        check("opcode", opcode, 0x1F);
        check("sequence", sequence, 0xFFFF);
        check("status", status, 0xFFFF);
        check("association id", associationId, 0xFFFF);
        check("offset", offset, 0xFFFF);
    }

    private static void check(String what, int value, int max) {
        if (value < 0 || value > max) {
            throw new IllegalArgumentException(what + " out of range [0, " + max + "]: " + value);
        }
    }

    /** A request header as ntpq builds it. */
    public static ControlHeader request(int version, ControlOpcode opcode, int sequence, int associationId) {
        return new ControlHeader(LeapIndicator.NO_WARNING, version, false, false, false, opcode.code(), sequence, 0,
                associationId, 0);
    }

    /** The header of the (first) reply to this request: R set, same version, opcode, sequence and association. */
    public ControlHeader reply(LeapIndicator serverLeap, int statusWord) {
        return new ControlHeader(serverLeap, version, true, false, false, opcode, sequence, statusWord, associationId,
                0);
    }

    /** The header of an error reply to this request: R and E set, the code in the status word. */
    public ControlHeader errorReply(LeapIndicator serverLeap, ControlError e) {
        return new ControlHeader(serverLeap, version, true, true, false, opcode, sequence, e.statusWord(),
                associationId, 0);
    }

    /** This header as the fragment at {@code fragmentOffset}, with or without the M bit. */
    public ControlHeader fragment(int fragmentOffset, boolean moreFollow) {
        return new ControlHeader(leap, version, response, error, moreFollow, opcode, sequence, status, associationId,
                fragmentOffset);
    }

    /** The operation by name, if the code is a known one. */
    public java.util.Optional<ControlOpcode> knownOpcode() {
        return ControlOpcode.ofCode(opcode);
    }
}
