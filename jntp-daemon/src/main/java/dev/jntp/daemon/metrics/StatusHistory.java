// The status page's recent history, kept by the daemon so that a page opened now shows the last hour at once.
package dev.jntp.daemon.metrics;

import dev.jntp.daemon.sync.SyncService;
import dev.jntp.engine.server.ServerCounter;
import dev.jntp.engine.sync.SourceSnapshot;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Bounded rings of recent points, filled by {@link #sample} at a fixed tick from the published
 * snapshots: per source a point (offset, delay, jitter) for each new sample, and the server
 * counters at every tick, from which request rates are derived. A source that is no longer
 * configured (a replaced pool member) loses its history. Thread-safe.
 */
final class StatusHistory {

    /** Points kept per source: at a 64 s poll, about 9 hours. */
    static final int SOURCE_POINTS = 512;
    /** Counter readings kept: at the default 2 s tick, one hour. */
    static final int REQUEST_POINTS = 1800;

    private static final ServerCounter[] COUNTERS = ServerCounter.values();

    private final Map<String, Series> sources = new LinkedHashMap<>();
    private final Ring requests = new Ring(REQUEST_POINTS, COUNTERS.length);
    private long lastMillis = Long.MIN_VALUE / 2;

    /** One source's points, and its last sample so that a new one is recognised. */
    private static final class Series {
        final Ring ring = new Ring(SOURCE_POINTS, 3);
        int samples = -1;
        double offset;
        double delay;
    }

    /** Points newer than some time: per source key (see {@link #key}) rows of time, offset, delay, jitter; and rates. */
    record Points(Map<String, List<double[]>> sources, List<double[]> requestRates) {}

    /** The key of a source's series: its name and address, as labelled in the metrics. */
    static String key(SyncService.SourceView v) {
        return v.snapshot().name() + " " + DaemonSnapshots.address(v);
    }

    /**
     * Records what changed since the last tick, at {@code wallMillis}; times never go back (after a
     * step of the system clock backwards the points are placed 1 ms apart until it catches up), so
     * that a page asking for the points after the last it has misses none.
     */
    synchronized void sample(long wallMillis, List<SyncService.SourceView> views, Map<ServerCounter, Long> counters) {
        long nowMillis = Math.max(wallMillis, lastMillis + 1);
        lastMillis = nowMillis;
        Set<String> present = new HashSet<>();
        for (SyncService.SourceView v : DaemonMetrics.unique(views)) {
            String key = key(v);
            present.add(key);
            SourceSnapshot s = v.snapshot();
            Series series = sources.computeIfAbsent(key, k -> new Series());
            boolean fresh = s.samples() != series.samples || Double.compare(s.lastOffset(), series.offset) != 0
                    || Double.compare(s.lastDelay(), series.delay) != 0;
            if (s.samples() > 0 && fresh) {
                series.ring.add(nowMillis, s.lastOffset(), s.lastDelay(), s.jitter());
            }
            series.samples = s.samples();
            series.offset = s.lastOffset();
            series.delay = s.lastDelay();
        }
        sources.keySet().retainAll(present);
        double[] row = new double[COUNTERS.length];
        for (ServerCounter c : COUNTERS) {
            row[c.ordinal()] = counters.getOrDefault(c, 0L);
        }
        requests.add(nowMillis, row);
    }

    /**
     * A copy of the points newer than {@code sinceMillis}; request rates (per second, one column per
     * {@link ServerCounter} after the time) between each reading and the one before it.
     */
    synchronized Points since(long sinceMillis) {
        Map<String, List<double[]>> out = new LinkedHashMap<>();
        sources.forEach((key, series) -> {
            List<double[]> rows = new ArrayList<>();
            series.ring.forEachSince(sinceMillis, (t, r) -> rows.add(new double[] {t, r[0], r[1], r[2]}));
            out.put(key, rows);
        });
        List<double[]> rates = new ArrayList<>();
        for (int i = Math.max(1, requests.firstAfter(sinceMillis)); i < requests.size(); i++) {
            double seconds = (requests.time(i) - requests.time(i - 1)) / 1000.0;
            double[] now = requests.row(i);
            double[] before = requests.row(i - 1);
            double[] r = new double[1 + COUNTERS.length];
            r[0] = requests.time(i);
            for (int c = 0; c < COUNTERS.length; c++) {
                r[1 + c] = seconds > 0 ? Math.round((now[c] - before[c]) / seconds * 1000) / 1000.0 : 0;
            }
            rates.add(r);
        }
        return new Points(out, rates);
    }
}
