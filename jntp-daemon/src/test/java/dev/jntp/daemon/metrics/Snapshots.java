// Fixed daemon snapshots for the metrics tests: a synchronised system with two sources and some server counters.
package dev.jntp.daemon.metrics;

import dev.jntp.daemon.control.Tracking;
import dev.jntp.daemon.sync.SyncService;
import dev.jntp.engine.server.ServerCounter;
import dev.jntp.engine.server.ServerStats;
import dev.jntp.engine.sync.SourceSnapshot;
import dev.jntp.engine.sync.SourceState;
import dev.jntp.engine.sync.SystemState;
import dev.jntp.engine.sync.TestVerdicts;
import dev.jntp.proto.LeapIndicator;
import dev.jntp.proto.ReferenceId;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/** Snapshots a test can change between scrapes. */
final class Snapshots {

    final AtomicReference<Tracking> tracking = new AtomicReference<>(tracking(-1.5e-6, 12.25));
    final AtomicReference<List<SyncService.SourceView>> sources = new AtomicReference<>(List.of(
            view(0, "a.example", "192.0.2.1", SourceState.SELECTED, 255, -1.5e-6, 2.5e-4, 3e-6, 8),
            view(1, "b.example", "2001:db8::1", SourceState.FALSETICKER, 0176, 4e-3, 1e-3, 2e-5, 4)));
    final ServerStats stats = new ServerStats();

    Snapshots() {
        for (int i = 0; i < 7; i++) {
            stats.increment(ServerCounter.RECEIVED);
        }
        for (int i = 0; i < 5; i++) {
            stats.increment(ServerCounter.ANSWERED);
        }
        stats.increment(ServerCounter.DENIED);
        stats.increment(ServerCounter.MALFORMED);
    }

    DaemonSnapshots daemon() {
        return new DaemonSnapshots(tracking::get, () -> Optional.of(system()), sources::get, stats);
    }

    SystemState system() {
        Tracking t = tracking.get();
        return new SystemState(true, t.stratum(), ReferenceId.NONE, 0, t.lastOffset(), t.rmsOffset(),
                t.frequencyPpm(), t.skewPpm(), t.rootDelay(), t.rootDispersion(), LeapIndicator.INSERT_SECOND, 0, "",
                42);
    }

    static Tracking tracking(double offset, double frequency) {
        return new Tracking("C0000201", "", 3, 1_700_000_000_000_000_000L, 0.0, offset, 2e-6, frequency, 0.125,
                0.004, 0.0005, 64, "Insert second", true, "");
    }

    static SyncService.SourceView view(int id, String name, String address, SourceState state, int reach,
            double offset, double delay, double jitter, int samples) {
        return new SyncService.SourceView(new SourceSnapshot(id, name, state, 2, 6, reach, offset, offset * 0.9,
                delay, jitter, samples, TestVerdicts.ALL_PASSED, null),
                new InetSocketAddress(InetAddress.ofLiteral(address), 123));
    }
}
