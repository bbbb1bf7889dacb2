// The daemon's Prometheus metrics, built at scrape time from one read of the published snapshots.
package dev.jntp.daemon.metrics;

import dev.jntp.daemon.control.Tracking;
import dev.jntp.daemon.sync.SyncService;
import dev.jntp.engine.server.ServerCounter;
import dev.jntp.engine.sync.SourceSnapshot;
import dev.jntp.engine.sync.SourceState;
import dev.jntp.engine.sync.SystemState;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.StateSetSnapshot;
import io.prometheus.metrics.model.snapshots.StateSetSnapshot.StateSetDataPointSnapshot;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.ToDoubleFunction;

/**
 * A Prometheus collector: every scrape reads the tracking view, the system state, the sources
 * and the server counters once, so that the metrics of one scrape agree with each other (the
 * way an exporter mirrors another program's state, rather than instrumenting a hot path). The
 * NTP path never sees this class.
 *
 * <p>Names follow the Prometheus conventions: base units (seconds), {@code _total} for counters,
 * the source's configured name and polled address as labels ({@code name}, {@code address}).
 */
final class DaemonMetrics implements MultiCollector {

    /** The label names of every per-source metric. */
    static final String[] SOURCE_LABELS = {"name", "address"};

    private final DaemonSnapshots daemon;

    DaemonMetrics(DaemonSnapshots daemon) {
        this.daemon = daemon;
    }

    @Override
    public MetricSnapshots collect() {
        Tracking t = daemon.tracking().get();
        Optional<SystemState> system = daemon.system().get();
        List<SyncService.SourceView> sources = unique(daemon.sources().get());
        Map<ServerCounter, Long> counters = daemon.stats().snapshot();
        List<MetricSnapshot> out = new ArrayList<>();
        out.add(gauge("jntp_system_offset_seconds", "Offset measured at the last clock update (reference minus local)",
                t.lastOffset()));
        out.add(gauge("jntp_system_rms_offset_seconds", "RMS of recent offsets", t.rmsOffset()));
        out.add(gauge("jntp_system_frequency_ppm", "Frequency correction in force, ppm (positive: made faster)",
                t.frequencyPpm()));
        out.add(gauge("jntp_system_skew_ppm", "Error bound of the frequency, ppm", t.skewPpm()));
        out.add(gauge("jntp_system_root_delay_seconds", "Root delay to the primary reference", t.rootDelay()));
        out.add(gauge("jntp_system_root_dispersion_seconds", "Root dispersion", t.rootDispersion()));
        out.add(gauge("jntp_system_root_distance_seconds", "Root distance: root delay / 2 + root dispersion",
                DaemonSnapshots.rootDistance(t)));
        out.add(gauge("jntp_system_stratum", "Stratum served (16: unsynchronised)", t.stratum()));
        out.add(gauge("jntp_system_leap", "Leap indicator served: 0 none, 1 insert, 2 delete, 3 unsynchronised",
                DaemonSnapshots.leapCode(t)));
        out.add(gauge("jntp_system_synchronised", "1 when the clock follows a reference (a source or the local clock)",
                t.synchronised() ? 1 : 0));
        out.add(gauge("jntp_system_time_offset_seconds",
                "How far the system clock is ahead of the time served (monitor mode)", t.systemTimeOffset()));
        out.add(counter("jntp_system_clock_updates", "Clock updates made so far",
                system.map(SystemState::updates).orElse(0L), Labels.EMPTY));
        out.add(sourceGauge("jntp_source_offset_seconds", "Last measured offset of the source", sources,
                SourceSnapshot::lastOffset));
        out.add(sourceGauge("jntp_source_estimated_offset_seconds", "Regression estimate of the source's offset now",
                sources, SourceSnapshot::estimatedOffset));
        out.add(sourceGauge("jntp_source_delay_seconds", "Last round-trip delay to the source", sources,
                SourceSnapshot::lastDelay));
        out.add(sourceGauge("jntp_source_jitter_seconds", "Standard deviation of the source's offsets", sources,
                SourceSnapshot::jitter));
        out.add(sourceGauge("jntp_source_reach", "Reachability register, 8 bits (255: the last 8 polls answered)",
                sources, SourceSnapshot::reach));
        out.add(sourceGauge("jntp_source_stratum", "The source's stratum (0 before its first sample)", sources,
                SourceSnapshot::stratum));
        out.add(sourceGauge("jntp_source_poll_seconds", "Poll interval", sources, s -> Math.scalb(1.0, s.poll())));
        out.add(sourceGauge("jntp_source_samples", "Samples in the source's regression", sources,
                SourceSnapshot::samples));
        out.add(sourceStates(sources));
        out.add(counter("jntp_server_received", "NTP datagrams read from the server sockets",
                counters.get(ServerCounter.RECEIVED), Labels.EMPTY));
        out.add(requests(counters));
        return new MetricSnapshots(out);
    }

    /** The sources with a (name, address) pair not seen before: Prometheus rejects a repeated label set. */
    static List<SyncService.SourceView> unique(List<SyncService.SourceView> sources) {
        Set<List<String>> seen = new HashSet<>();
        return sources.stream().filter(v -> seen.add(List.of(v.snapshot().name(), DaemonSnapshots.address(v))))
                .toList();
    }

    private static GaugeSnapshot gauge(String name, String help, double value) {
        return GaugeSnapshot.builder().name(name).help(help)
                .dataPoint(GaugeDataPointSnapshot.builder().value(value).build()).build();
    }

    private static CounterSnapshot counter(String name, String help, long value, Labels labels) {
        return CounterSnapshot.builder().name(name).help(help)
                .dataPoint(CounterDataPointSnapshot.builder().value(value).labels(labels).build()).build();
    }

    private static Labels labels(SyncService.SourceView v) {
        return Labels.of(SOURCE_LABELS[0], v.snapshot().name(), SOURCE_LABELS[1], DaemonSnapshots.address(v));
    }

    private static GaugeSnapshot sourceGauge(String name, String help, List<SyncService.SourceView> sources,
            ToDoubleFunction<SourceSnapshot> value) {
        GaugeSnapshot.Builder b = GaugeSnapshot.builder().name(name).help(help);
        for (SyncService.SourceView v : sources) {
            b.dataPoint(GaugeDataPointSnapshot.builder().value(value.applyAsDouble(v.snapshot())).labels(labels(v))
                    .build());
        }
        return b.build();
    }

    /** The selection state as a state set: one series per state, 1 for the source's current one. */
    private static StateSetSnapshot sourceStates(List<SyncService.SourceView> sources) {
        StateSetSnapshot.Builder b = StateSetSnapshot.builder().name("jntp_source_state")
                .help("Selection state of the source (chronyc's * + - x ?)");
        for (SyncService.SourceView v : sources) {
            StateSetDataPointSnapshot.Builder p = StateSetDataPointSnapshot.builder().labels(labels(v));
            for (SourceState s : SourceState.values()) {
                p.state(stateName(s), s == v.snapshot().state());
            }
            b.dataPoint(p.build());
        }
        return b.build();
    }

    /** A state's name in metrics and JSON: the enum constant in lower case ("selected", "not_combined"). */
    static String stateName(SourceState s) {
        return s.name().toLowerCase(Locale.ROOT);
    }

    /** A server counter's name as a label value and JSON key ("answered", "bad_version"). */
    static String counterName(ServerCounter c) {
        return c.name().toLowerCase(Locale.ROOT);
    }

    /** What became of each request: every counter but RECEIVED, by {@code result}. */
    private static CounterSnapshot requests(Map<ServerCounter, Long> counters) {
        CounterSnapshot.Builder b = CounterSnapshot.builder().name("jntp_server_requests")
                .help("NTP server requests by result (answered, denied, malformed, ...)");
        for (Map.Entry<ServerCounter, Long> e : counters.entrySet()) {
            if (e.getKey() != ServerCounter.RECEIVED) {
                b.dataPoint(CounterDataPointSnapshot.builder().value(e.getValue())
                        .labels(Labels.of("result", counterName(e.getKey()))).build());
            }
        }
        return b.build();
    }
}
