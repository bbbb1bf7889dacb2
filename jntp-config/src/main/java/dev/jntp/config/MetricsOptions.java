// Parses the metrics directives: metricsport PORT (0: off) and bindmetricsaddress ADDRESS.
package dev.jntp.config;

import java.util.List;
import java.util.Set;

/**
 * Collects {@code metricsport} and {@code bindmetricsaddress} into {@link MetricsSettings}; the
 * names follow chrony's pairs ({@code cmdport}/{@code bindcmdaddress}). Each may be given once:
 * a second line is an error naming the first, as for {@code bindcmdaddress}.
 */
final class MetricsOptions {

    /** The directives this class parses. */
    static final Set<String> DIRECTIVES = Set.of("metricsport", "bindmetricsaddress");

    private MetricsSettings settings = MetricsSettings.DEFAULTS;
    private int portLine;
    private int addressLine;

    /** Parses one of {@link #DIRECTIVES} found at {@code line}. */
    void parse(Values v, List<String> args, int line) {
        boolean port = v.name().equals("metricsport");
        int first = port ? portLine : addressLine;
        if (first > 0) {
            v.error("'" + v.name() + "' is given again (first on line " + first + ")", "keep one " + v.name()
                    + " line");
            return;
        }
        if (v.exactly(1).isEmpty()) {
            return;
        }
        String arg = args.getFirst();
        if (port) {
            v.intIn(arg, "metricsport", 0, 65535).ifPresent(p -> {
                settings = new MetricsSettings(settings.address(), p);
                portLine = line;
            });
        } else {
            v.address(arg).ifPresent(a -> {
                settings = new MetricsSettings(a, settings.port());
                addressLine = line;
            });
        }
    }

    /** The settings of the file, defaults for what it does not say. */
    MetricsSettings build() {
        return settings;
    }
}
