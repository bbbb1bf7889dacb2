// The NTS-KE error and warning codes of RFC 8915 sections 4.1.3 and 7.7.
package dev.jntp.proto.nts;

/** Error codes carried by an {@link KeRecord.Error} record. */
public final class KeErrorCode {

    /** The request held a critical record the server does not recognise. */
    public static final int UNRECOGNIZED_CRITICAL_RECORD = 0;
    /** The request was malformed or broke a rule of the protocol. */
    public static final int BAD_REQUEST = 1;
    /** The server could not answer for reasons of its own. */
    public static final int INTERNAL_SERVER_ERROR = 2;

    private KeErrorCode() {}

    /** A short description of a code, for logs. */
    public static String describe(int code) {
        return switch (code) {
            case UNRECOGNIZED_CRITICAL_RECORD -> "unrecognized critical record";
            case BAD_REQUEST -> "bad request";
            case INTERNAL_SERVER_ERROR -> "internal server error";
            default -> "error " + code;
        };
    }
}
