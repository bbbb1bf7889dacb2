// The rate limiting line the converters and the remediation write, when this jntp supports 'ratelimit'.
package dev.jntp.config.convert;

import dev.jntp.config.ConfigParser;

/** chrony's {@code ratelimit} with its defaults written out: 1 reply per 8 s per address on average, bursts of 8. */
public final class RateLimit {

    /** The line. */
    public static final String LINE = "ratelimit interval 3 burst 8";

    private RateLimit() {}

    /** Whether jntp.conf takes {@code ratelimit}. */
    public static boolean supported() {
        return ConfigParser.supports("ratelimit");
    }
}
