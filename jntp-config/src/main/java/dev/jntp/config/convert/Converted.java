// The jntp.conf a conversion wrote, with how many lines were carried over and how many were not.
package dev.jntp.config.convert;

import dev.jntp.config.ConfigError;
import java.util.List;

/**
 * The result of {@code jntp config import}.
 *
 * @param text the jntp.conf text
 * @param carried directive lines carried over (some with notes)
 * @param notCarried directive lines kept only as comments, each with the reason
 * @param readErrors lines the source program could not read either (also among the not carried)
 */
public record Converted(String text, int carried, int notCarried, List<ConfigError> readErrors) {
    public Converted {
        readErrors = List.copyOf(readErrors);
    }
}
