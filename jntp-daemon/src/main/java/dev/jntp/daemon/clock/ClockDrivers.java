// Chooses the clock driver at start: the Linux kernel clock when jntp may set it, else monitor mode, saying why.
package dev.jntp.daemon.clock;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Opens the clock the daemon disciplines. Monitor mode when asked ({@code -x}), when the process
 * lacks CAP_SYS_TIME (read from {@code /proc/self/status}, nothing is tried on the clock), or
 * where the kernel clock cannot be called; otherwise the kernel clock, wrapped so that an EPERM
 * on a write still ends in monitor mode. Each path logs exactly one line.
 */
public final class ClockDrivers {

    /** CAP_SYS_TIME's bit in the capability sets (linux/capability.h). */
    static final int CAP_SYS_TIME = 25;
    static final String SERVING = "the system clock is not changed; serving corrected time";

    private ClockDrivers() {}

    /** The clock driver for this process; {@code log} receives one line saying which and why. */
    public static ClockDriver open(boolean monitorOnly, Consumer<String> log) {
        return open(monitorOnly, log, ClockDrivers::hasSysTime, LinuxKernel::load, SystemTime.INSTANCE);
    }

    static ClockDriver open(boolean monitorOnly, Consumer<String> log, BooleanSupplier sysTime,
            Supplier<Optional<Kernel>> kernels, TimeSource time) {
        if (monitorOnly) {
            log.accept("monitor mode (-x): " + SERVING);
            return new MonitorClock(time);
        }
        if (!sysTime.getAsBoolean()) {
            log.accept("no CAP_SYS_TIME: monitor mode, " + SERVING);
            return new MonitorClock(time);
        }
        Optional<Kernel> kernel = kernels.get();
        if (kernel.isEmpty()) {
            log.accept("clock_adjtime is not available here: monitor mode, " + SERVING);
            return new MonitorClock(time);
        }
        log.accept("disciplining the system clock through clock_adjtime");
        return new FallbackClock(new LinuxClock(kernel.get()), () -> new MonitorClock(time), log);
    }

    /** Whether this process holds CAP_SYS_TIME in its effective set (false when that cannot be read). */
    public static boolean hasSysTime() {
        try {
            return hasCapability(Files.readString(Path.of("/proc/self/status")), CAP_SYS_TIME);
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** Whether the {@code CapEff:} line of a /proc/PID/status text has capability {@code bit}. */
    static boolean hasCapability(String procStatus, int bit) {
        for (String line : procStatus.split("\n")) {
            if (line.startsWith("CapEff:")) {
                long mask = Long.parseUnsignedLong(line.substring("CapEff:".length()).strip(), 16);
                return (mask >>> bit & 1) != 0;
            }
        }
        return false;
    }
}
