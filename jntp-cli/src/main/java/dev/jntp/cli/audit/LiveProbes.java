// Runs every --live probe for an audit target and collects what each saw, or why it was skipped.
package dev.jntp.cli.audit;

import dev.jntp.config.audit.LiveFacts;
import java.nio.file.Path;

/** The live facts of a host: each probe read-only, each failure a note rather than an error. */
final class LiveProbes {

    private LiveProbes() {}

    /** Probes the host of {@code t}; {@code socket} overrides jntp's control socket (null: the configuration's). */
    static LiveFacts probe(AuditTarget t, Path socket) {
        HostRoot root = t.root();
        return new LiveFacts(
                DaemonStateProbe.probe(t, socket),
                HostProbes.listening(root, t.model().port()),
                HostProbes.logDir(root, t.kind(), t.model().logDirectory()),
                HostProbes.rotation(root, t.model().logDirectory()),
                HostProbes.bootSync(root),
                FirewallProbe.probe(root));
    }

    /** The host's name from /etc/hostname under the root, or null. */
    static String hostName(HostRoot root) {
        return dev.jntp.cli.TextFiles.tryRead(root.resolve("/etc/hostname")).map(String::strip)
                .filter(h -> !h.isEmpty() && h.length() < 256).orElse(null);
    }
}
