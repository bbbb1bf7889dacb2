// One audit rule: an id, what it checks, and a pure function from the configuration and host state to an outcome.
package dev.jntp.config.audit;

import java.util.function.Function;

/**
 * A rule of docs/audit.md.
 *
 * @param id stable id, e.g. {@code SRV-RATELIMIT}
 * @param title what it checks
 * @param check the evaluation
 */
record Rule(String id, String title, Function<Rule.Context, Outcome> check) {

    /**
     * What rules read.
     *
     * @param m the configuration
     * @param live the host's state, or null for a config-only audit
     */
    record Context(ServerModel m, LiveFacts live) {}
}
