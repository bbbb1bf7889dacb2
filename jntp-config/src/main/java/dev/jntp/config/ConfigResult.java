// The result of reading a configuration: the config, or every error found in it.
package dev.jntp.config;

import java.util.List;

/** Either {@link Valid} or {@link Invalid}; the parser never throws for bad input. */
public sealed interface ConfigResult {

    /** A configuration that passed every check. */
    record Valid(JntpConfig config) implements ConfigResult {}

    /** A configuration with one or more errors, in line order. */
    record Invalid(List<ConfigError> errors) implements ConfigResult {
        public Invalid {
            errors = List.copyOf(errors);
        }
    }
}
