// What the --live probes saw on the running host, each probe either seen with its evidence or skipped with why.
package dev.jntp.config.audit;

import java.util.List;

/**
 * The host's state as read by {@code jntp audit --live}. Each probe is read-only; one that cannot run (no
 * firewall tool, no control socket, not root) is {@link Observed.Skipped} with a note, and the rules that need
 * it report "not checked" instead of guessing.
 *
 * @param daemon the time daemon's state
 * @param listening whether the NTP port is open on IPv4 and IPv6
 * @param logDir the statistics directory
 * @param rotation logrotate rules covering the statistics directory
 * @param bootSync units that hold the boot until the clock is synchronised
 * @param firewall the firewall's rules for NTP and the other open ports
 */
public record LiveFacts(Observed<DaemonState> daemon, Observed<Listening> listening, Observed<DirState> logDir,
        Observed<Rotation> rotation, Observed<BootSync> bootSync, Observed<Firewall> firewall) {

    /** Every probe skipped for the same reason. */
    public static LiveFacts skipped(String why) {
        return new LiveFacts(new Observed.Skipped<>(why), new Observed.Skipped<>(why), new Observed.Skipped<>(why),
                new Observed.Skipped<>(why), new Observed.Skipped<>(why), new Observed.Skipped<>(why));
    }

    /** One probe's outcome. */
    public sealed interface Observed<T> {

        /** The probe ran: what it saw, and the evidence (command output, files read). */
        record Seen<T>(T value, List<String> evidence) implements Observed<T> {
            public Seen {
                evidence = List.copyOf(evidence);
            }
        }

        /** The probe did not run, and why. */
        record Skipped<T>(String why) implements Observed<T> {}
    }

    /**
     * The daemon's own view.
     *
     * @param synchronised whether it follows a source
     * @param stratum its stratum (0 unknown)
     * @param offset seconds, NTP's sign: true time minus the system clock (positive: the clock is slow); NaN unknown
     * @param sources sources it polls
     * @param reachable sources that answer
     */
    public record DaemonState(boolean synchronised, int stratum, double offset, int sources, int reachable) {}

    /** Whether a UDP socket is bound to the NTP port on each family. */
    public record Listening(boolean ipv4, boolean ipv6) {}

    /**
     * The statistics directory.
     *
     * @param path as the host names it
     * @param exists whether it exists and is a directory
     * @param writable whether the daemon's user can write in it
     * @param detail owner, group and mode, and the user judged, for the report
     */
    public record DirState(String path, boolean exists, boolean writable, String detail) {}

    /** The logrotate files whose rules name the statistics directory (empty: none). */
    public record Rotation(List<String> files) {
        public Rotation {
            files = List.copyOf(files);
        }
    }

    /**
     * Wait-for-synchronisation units.
     *
     * @param enabled units enabled to run at boot (chrony-wait, ntp-wait, jntp-wait, systemd-time-wait-sync)
     * @param installed such units installed but not enabled
     */
    public record BootSync(List<String> enabled, List<String> installed) {
        public BootSync {
            enabled = List.copyOf(enabled);
            installed = List.copyOf(installed);
        }
    }

    /**
     * A firewall's rules.
     *
     * @param tool ufw, firewalld or nftables
     * @param active whether it filters incoming traffic at all
     * @param ntpOpen whether 123/udp is let in
     * @param otherOpen the other ports or services let in, as the tool names them
     */
    public record Firewall(String tool, boolean active, boolean ntpOpen, List<String> otherOpen) {
        public Firewall {
            otherOpen = List.copyOf(otherOpen);
        }
    }
}
