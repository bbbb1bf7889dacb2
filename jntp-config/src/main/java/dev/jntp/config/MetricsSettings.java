// Where the daemon serves its Prometheus metrics and status page: metricsport and bindmetricsaddress.
package dev.jntp.config;

import java.net.InetAddress;
import java.util.Objects;

/**
 * The HTTP endpoint for {@code /metrics} (Prometheus text exposition) and the status page. On by
 * default on 127.0.0.1:9123, which needs no privilege and is reachable from this host only.
 *
 * @param address {@code bindmetricsaddress}: the address to listen on
 * @param port {@code metricsport}: the TCP port, 0 for no metrics endpoint and no status page
 */
public record MetricsSettings(InetAddress address, int port) {

    /** The port when {@code metricsport} is not given: an unprivileged port. */
    public static final int DEFAULT_PORT = 9123;
    /** The address when {@code bindmetricsaddress} is not given: this host only. */
    public static final InetAddress DEFAULT_ADDRESS = InetAddress.ofLiteral("127.0.0.1");
    /** 127.0.0.1:9123. */
    public static final MetricsSettings DEFAULTS = new MetricsSettings(DEFAULT_ADDRESS, DEFAULT_PORT);

    public MetricsSettings {
        Objects.requireNonNull(address, "address");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port " + port);
        }
    }

    /** Whether an endpoint is to be served ({@code metricsport} is not 0). */
    public boolean enabled() {
        return port != 0;
    }
}
