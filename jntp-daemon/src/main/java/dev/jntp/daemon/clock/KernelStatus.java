// The kernel clock's discipline state, read without changing anything: what adjtimex and timedatectl show.
package dev.jntp.daemon.clock;

import dev.jntp.proto.LeapIndicator;
import java.util.ArrayList;
import java.util.List;

/**
 * A read-only snapshot of the kernel clock's NTP state ({@code clock_adjtime} with modes = 0,
 * which needs no privilege).
 *
 * @param state           the clock state returned by the call ({@link Timex#TIME_OK} … {@link Timex#TIME_ERROR})
 * @param status          the STA_* bits
 * @param offsetSeconds   the kernel PLL's remaining offset
 * @param frequencyPpm    the frequency correction in force
 * @param maxErrorSeconds maximum error
 * @param estErrorSeconds estimated error
 * @param timeConstant    PLL time constant
 * @param taiOffset       TAI - UTC, seconds (0 when never set)
 */
public record KernelStatus(int state, int status, double offsetSeconds, double frequencyPpm,
        double maxErrorSeconds, double estErrorSeconds, long timeConstant, int taiOffset) {

    private static final String[] STATUS_NAMES = {"PLL", "PPSFREQ", "PPSTIME", "FLL", "INS", "DEL", "UNSYNC",
        "FREQHOLD", "PPSSIGNAL", "PPSJITTER", "PPSWANDER", "PPSERROR", "CLOCKERR", "NANO", "MODE", "CLK"};
    private static final String[] STATE_NAMES = {"TIME_OK", "TIME_INS", "TIME_DEL", "TIME_OOP", "TIME_WAIT",
        "TIME_ERROR"};

    /** Reads the kernel's state; throws {@link ClockException} if even reading is refused. */
    public static KernelStatus read(Kernel kernel) {
        Kernel.Reply reply = kernel.adjtime(Timex.READ);
        if (!reply.ok()) {
            throw new ClockException("clock_adjtime(read)", reply.errno());
        }
        return of(reply.code(), reply.timex());
    }

    /** The status a clock_adjtime reply describes. */
    public static KernelStatus of(int state, Timex tx) {
        double offsetUnit = (tx.status() & Timex.STA_NANO) != 0 ? 1e-9 : 1e-6;
        return new KernelStatus(state, tx.status(), tx.offset() * offsetUnit, Timex.ppmOf(tx.freq()),
                tx.maxerror() * 1e-6, tx.esterror() * 1e-6, tx.constant(), tx.tai());
    }

    /** Whether the kernel considers the clock synchronised: STA_UNSYNC clear. */
    public boolean synchronised() {
        return (status & Timex.STA_UNSYNC) == 0;
    }

    /** The leap second armed in the kernel. */
    public LeapIndicator leap() {
        if ((status & Timex.STA_INS) != 0) {
            return LeapIndicator.INSERT_SECOND;
        }
        return (status & Timex.STA_DEL) != 0 ? LeapIndicator.DELETE_SECOND : LeapIndicator.NO_WARNING;
    }

    /** The status bits by name, as adjtimex(8) prints them, e.g. [UNSYNC, NANO]. */
    public List<String> statusNames() {
        List<String> names = new ArrayList<>();
        for (int bit = 0; bit < STATUS_NAMES.length; bit++) {
            if ((status & (1 << bit)) != 0) {
                names.add(STATUS_NAMES[bit]);
            }
        }
        return names;
    }

    /** The clock state by name, e.g. TIME_ERROR. */
    public String stateName() {
        return state >= 0 && state < STATE_NAMES.length ? STATE_NAMES[state] : "state " + state;
    }
}
