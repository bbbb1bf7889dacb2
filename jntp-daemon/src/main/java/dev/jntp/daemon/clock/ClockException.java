// The failure of a kernel clock call, with its errno, so a driver can tell "not permitted" from other faults.
package dev.jntp.daemon.clock;

import java.util.Map;

/** A clock_adjtime call that the kernel refused. */
public final class ClockException extends RuntimeException {

    public static final int EPERM = 1;
    public static final int EFAULT = 14;
    public static final int EINVAL = 22;
    public static final int EOPNOTSUPP = 95;

    private static final Map<Integer, String> NAMES = Map.of(
            EPERM, "EPERM (operation not permitted: the process lacks CAP_SYS_TIME)",
            EFAULT, "EFAULT (bad address)",
            EINVAL, "EINVAL (invalid argument)",
            EOPNOTSUPP, "EOPNOTSUPP (not supported)");

    private final int errno;

    public ClockException(String operation, int errno) {
        super(operation + " failed: " + NAMES.getOrDefault(errno, "errno " + errno));
        this.errno = errno;
    }

    public int errno() {
        return errno;
    }

    /** Whether the kernel refused because the process may not set the clock. */
    public boolean permissionDenied() {
        return errno == EPERM;
    }
}
