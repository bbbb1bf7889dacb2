// One allow or deny line of the configuration.
package dev.jntp.config;

import dev.jntp.proto.Subnet;

/**
 * {@code allow|deny [all] [SUBNET]}, with chrony's meaning: the most specific subnet decides;
 * {@code all} also overrides every more specific rule given before it inside that subnet; no
 * subnet means every address of both families.
 *
 * @param allow true for allow, false for deny
 * @param all whether {@code all} was given
 * @param subnet the subnet, or null for every address
 * @param line the line it came from (0 for built-in rules)
 */
public record AccessRule(boolean allow, boolean all, Subnet subnet, int line) {}
