// The error codes a control message reply carries in its status word when the E bit is set (RFC 9327 section 2.5).
package dev.jntp.proto;

import java.util.Optional;

/** Why a server refused a control request; the code travels in the high octet of the status word. */
public enum ControlError {
    /** 0: unspecified. */
    UNSPECIFIED(0),
    /** 1: authentication failure (ntpq: "Server disallowed request (authentication?)"). */
    PERMISSION(1),
    /** 2: invalid message length or format. */
    BAD_FORMAT(2),
    /** 3: invalid or unimplemented opcode. */
    BAD_OPCODE(3),
    /** 4: unknown association id. */
    BAD_ASSOCIATION(4),
    /** 5: unknown variable name. */
    UNKNOWN_VARIABLE(5),
    /** 6: invalid variable value. */
    BAD_VALUE(6),
    /** 7: administratively prohibited. */
    RESTRICTED(7);

    private final int code;

    ControlError(int code) {
        this.code = code;
    }

    /** The error code. */
    public int code() {
        return code;
    }

    /** The status word of an error reply: the code in the high octet. */
    public int statusWord() {
        return code << 8;
    }

    /** The error in the status word of an error reply, if the code is a known one. */
    public static Optional<ControlError> ofStatus(int status) {
        int c = (status >>> 8) & 0xFF;
        return c < values().length ? Optional.of(values()[c]) : Optional.empty();
    }
}
