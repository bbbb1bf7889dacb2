// The Linux kernel clock: clock_adjtime(CLOCK_REALTIME) through the foreign function API, errno captured.
package dev.jntp.daemon.clock;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout.PathElement;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.util.Optional;

/**
 * {@link Kernel} on Linux. A request with modes = 0 only reads and needs no privilege; any other
 * needs CAP_SYS_TIME and fails with EPERM without it. Reads of the clocks go through {@link SystemTime}.
 */
public final class LinuxKernel implements Kernel {

    private static final StructLayout CAPTURED = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CAPTURED.varHandle(PathElement.groupElement("errno"));

    private final MethodHandle clockAdjtime;

    private LinuxKernel(MethodHandle clockAdjtime) {
        this.clockAdjtime = clockAdjtime;
    }

    /** The kernel clock, or empty where libc has no clock_adjtime (not Linux) or native access is denied. */
    public static Optional<Kernel> load() {
        try {
            Linker linker = Linker.nativeLinker();
            return linker.defaultLookup().find("clock_adjtime")
                    .map(symbol -> new LinuxKernel(linker.downcallHandle(symbol,
                            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS),
                            Linker.Option.captureCallState("errno"))));
        } catch (RuntimeException | LinkageError e) {
            return Optional.empty();
        }
    }

    @Override
    public Reply adjtime(Timex request) {
        return adjtime(SystemTime.CLOCK_REALTIME, request);
    }

    /** clock_adjtime on any clock id (tests pass an invalid one with modes = 0 to see errno come back). */
    Reply adjtime(int clockId, Timex request) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment timex = arena.allocate(Timex.LAYOUT);
            MemorySegment captured = arena.allocate(CAPTURED);
            request.writeTo(timex);
            int rc = (int) clockAdjtime.invokeExact(captured, clockId, timex);
            if (rc < 0) {
                return new Reply(-(int) ERRNO.get(captured, 0L), request);
            }
            return new Reply(rc, Timex.readFrom(timex));
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException("clock_adjtime could not be called", e);
        }
    }

    @Override
    public long realtimeNanos() {
        return SystemTime.realtime();
    }

    @Override
    public long rawNanos() {
        return SystemTime.raw();
    }
}
