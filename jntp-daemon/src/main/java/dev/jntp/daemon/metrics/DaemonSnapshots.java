// What the metrics endpoint and the status page read: the daemon's published snapshots, never the engine.
package dev.jntp.daemon.metrics;

import dev.jntp.daemon.AddressText;
import dev.jntp.daemon.control.Tracking;
import dev.jntp.daemon.sync.SyncService;
import dev.jntp.engine.server.ServerStats;
import dev.jntp.engine.sync.SystemState;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The daemon's read-only views, each safe to call from any thread: they return immutable
 * snapshots that the synchronisation thread publishes, and the server counters.
 *
 * @param tracking what {@code jntp tracking} shows: also valid without sources (local reference or unsynchronised)
 * @param system the synchronisation state, empty without sources
 * @param sources the sources as last published, empty without sources
 * @param stats the NTP server's counters
 */
public record DaemonSnapshots(Supplier<Tracking> tracking, Supplier<Optional<SystemState>> system,
        Supplier<List<SyncService.SourceView>> sources, ServerStats stats) {

    public DaemonSnapshots {
        Objects.requireNonNull(tracking, "tracking");
        Objects.requireNonNull(system, "system");
        Objects.requireNonNull(sources, "sources");
        Objects.requireNonNull(stats, "stats");
    }

    /** How a source is labelled: its configured name and the address it polls ("" while unresolved). */
    static String address(SyncService.SourceView v) {
        return v.address() == null ? "" : AddressText.of(v.address());
    }

    /** Root distance as chrony and RFC 5905 define it for the system: root delay / 2 + root dispersion. */
    static double rootDistance(Tracking t) {
        return t.rootDelay() / 2 + t.rootDispersion();
    }

    /** The leap indicator's code (0 none, 1 insert, 2 delete, 3 unsynchronised) from tracking's name of it. */
    static int leapCode(Tracking t) {
        return switch (t.leap()) {
            case "Normal" -> 0;
            case "Insert second" -> 1;
            case "Delete second" -> 2;
            default -> 3;
        };
    }
}
