// Every state and exit code of 'jntp check', the line the seed's health check printed, and the perfdata format.
package dev.jntp.cli.check;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jntp.proto.LeapIndicator;
import org.junit.jupiter.api.Test;

class CheckPolicyTest {

    /** The seed's server: offset 0.000000776 s (clock slow), 8 reachable sources, stratum 2, updated 64 s ago. */
    private static final Observation HEALTHY = new Observation(true, false, "", 0.000000776, 2,
            LeapIndicator.NO_WARNING, 8, 8, 64, "time2.google.com");

    private static Observation with(double offset, int stratum, int reachable, double sinceUpdate) {
        return new Observation(true, false, "", offset, stratum, LeapIndicator.NO_WARNING, 8, reachable,
                sinceUpdate, "x");
    }

    private static CheckPolicy policy(String sourcesWarning, String sourcesCritical, String stratumWarning,
            String stratumCritical) {
        CheckPolicy d = CheckPolicy.defaults();
        return new CheckPolicy(d.offsetWarning(), d.offsetCritical(), range(stratumWarning), range(stratumCritical),
                range(sourcesWarning), range(sourcesCritical), d.updateWarning(), d.updateCritical(), CheckState.CRITICAL,
                false);
    }

    private static NagiosRange range(String s) {
        return s == null ? null : NagiosRange.parse(s);
    }

    @Test
    void healthy_defaults_okLineAsTheSeedsWithPerfdata() {
        Verdict v = CheckPolicy.defaults().evaluate(HEALTHY);

        assertThat(v.state()).isEqualTo(CheckState.OK);
        assertThat(v.state().exitCode()).isZero();
        assertThat(v.line()).isEqualTo("OK: NTP healthy - offset=0.000000776s (0ms), sources=8, stratum=2"
                + " | offset=0.000000776s;0.1;1 sources=8;;;0 stratum=2;;;0;16 last_update=64s;3600;14400;0");
    }

    @Test
    void perfdata_everyItem_monitoringPluginsFormat() {
        Verdict v = policy("4:", "1:", "3", "5").evaluate(with(-0.0123, 2, 8, 100));

        assertThat(v.perfdata().split(" ")).allSatisfy(item -> assertThat(item)
                .matches("[a-z_]+=-?[0-9]+(\\.[0-9]+)?(s)?(;[^; ]*){0,4}"));
        assertThat(v.perfdata()).isEqualTo("offset=-0.012300000s;0.1;1 sources=8;4:;1:;0 stratum=2;3;5;0;16"
                + " last_update=100s;3600;14400;0");
        assertThat(v.line()).contains("offset=-0.012300000s (-12ms)");
    }

    @Test
    void offset_beyondWarning_warningExit1() {
        Verdict v = CheckPolicy.defaults().evaluate(with(-0.25, 2, 8, 64));

        assertThat(v.state()).isEqualTo(CheckState.WARNING);
        assertThat(v.state().exitCode()).isEqualTo(1);
        assertThat(v.line()).startsWith("WARNING: offset -0.250000000s above 0.1 - offset=-0.250000000s (-250ms)");
    }

    @Test
    void offset_beyondCritical_criticalExit2() {
        Verdict v = CheckPolicy.defaults().evaluate(with(1.5, 2, 8, 64));

        assertThat(v.state()).isEqualTo(CheckState.CRITICAL);
        assertThat(v.state().exitCode()).isEqualTo(2);
        assertThat(v.summary()).isEqualTo("offset 1.500000000s above 1");
    }

    @Test
    void notSynchronised_leapAlarm_criticalUnlessLoweredOrQuiet() {
        Observation o = new Observation(false, false, "no selectable sources", 0, 16, LeapIndicator.UNSYNCHRONIZED, 3,
                0, Double.POSITIVE_INFINITY, "");
        CheckPolicy d = CheckPolicy.defaults();
        CheckPolicy warning = new CheckPolicy(d.offsetWarning(), d.offsetCritical(), null, null, null, null,
                d.updateWarning(), null, CheckState.WARNING, false);
        CheckPolicy quiet = new CheckPolicy(d.offsetWarning(), d.offsetCritical(), null, null, null, null,
                d.updateWarning(), null, CheckState.CRITICAL, true);

        Verdict critical = d.evaluate(o);
        assertThat(critical.state()).isEqualTo(CheckState.CRITICAL);
        assertThat(critical.line()).startsWith("CRITICAL: not synchronised (no selectable sources), leap alarm"
                + " - offset=0.000000000s (0ms), sources=0, stratum=16 | ");
        assertThat(critical.perfdata()).doesNotContain("last_update");
        assertThat(warning.evaluate(o).state()).isEqualTo(CheckState.WARNING);
        assertThat(quiet.evaluate(o).state()).isEqualTo(CheckState.UNKNOWN);
        assertThat(quiet.evaluate(o).state().exitCode()).isEqualTo(3);
    }

    @Test
    void localReference_withSources_warning_withoutSources_ok() {
        Observation fallback = new Observation(false, true, "", 0, 10, LeapIndicator.NO_WARNING, 2, 0, 1, "local clock");
        Observation localOnly = new Observation(false, true, "", 0, 10, LeapIndicator.NO_WARNING, 0, 0, 1,
                "local clock");

        assertThat(CheckPolicy.defaults().evaluate(fallback).line())
                .startsWith("WARNING: no usable source, serving the local clock - offset=0.000000000s (0ms), sources=0");
        assertThat(CheckPolicy.defaults().evaluate(localOnly).line())
                .startsWith("OK: NTP healthy (local clock) - offset=0.000000000s (0ms), sources=0, stratum=10 | ");
    }

    @Test
    void reachableSources_belowWarningOrCritical_warningOrCritical() {
        CheckPolicy p = policy("3:", "1:", null, null);

        assertThat(p.evaluate(with(0, 2, 3, 64)).state()).isEqualTo(CheckState.OK);
        assertThat(p.evaluate(with(0, 2, 2, 64)).summary()).isEqualTo("2 reachable sources below 3");
        assertThat(p.evaluate(with(0, 2, 2, 64)).state()).isEqualTo(CheckState.WARNING);
        assertThat(p.evaluate(with(0, 2, 0, 64)).summary()).isEqualTo("0 reachable sources below 1");
        assertThat(p.evaluate(with(0, 2, 0, 64)).state()).isEqualTo(CheckState.CRITICAL);
    }

    @Test
    void stratum_aboveWarningOrCritical_warningOrCritical() {
        CheckPolicy p = policy(null, null, "3", "5");

        assertThat(p.evaluate(with(0, 3, 8, 64)).state()).isEqualTo(CheckState.OK);
        assertThat(p.evaluate(with(0, 4, 8, 64)).state()).isEqualTo(CheckState.WARNING);
        assertThat(p.evaluate(with(0, 6, 8, 64)).summary()).isEqualTo("stratum 6 above 5");
        assertThat(p.evaluate(with(0, 6, 8, 64)).state()).isEqualTo(CheckState.CRITICAL);
    }

    @Test
    void lastUpdate_old_warningThenCritical() {
        CheckPolicy p = CheckPolicy.defaults();

        assertThat(p.evaluate(with(0, 2, 8, 3600)).state()).isEqualTo(CheckState.OK);
        assertThat(p.evaluate(with(0, 2, 8, 4000)).summary()).isEqualTo("last update 4000s ago above 3600");
        assertThat(p.evaluate(with(0, 2, 8, 4000)).state()).isEqualTo(CheckState.WARNING);
        assertThat(p.evaluate(with(0, 2, 8, 20000)).state()).isEqualTo(CheckState.CRITICAL);
    }

    @Test
    void severalProblems_worstStateAllReasons() {
        Verdict v = policy("3:", null, "3", null).evaluate(with(2, 4, 2, 64));

        assertThat(v.state()).isEqualTo(CheckState.CRITICAL);
        assertThat(v.problems()).containsExactly("offset 2.000000000s above 1", "2 reachable sources below 3",
                "stratum 4 above 3");
    }

    @Test
    void pendingLeapSecond_ok_shownInFigures() {
        Observation o = new Observation(true, false, "", 0, 2, LeapIndicator.INSERT_SECOND, 4, 4, 64, "x");

        Verdict v = CheckPolicy.defaults().evaluate(o);

        assertThat(v.state()).isEqualTo(CheckState.OK);
        assertThat(v.line()).contains("stratum=2, leap=insert | ");
    }

    @Test
    void unknownFigures_leftOutOfLineAndPerfdata() {
        Observation o = new Observation(true, false, "", Double.NaN, -1, LeapIndicator.NO_WARNING, -1, -1, Double.NaN,
                "");

        Verdict v = CheckPolicy.defaults().evaluate(o);

        assertThat(v.line()).isEqualTo("OK: NTP healthy - offset=unknown | ");
    }

    @Test
    void failure_criticalExit2_quietUnknownExit3_noPerfdata() {
        CheckPolicy d = CheckPolicy.defaults();
        CheckPolicy quiet = new CheckPolicy(d.offsetWarning(), d.offsetCritical(), null, null, null, null, null, null,
                CheckState.CRITICAL, true);

        Verdict v = d.failure("cannot connect to the jntp daemon at /run/jntp/jntp.sock");

        assertThat(v.line()).isEqualTo("CRITICAL: cannot connect to the jntp daemon at /run/jntp/jntp.sock");
        assertThat(v.state().exitCode()).isEqualTo(2);
        assertThat(quiet.failure("x").line()).isEqualTo("UNKNOWN: x");
        assertThat(quiet.failure("x").state().exitCode()).isEqualTo(3);
    }

    @Test
    void states_combine_criticalOverWarningOverUnknownOverOk() {
        assertThat(CheckState.OK.max(CheckState.UNKNOWN)).isEqualTo(CheckState.UNKNOWN);
        assertThat(CheckState.UNKNOWN.max(CheckState.WARNING)).isEqualTo(CheckState.WARNING);
        assertThat(CheckState.CRITICAL.max(CheckState.WARNING)).isEqualTo(CheckState.CRITICAL);
        assertThat(CheckState.WARNING.max(CheckState.OK)).isEqualTo(CheckState.WARNING);
    }
}
