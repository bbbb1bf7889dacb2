// The HTTP endpoint: Prometheus metrics at /metrics and the status page at /, on one port (127.0.0.1:9123 by default).
package dev.jntp.daemon.metrics;

import dev.jntp.config.MetricsSettings;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves {@code /metrics} through the Prometheus Java client's HTTP server (the JDK's
 * HttpServer; requests run on virtual threads), the status page and {@code /status.json}, and
 * samples the page's history every tick on one daemon thread. Each daemon has its own registry,
 * so that several daemons in one JVM (tests) do not share metrics.
 */
public final class MetricsServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(MetricsServer.class);

    /** How often the status history is sampled, and the page polls. */
    static final Duration TICK = Duration.ofSeconds(2);

    private final HTTPServer http;
    private final ScheduledExecutorService sampler;
    private final InetSocketAddress address;

    private MetricsServer(HTTPServer http, ScheduledExecutorService sampler, InetSocketAddress address) {
        this.http = http;
        this.sampler = sampler;
        this.address = address;
    }

    /** Listens where {@code settings} say; throws if the address cannot be bound (the port is taken). */
    public static MetricsServer start(MetricsSettings settings, DaemonSnapshots daemon) throws IOException {
        return start(new InetSocketAddress(settings.address(), settings.port()), daemon, TICK,
                System::currentTimeMillis);
    }

    /** As {@link #start(MetricsSettings, DaemonSnapshots)} on any address (port 0: a free one), with a tick and a wall clock. */
    static MetricsServer start(InetSocketAddress where, DaemonSnapshots daemon, Duration tick, LongSupplier wallMillis)
            throws IOException {
        StatusHistory history = new StatusHistory();
        PrometheusRegistry registry = new PrometheusRegistry();
        registry.register(new DaemonMetrics(daemon));
        double tickSeconds = tick.toNanos() / 1e9;
        StatusPage page = new StatusPage(since -> StatusJson.write(daemon, history, wallMillis.getAsLong(), since,
                tickSeconds));
        ExecutorService requests = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("metrics-http-", 0)
                .factory());
        HTTPServer http;
        try {
            http = HTTPServer.builder().inetAddress(where.getAddress()).port(where.getPort()).registry(registry)
                    .defaultHandler(page).executorService(requests).buildAndStart();
        } catch (IOException | RuntimeException e) {
            requests.shutdownNow();
            throw e;
        }
        ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("status-history").daemon(true).factory());
        sampler.scheduleAtFixedRate(() -> {
            try {
                history.sample(wallMillis.getAsLong(), daemon.sources().get(), daemon.stats().snapshot());
            } catch (RuntimeException e) {
                LOG.warn("status page history not sampled: {}", e.toString()); // the next tick tries again
            }
        }, 0, tick.toNanos(), TimeUnit.NANOSECONDS);
        return new MetricsServer(http, sampler, new InetSocketAddress(where.getAddress(), http.getPort()));
    }

    /** The address and port listened on. */
    public InetSocketAddress address() {
        return address;
    }

    /** Stops listening and sampling. */
    @Override
    public void close() {
        sampler.shutdownNow();
        http.close();
    }
}
