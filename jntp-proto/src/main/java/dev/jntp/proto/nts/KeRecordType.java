// The NTS-KE record types of RFC 8915 section 4.1 that jntp reads and writes by name.
package dev.jntp.proto.nts;

import java.util.Optional;

/** Record types from the IANA "NTS Key Establishment Record Types" registry (RFC 8915 section 7.6). */
public enum KeRecordType {
    /** 0: the last record of a message; critical, empty body. */
    END_OF_MESSAGE(0),
    /** 1: the protocols the client offers or the server chose (16-bit IDs; 0 is NTPv4); critical. */
    NEXT_PROTOCOL(1),
    /** 2: an error code (16 bits); critical. */
    ERROR(2),
    /** 3: a warning code (16 bits); critical. */
    WARNING(3),
    /** 4: AEAD algorithm IDs offered or chosen (16 bits each). */
    AEAD_ALGORITHM(4),
    /** 5: one opaque cookie for NTPv4; never critical. */
    NEW_COOKIE(5),
    /** 6: the NTPv4 server to use, as ASCII text (a name or an address). */
    SERVER(6),
    /** 7: the NTPv4 port to use (16 bits). */
    PORT(7);

    private static final KeRecordType[] ALL = values();

    private final int code;

    KeRecordType(int code) {
        this.code = code;
    }

    /** The 15-bit type number on the wire. */
    public int code() {
        return code;
    }

    /** The named type for a wire number, if jntp knows it. */
    public static Optional<KeRecordType> of(int code) {
        return code >= 0 && code < ALL.length ? Optional.of(ALL[code]) : Optional.empty();
    }
}
