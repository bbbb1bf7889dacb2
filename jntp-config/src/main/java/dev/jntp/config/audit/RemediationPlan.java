// What 'jntp remediate' will change: the new configuration text, other files, directories, units, manual steps.
package dev.jntp.config.audit;

import java.util.List;

/**
 * The remediation of one audit, computed without IO; jntp-cli shows it as a diff and carries it out.
 *
 * @param config the configuration's host path
 * @param newConfig its new text (equal to the old when nothing in it changes)
 * @param actions the other changes, in the order they are made
 * @param addressed the ids of the findings the changes fix
 * @param manual what the operator has to do by hand, one step a line
 */
public record RemediationPlan(String config, String newConfig, List<Action> actions, List<String> addressed,
        List<String> manual) {

    public RemediationPlan {
        actions = List.copyOf(actions);
        addressed = List.copyOf(addressed);
        manual = List.copyOf(manual);
    }

    /** A change besides the configuration's text. */
    public sealed interface Action {

        /** The host path it changes. */
        String path();
    }

    /**
     * Writes a whole file (a logrotate file).
     *
     * @param path its host path
     * @param text its content
     * @param mode its mode when it is new
     */
    public record WriteFile(String path, String text, int mode) implements Action {}

    /**
     * Makes a directory exist, owned by the daemon's user and writable by it.
     *
     * @param path its host path
     * @param users the daemon's user names, the first found in /etc/passwd is the owner
     * @param mode its mode
     */
    public record EnsureDirectory(String path, List<String> users, int mode) implements Action {
        public EnsureDirectory {
            users = List.copyOf(users);
        }
    }

    /**
     * Enables a systemd unit as {@code systemctl enable} would: a link in the .wants directory its [Install]
     * section names.
     *
     * @param path the unit's name
     */
    public record EnableUnit(String path) implements Action {}
}
