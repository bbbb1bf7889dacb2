// The outcome of a health check and its one line of plugin output: state, summary, figures and perfdata.
package dev.jntp.cli.check;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A judged observation (or a failed look, without one). {@link #line()} is the plugin's output line,
 * {@code STATE: SUMMARY - FIGURES | PERFDATA}, e.g. {@code OK: NTP healthy - offset=0.000000776s (0ms), sources=8,
 * stratum=2 | offset=0.000000776s;0.1;1 sources=8;;;0 stratum=2;;;0;16 last_update=64s;3600;14400;0}; perfdata
 * follows the Monitoring Plugins format {@code label=value[UOM];[warn];[crit];[min];[max]}.
 *
 * @param state the result
 * @param problems what broke a rule or threshold, worst rule first (empty when OK)
 * @param observation what was seen, or null when the look failed
 * @param policy the thresholds applied
 */
public record Verdict(CheckState state, List<String> problems, Observation observation, CheckPolicy policy) {

    /** The plugin output line (no newline). */
    public String line() {
        String head = state + ": " + summary();
        if (observation == null) {
            return head;
        }
        return head + " - " + figures() + " | " + perfdata();
    }

    /** "NTP healthy" when OK, else the problems. */
    public String summary() {
        if (problems.isEmpty()) {
            return observation != null && observation.localReference() ? "NTP healthy (local clock)" : "NTP healthy";
        }
        return String.join("; ", problems);
    }

    /** offset, sources and stratum as the seed's health check printed them, and a pending leap second. */
    String figures() {
        Observation o = observation;
        List<String> f = new ArrayList<>();
        f.add(Double.isNaN(o.offset()) ? "offset=unknown"
                : "offset=" + nanos(o.offset()) + "s (" + Math.round(o.offset() * 1000) + "ms)");
        if (o.reachable() >= 0) {
            f.add("sources=" + o.reachable());
        }
        if (o.stratum() >= 0) {
            f.add("stratum=" + o.stratum());
        }
        switch (o.leap()) {
            case INSERT_SECOND -> f.add("leap=insert");
            case DELETE_SECOND -> f.add("leap=delete");
            case NO_WARNING, UNSYNCHRONIZED -> { }
        }
        return String.join(", ", f);
    }

    /** The performance data: offset, reachable sources, stratum and seconds since the last update, where known. */
    public String perfdata() {
        Observation o = observation;
        if (o == null) {
            return "";
        }
        List<String> p = new ArrayList<>();
        if (!Double.isNaN(o.offset())) {
            p.add(perf("offset", nanos(o.offset()), "s", policy.offsetWarning(),
                    policy.offsetCritical(), "", ""));
        }
        if (o.reachable() >= 0) {
            p.add(perf("sources", Integer.toString(o.reachable()), "", policy.sourcesWarning(),
                    policy.sourcesCritical(), "0", ""));
        }
        if (o.stratum() >= 0) {
            p.add(perf("stratum", Integer.toString(o.stratum()), "", policy.stratumWarning(),
                    policy.stratumCritical(), "0", "16"));
        }
        if (Double.isFinite(o.sinceUpdate())) {
            p.add(perf("last_update", String.format(Locale.ROOT, "%.0f", o.sinceUpdate()), "s",
                    policy.updateWarning(), policy.updateCritical(), "0", ""));
        }
        return String.join(" ", p);
    }

    /** Seconds to the nanosecond, without a minus sign on a value that rounds to zero. */
    static String nanos(double seconds) {
        return String.format(Locale.ROOT, "%.9f", Math.rint(seconds * 1e9) / 1e9 + 0.0);
    }

    private static String perf(String label, String value, String unit, NagiosRange warn, NagiosRange crit,
            String min, String max) {
        String s = label + "=" + value + unit + ";" + (warn == null ? "" : warn.text()) + ";"
                + (crit == null ? "" : crit.text()) + ";" + min + ";" + max;
        while (s.endsWith(";")) {
            s = s.substring(0, s.length() - 1);
        }
        return s;
    }
}
