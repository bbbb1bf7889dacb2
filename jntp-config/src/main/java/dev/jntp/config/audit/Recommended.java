// The upstream sources the audit recommends and the remediation adds: four operators that do not smear leap seconds.
package dev.jntp.config.audit;

import dev.jntp.config.convert.ConfigKind;
import java.util.List;

/**
 * Cloudflare (anycast, NTS), PTB (Germany's national metrology institute, NTS), Netnod (Sweden's national time,
 * NTS) and NIST (the US national time service): four independent operators of stratum 1 or 2 servers, none of
 * which smears leap seconds. chronyd and jntp get the NTS names with {@code nts} (NIST offers no NTS); ntpd,
 * which has no NTS client, gets the plain NTP names.
 */
final class Recommended {

    private Recommended() {}

    /** The source lines in the syntax of {@code kind}. */
    static List<String> lines(ConfigKind kind) {
        return hosts(kind).stream().map(h -> "server " + h + " iburst"
                + (kind != ConfigKind.NTP && !h.equals("time.nist.gov") ? " nts" : "")).toList();
    }

    /** The host names for {@code kind}. */
    static List<String> hosts(ConfigKind kind) {
        return kind != ConfigKind.NTP
                ? List.of("time.cloudflare.com", "ptbtime1.ptb.de", "nts.netnod.se", "time.nist.gov")
                : List.of("time.cloudflare.com", "ptbtime1.ptb.de", "sth1.ntp.se", "time.nist.gov");
    }

    /** The hosts as a phrase for a fix. */
    static String example(ConfigKind kind) {
        List<String> h = hosts(kind);
        return String.join(", ", h.subList(0, h.size() - 1)) + " and " + h.getLast();
    }
}
