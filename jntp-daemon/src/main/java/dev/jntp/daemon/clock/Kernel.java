// The seam between jntp's clock drivers and the operating system's clock: clock_adjtime and clock_gettime.
package dev.jntp.daemon.clock;

/**
 * The kernel clock as the drivers see it. {@link LinuxKernel} calls Linux through the foreign
 * function API; tests use a simulated kernel that applies requests the way Linux does.
 */
public interface Kernel {

    /**
     * {@code clock_adjtime(CLOCK_REALTIME, &tx)}: applies {@code request.modes()} (0 changes
     * nothing) and returns the kernel's state afterwards.
     */
    Reply adjtime(Timex request);

    /** {@code clock_gettime(CLOCK_REALTIME)}: the system time, nanoseconds since the Unix epoch. */
    long realtimeNanos();

    /**
     * {@code clock_gettime(CLOCK_MONOTONIC_RAW)}: the oscillator's own count, nanoseconds, which
     * no frequency correction touches; the time base over which a frequency correction adds up.
     */
    long rawNanos();

    /**
     * What clock_adjtime returned.
     *
     * @param code  the clock state ({@link Timex#TIME_OK} … {@link Timex#TIME_ERROR}) when
     *              {@code >= 0}, else minus the errno
     * @param timex the kernel's state after the call; on failure, the request unchanged
     */
    record Reply(int code, Timex timex) {

        public boolean ok() {
            return code >= 0;
        }

        /** The errno of a failed call, 0 on success. */
        public int errno() {
            return code < 0 ? -code : 0;
        }
    }
}
