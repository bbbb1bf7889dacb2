// Builds the server's client table and rate limiter from the configuration (clientloglimit, ratelimit).
package dev.jntp.daemon;

import dev.jntp.config.JntpConfig;
import dev.jntp.config.RateLimit;
import dev.jntp.engine.server.ClientTable;
import dev.jntp.engine.server.RateLimiter;
import java.security.SecureRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daemon's side of {@code ratelimit}: one client table per daemon (its hash keyed at random,
 * as chrony's), shared by {@code jntp clients} and the rate limiter, and the limiter seeded from a
 * SecureRandom so that nobody can tell in advance which requests beyond the limit leak through.
 */
final class RateLimits {

    private static final Logger LOG = LoggerFactory.getLogger(RateLimits.class);

    private RateLimits() {}

    /** The client table {@code clientloglimit} allows. */
    static ClientLog clientLog(JntpConfig config) {
        return new ClientLog(new ClientTable(config.clientLogLimit(), new SecureRandom().nextLong()));
    }

    /** The limiter {@code ratelimit} asks for, keeping its buckets in {@code clients}; none without the line. */
    static RateLimiter limiter(JntpConfig config, ClientLog clients) {
        if (config.rateLimiting().isEmpty()) {
            return RateLimiter.none();
        }
        RateLimit r = config.rateLimiting().get();
        RateLimiter limiter = new RateLimiter(new RateLimiter.Settings(r.interval(), r.burst(), r.leak(), r.kod()),
                clients.table(), new SecureRandom().nextLong());
        LOG.info("rate limiting: each address answered at most {} times at once, then once per 2^{} s; 1 in {} of"
                + " the rest answered anyway{}; {} addresses tracked", r.burst(), r.interval(), 1 << r.leak(),
                r.kod() == 0 ? "" : ", 1 in " + (1 << r.kod()) + " of the others a KoD RATE", clients.capacity());
        return limiter;
    }
}
