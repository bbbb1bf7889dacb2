// The five-bit operation codes of NTP control messages (mode 6, RFC 9327 section 2.4).
package dev.jntp.proto;

import java.util.Optional;

/** Control message operations; codes not listed here are unknown and answered with an error. */
public enum ControlOpcode {
    /** 0: no operation; the reply carries only a status word. */
    UNSPEC(0),
    /** 1: association ids and status words, or one association's status and variables. */
    READSTAT(1),
    /** 2: system variables (association 0) or one association's variables. */
    READVAR(2),
    /** 3: set variables (a write). */
    WRITEVAR(3),
    /** 4: reference clock variables. */
    READCLOCK(4),
    /** 5: set reference clock variables (a write). */
    WRITECLOCK(5),
    /** 6: set a trap address (obsolete, a write). */
    SETTRAP(6),
    /** 7: an asynchronous trap message. */
    ASYNCMSG(7),
    /** 8: runtime configuration (ntpq :config, a write). */
    CONFIGURE(8),
    /** 9: save the configuration to a file (a write). */
    SAVECONFIG(9),
    /** 10: the most-recently-used client list (ntpq mrulist). */
    READ_MRU(10),
    /** 11: ordered lists that need authentication (ntpq ifstats, reslist). */
    READ_ORDLIST_A(11),
    /** 12: a nonce for a following READ_MRU. */
    REQ_NONCE(12),
    /** 31: remove a trap address (obsolete, a write). */
    UNSETTRAP(31);

    private static final ControlOpcode[] BY_CODE = new ControlOpcode[32];

    static {
        for (ControlOpcode o : values()) {
            BY_CODE[o.code] = o;
        }
    }

    private final int code;

    ControlOpcode(int code) {
        this.code = code;
    }

    /** The five-bit wire code. */
    public int code() {
        return code;
    }

    /** Whether the operation changes the server (these need authentication and jntp refuses them). */
    public boolean writes() {
        return this == WRITEVAR || this == WRITECLOCK || this == SETTRAP || this == CONFIGURE || this == SAVECONFIG
                || this == UNSETTRAP;
    }

    /** The operation for a wire code (only the low five bits are used), if it is a known one. */
    public static Optional<ControlOpcode> ofCode(int code) {
        return Optional.ofNullable(BY_CODE[code & 0x1F]);
    }
}
