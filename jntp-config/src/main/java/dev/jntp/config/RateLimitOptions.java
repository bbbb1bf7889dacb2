// Parses the 'ratelimit' directive: chrony's options interval, burst, leak and kod, each a whole number in range.
package dev.jntp.config;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code ratelimit [interval N] [burst N] [leak N] [kod N]}, options in any order, as chrony. Unlike
 * chrony, which clamps values into range and lets a second line change the first, a value out of
 * range, an option given twice and a second line are errors. Rate limiting keeps its buckets in
 * the client table, so {@code clientloglimit} must leave room for one.
 */
final class RateLimitOptions {

    private static final String USAGE = "ratelimit [interval -19..12] [burst 1..255] [leak 1..4] [kod 0..4]";

    private RateLimit settings;

    /** Parses a {@code ratelimit} line found at {@code line}. */
    void parse(Values v, List<String> args, int line) {
        if (settings != null) {
            v.error("'ratelimit' is given again (first on line " + settings.line() + ")", "keep one ratelimit line");
            return;
        }
        int[] values = {RateLimit.DEFAULT_INTERVAL, RateLimit.DEFAULT_BURST, RateLimit.DEFAULT_LEAK,
            RateLimit.DEFAULT_KOD};
        boolean[] seen = new boolean[values.length];
        boolean ok = true;
        for (int i = 0; i < args.size(); i += 2) {
            String opt = args.get(i).toLowerCase(Locale.ROOT);
            int k = List.of("interval", "burst", "leak", "kod").indexOf(opt);
            if (k < 0) {
                v.error("unknown option '" + Values.printable(args.get(i)) + "' for 'ratelimit'", "use: " + USAGE);
                return;
            }
            if (i + 1 >= args.size()) {
                v.error("'" + opt + "' needs a value", "write 'ratelimit " + opt + " N'");
                return;
            }
            if (seen[k]) {
                v.error("'" + opt + "' is given twice", "keep one '" + opt + "' on the ratelimit line");
                return;
            }
            seen[k] = true;
            int[] range = switch (k) {
                case 0 -> new int[] {-19, 12};
                case 1 -> new int[] {1, 255};
                case 2 -> new int[] {1, 4};
                default -> new int[] {0, 4};
            };
            Optional<Integer> value = v.intIn(args.get(i + 1), "ratelimit " + opt, range[0], range[1]);
            ok &= value.isPresent();
            values[k] = value.orElse(values[k]);
        }
        if (ok) {
            settings = new RateLimit(values[0], values[1], values[2], values[3], line);
        }
    }

    /** After the whole file of {@code file}: a rate limit needs a client table to keep its buckets in. */
    void check(String file, long clientLogLimit, List<ConfigError> errors) {
        if (settings != null && clientLogLimit < RateLimit.MIN_CLIENT_LOG_LIMIT) {
            int at = 0; // keep the errors in line order
            while (at < errors.size() && errors.get(at).line() <= settings.line()) {
                at++;
            }
            errors.add(at, new ConfigError(file, settings.line(), "ratelimit keeps its buckets in the client table, and"
                    + " 'clientloglimit " + clientLogLimit + "' leaves no room for one (it needs "
                    + RateLimit.MIN_CLIENT_LOG_LIMIT + " bytes)", "raise clientloglimit to "
                    + RateLimit.MIN_CLIENT_LOG_LIMIT + " or more (the default, 1048576, holds 16384 clients), or"
                    + " remove the ratelimit line"));
        }
    }

    /** The settings, or null without a ratelimit line. */
    RateLimit build() {
        return settings;
    }
}
