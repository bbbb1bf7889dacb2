// Parses the 'local' directive: serve the local clock at a given stratum when no source is usable.
package dev.jntp.config;

import java.util.List;
import java.util.Optional;

/** {@code local [stratum N] [orphan] [distance D]}, as chrony. */
final class LocalOptions {

    /** chrony's default stratum for the local reference. */
    static final int DEFAULT_STRATUM = 10;
    /** chrony's default distance (seconds) below which a real source beats the local reference. */
    static final double DEFAULT_DISTANCE = 1.0;

    private LocalOptions() {}

    static Optional<JntpConfig.LocalReference> parse(Values v, List<String> args) {
        int stratum = DEFAULT_STRATUM;
        boolean orphan = false;
        double distance = DEFAULT_DISTANCE;
        boolean ok = true;
        for (int i = 0; i < args.size(); i++) {
            String opt = args.get(i).toLowerCase(java.util.Locale.ROOT);
            switch (opt) {
                case "orphan" -> orphan = true;
                case "stratum", "distance" -> {
                    if (i + 1 >= args.size()) {
                        v.error("'" + opt + "' needs a value", "write 'local " + opt + " VALUE'");
                        return Optional.empty();
                    }
                    String value = args.get(++i);
                    if (opt.equals("stratum")) {
                        Optional<Integer> s = v.intIn(value, "local stratum", 1, 15);
                        ok &= s.isPresent();
                        stratum = s.orElse(stratum);
                    } else {
                        Optional<Double> d = v.doubleIn(value, "local distance", 0, 16);
                        ok &= d.isPresent();
                        distance = d.orElse(distance);
                    }
                }
                default -> {
                    v.error("unknown option '" + Values.printable(opt) + "' for 'local'",
                            "use: local [stratum N] [orphan] [distance SECONDS]");
                    ok = false;
                }
            }
        }
        return ok ? Optional.of(new JntpConfig.LocalReference(stratum, orphan, distance)) : Optional.empty();
    }
}
