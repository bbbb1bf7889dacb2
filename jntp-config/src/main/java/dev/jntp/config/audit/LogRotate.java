// The logrotate file 'jntp remediate' writes for a daemon's statistics directory.
package dev.jntp.config.audit;

import dev.jntp.config.convert.ConfigKind;

/**
 * Weekly, eight kept, compressed from the second, rotated by renaming. chronyd reopens its files on
 * {@code chronyc cyclelogs}, jntp on SIGHUP (as dist/logrotate.d/jntp); ntpd does not reopen its statistics
 * files, so they are copied and truncated (the lines written between the two steps are lost, as ntpd allows no
 * better).
 */
final class LogRotate {

    private LogRotate() {}

    static String text(ConfigKind kind, String dir) {
        String d = dir.replaceAll("/+$", "");
        String files = switch (kind) {
            case CHRONY -> d + "/*.log";
            case JNTP -> d + "/*.log " + d + "/loopstats " + d + "/peerstats";
            case NTP -> d + "/loopstats " + d + "/peerstats " + d + "/clockstats";
        };
        String tail = switch (kind) {
            case CHRONY -> """
                        sharedscripts
                        postrotate
                            /usr/bin/chronyc cyclelogs > /dev/null 2>&1 || true
                        endscript
                    """;
            case JNTP -> """
                        sharedscripts
                        postrotate
                            systemctl kill --signal=HUP --kill-whom=main jntp.service >/dev/null 2>&1 || true
                        endscript
                    """;
            case NTP -> """
                        copytruncate
                    """;
        };
        return "# " + SourceRules.daemon(kind) + "'s statistics files, written by jntp remediate (LOG-ROTATE).\n"
                + files + " {\n    weekly\n    rotate 8\n    missingok\n    notifempty\n    compress\n"
                + "    delaycompress\n" + tail + "}\n";
    }
}
