// The thresholds of 'jntp check' and the rules that turn an observation into OK, WARNING, CRITICAL or UNKNOWN.
package dev.jntp.cli.check;

import dev.jntp.proto.LeapIndicator;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Judges an {@link Observation} as check_ntp_peer and check_ntp_time of the Monitoring Plugins do: the absolute
 * offset against {@code -w}/{@code -c}, the stratum against {@code -W}/{@code -C}, the reachable sources against
 * {@code -m}/{@code -n}, the time since the last clock update against its own pair; a service that is not
 * synchronised (the leap alarm, LI = 3) is {@link #leapAlarm} (CRITICAL unless lowered), and a daemon that has
 * sources but serves its own clock is WARNING. With {@link #quiet}, what would be CRITICAL or WARNING because the
 * service is not synchronised or cannot be read is UNKNOWN instead (check_ntp_peer's {@code -q}). A null range is
 * not checked.
 */
public record CheckPolicy(NagiosRange offsetWarning, NagiosRange offsetCritical, NagiosRange stratumWarning,
        NagiosRange stratumCritical, NagiosRange sourcesWarning, NagiosRange sourcesCritical,
        NagiosRange updateWarning, NagiosRange updateCritical, CheckState leapAlarm, boolean quiet) {

    /** Default offset warning: 0.1 s (chrony-wait's bound on the remaining correction). */
    public static final String OFFSET_WARNING = "0.1";
    public static final String OFFSET_CRITICAL = "1";
    /** Default warning for the time since the last update: an hour, some three polls at the default maxpoll 10. */
    public static final String UPDATE_WARNING = "3600";
    public static final String UPDATE_CRITICAL = "14400";

    /** The defaults: offset 0.1 s / 1 s, last update 1 h / 4 h, leap alarm CRITICAL, no stratum or source limits. */
    public static CheckPolicy defaults() {
        return new CheckPolicy(NagiosRange.parse(OFFSET_WARNING), NagiosRange.parse(OFFSET_CRITICAL), null, null, null,
                null, NagiosRange.parse(UPDATE_WARNING), NagiosRange.parse(UPDATE_CRITICAL), CheckState.CRITICAL,
                false);
    }

    /** The result of a look that failed (daemon not running, no reply, refused): CRITICAL, or UNKNOWN when quiet. */
    public Verdict failure(String message) {
        return new Verdict(quiet ? CheckState.UNKNOWN : CheckState.CRITICAL, List.of(message), null, this);
    }

    /** Judges one observation. */
    public Verdict evaluate(Observation o) {
        List<String> problems = new ArrayList<>();
        CheckState state = CheckState.OK;
        if (!o.synchronised() && !o.localReference()) {
            state = quiet ? CheckState.UNKNOWN : leapAlarm;
            problems.add("not synchronised" + (o.alarm().isEmpty() ? "" : " (" + o.alarm() + ")")
                    + (o.leap() == LeapIndicator.UNSYNCHRONIZED ? ", leap alarm" : ""));
        }
        if (o.localReference() && o.sources() > 0) {
            state = state.max(quiet ? CheckState.UNKNOWN : CheckState.WARNING);
            problems.add("no usable source, serving the local clock");
        }
        Judge j = new Judge(state, problems);
        if (!Double.isNaN(o.offset())) {
            j.check(Math.abs(o.offset()), offsetWarning, offsetCritical, "offset " + Verdict.nanos(o.offset()) + "s");
        }
        if (o.reachable() >= 0) {
            j.check(o.reachable(), sourcesWarning, sourcesCritical, o.reachable() + " reachable sources");
        }
        if (o.stratum() >= 0) {
            j.check(o.stratum(), stratumWarning, stratumCritical, "stratum " + o.stratum());
        }
        boolean serving = o.synchronised() || o.localReference(); // else the update's age adds nothing
        if (serving && Double.isInfinite(o.sinceUpdate())) {
            j.check(o.sinceUpdate(), updateWarning, updateCritical, "never updated", false);
        } else if (serving && !Double.isNaN(o.sinceUpdate())) {
            j.check(o.sinceUpdate(), updateWarning, updateCritical,
                    String.format(Locale.ROOT, "last update %.0fs ago", o.sinceUpdate()));
        }
        return new Verdict(j.state, List.copyOf(problems), o, this);
    }

    /** Collects the worst state and a line for each broken threshold. */
    private static final class Judge {
        CheckState state;
        final List<String> problems;

        Judge(CheckState state, List<String> problems) {
            this.state = state;
            this.problems = problems;
        }

        void check(double value, NagiosRange warning, NagiosRange critical, String what) {
            check(value, warning, critical, what, true);
        }

        /** Adds the problem "{@code what} above N" (or only {@code what} without {@code showRange}). */
        void check(double value, NagiosRange warning, NagiosRange critical, String what, boolean showRange) {
            NagiosRange broken = critical != null && critical.alerts(value) ? critical
                    : warning != null && warning.alerts(value) ? warning : null;
            if (broken != null) {
                state = state.max(broken == critical ? CheckState.CRITICAL : CheckState.WARNING);
                problems.add(showRange ? what + " " + broken.violation(value) : what);
            }
        }
    }
}
