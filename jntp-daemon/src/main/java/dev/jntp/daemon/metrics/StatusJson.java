// Writes /status.json: the daemon's state now and the history points the status page has not seen yet.
package dev.jntp.daemon.metrics;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.jntp.daemon.control.Tracking;
import dev.jntp.daemon.sync.SyncService;
import dev.jntp.engine.server.ServerCounter;
import dev.jntp.engine.sync.SourceSnapshot;
import dev.jntp.engine.sync.SystemState;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/**
 * The status page's data, version 1. Field names follow the control protocol's (snake case,
 * seconds); times of points are Unix milliseconds. {@code points} and {@code rates} hold only
 * what is newer than the request's {@code since}, so that a page polling every tick receives a
 * few bytes. A value that is not a finite number is written as null.
 *
 * <pre>
 * {"version":1, "now_ms":T, "tick_seconds":2.0,
 *  "tracking":{"synchronised":true, "stratum":4, "reference_id":"7F000009", "leap_status":"Normal",
 *              "last_offset":..., "root_distance":..., "clock_updates":N, "alarm":"", ...},
 *  "sources":[{"name":"a", "address":"127.0.0.9:123", "state":"selected", "symbol":"*", "reach":255,
 *              "last_offset":..., "last_delay":..., "jitter":..., "points":[[T, offset, delay, jitter], ...]}],
 *  "server":{"counters":{"received":N, "answered":N, ...}, "rate_names":["received", ...],
 *            "rates":[[T, per-second rate of each counter, ...], ...]}}
 * </pre>
 */
final class StatusJson {

    /** The format's version; a page checks it. */
    static final int VERSION = 1;

    private static final JsonFactory JSON = new JsonFactory();

    private StatusJson() {}

    /** The document for a page that has every point up to {@code sinceMillis}. */
    static byte[] write(DaemonSnapshots daemon, StatusHistory history, long nowMillis, long sinceMillis,
            double tickSeconds) {
        Tracking t = daemon.tracking().get();
        long updates = daemon.system().get().map(SystemState::updates).orElse(0L);
        List<SyncService.SourceView> sources = DaemonMetrics.unique(daemon.sources().get());
        Map<ServerCounter, Long> counters = daemon.stats().snapshot();
        StatusHistory.Points points = history.since(sinceMillis);
        ByteArrayOutputStream out = new ByteArrayOutputStream(4096);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeNumberField("version", VERSION);
            g.writeNumberField("now_ms", nowMillis);
            g.writeNumberField("tick_seconds", tickSeconds);
            tracking(g, t, updates);
            g.writeArrayFieldStart("sources");
            for (SyncService.SourceView v : sources) {
                source(g, v, points.sources().getOrDefault(StatusHistory.key(v), List.of()));
            }
            g.writeEndArray();
            g.writeObjectFieldStart("server");
            g.writeObjectFieldStart("counters");
            for (Map.Entry<ServerCounter, Long> e : counters.entrySet()) {
                g.writeNumberField(DaemonMetrics.counterName(e.getKey()), e.getValue());
            }
            g.writeEndObject();
            g.writeArrayFieldStart("rate_names");
            for (ServerCounter c : ServerCounter.values()) {
                g.writeString(DaemonMetrics.counterName(c));
            }
            g.writeEndArray();
            rows(g, "rates", points.requestRates());
            g.writeEndObject();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static void tracking(JsonGenerator g, Tracking t, long updates) throws IOException {
        g.writeObjectFieldStart("tracking");
        g.writeBooleanField("synchronised", t.synchronised());
        g.writeNumberField("stratum", t.stratum());
        g.writeStringField("reference_id", t.referenceId());
        g.writeStringField("reference_name", t.referenceName());
        g.writeStringField("leap_status", t.leap());
        number(g, "last_offset", t.lastOffset());
        number(g, "rms_offset", t.rmsOffset());
        number(g, "frequency_ppm", t.frequencyPpm());
        number(g, "skew_ppm", t.skewPpm());
        number(g, "root_delay", t.rootDelay());
        number(g, "root_dispersion", t.rootDispersion());
        number(g, "root_distance", DaemonSnapshots.rootDistance(t));
        number(g, "system_time_offset", t.systemTimeOffset());
        g.writeNumberField("clock_updates", updates);
        g.writeStringField("alarm", t.alarm());
        g.writeEndObject();
    }

    private static void source(JsonGenerator g, SyncService.SourceView v, List<double[]> points) throws IOException {
        SourceSnapshot s = v.snapshot();
        g.writeStartObject();
        g.writeStringField("name", s.name());
        g.writeStringField("address", DaemonSnapshots.address(v));
        g.writeStringField("state", DaemonMetrics.stateName(s.state()));
        g.writeStringField("symbol", String.valueOf(s.state().symbol()));
        g.writeNumberField("stratum", s.stratum());
        g.writeNumberField("poll", s.poll());
        g.writeNumberField("reach", s.reach());
        number(g, "last_offset", s.lastOffset());
        number(g, "estimated_offset", s.estimatedOffset());
        number(g, "last_delay", s.lastDelay());
        number(g, "jitter", s.jitter());
        g.writeNumberField("samples", s.samples());
        rows(g, "points", points);
        g.writeEndObject();
    }

    /** Rows whose first column is a time in milliseconds (written as an integer) and the rest numbers. */
    private static void rows(JsonGenerator g, String name, List<double[]> rows) throws IOException {
        g.writeArrayFieldStart(name);
        for (double[] r : rows) {
            g.writeStartArray();
            g.writeNumber((long) r[0]);
            for (int i = 1; i < r.length; i++) {
                value(g, r[i]);
            }
            g.writeEndArray();
        }
        g.writeEndArray();
    }

    private static void number(JsonGenerator g, String name, double v) throws IOException {
        g.writeFieldName(name);
        value(g, v);
    }

    private static void value(JsonGenerator g, double v) throws IOException {
        if (v == Math.rint(v) && Math.abs(v) < 0x1p53) {
            g.writeNumber((long) v); // "0" rather than "0.0": most request rates are whole numbers
        } else if (Double.isFinite(v)) {
            g.writeNumber(v);
        } else {
            g.writeNull();
        }
    }
}
