// The NTS server's settings: ntsport, ntsservercert/ntsserverkey, ntsdumpdir, ntsrotate, ntsprocesses, maxntsconnections.
package dev.jntp.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What the configuration says about serving NTS (RFC 8915), with chrony's directive names and
 * defaults. NTS is on when a certificate is given; the NTS-KE server then listens on
 * {@code port} (TCP) at the NTP server's addresses, unless the port is 0.
 *
 * @param port {@code ntsport}: TCP port of NTS-KE, 0 for none (NTP requests with NTS are still answered)
 * @param certificates {@code ntsservercert} files (PEM), paired in order with {@code keys}
 * @param keys {@code ntsserverkey} files (PEM)
 * @param dumpDir {@code ntsdumpdir}: where the cookie keys are saved and shared, or null to keep them in memory
 * @param rotateSeconds {@code ntsrotate}: how often a new cookie key takes over; 0 never (keys managed outside)
 * @param processes {@code ntsprocesses}: accepted for chrony compatibility and not used (jntp answers NTS-KE
 *     on virtual threads of its one process)
 * @param maxConnections {@code maxntsconnections}: NTS-KE connections served at once; more are closed at once
 */
public record NtsSettings(int port, List<Path> certificates, List<Path> keys, Path dumpDir, long rotateSeconds,
        int processes, int maxConnections) {

    /** chrony's NTS-KE port, the IANA one. */
    public static final int DEFAULT_PORT = 4460;
    /** chrony's default key rotation: a week. */
    public static final long DEFAULT_ROTATE = 604_800;
    /** chrony's default for ntsprocesses. */
    public static final int DEFAULT_PROCESSES = 1;
    /** chrony's default for maxntsconnections. */
    public static final int DEFAULT_MAX_CONNECTIONS = 100;
    /** No NTS. */
    public static final NtsSettings NONE = new NtsSettings(DEFAULT_PORT, List.of(), List.of(), null, DEFAULT_ROTATE,
            DEFAULT_PROCESSES, DEFAULT_MAX_CONNECTIONS);

    public NtsSettings {
        certificates = List.copyOf(certificates);
        keys = List.copyOf(keys);
        if (certificates.size() != keys.size()) {
            throw new IllegalArgumentException("certificates and keys come in pairs");
        }
        if (port < 0 || port > 65535 || rotateSeconds < 0 || maxConnections < 1) {
            throw new IllegalArgumentException("NTS settings out of range");
        }
    }

    /** Whether this server serves NTS: a certificate and key are configured. */
    public boolean enabled() {
        return !certificates.isEmpty();
    }

    /** The directory for the cookie keys, if configured. */
    public Optional<Path> dumpDirectory() {
        return Optional.ofNullable(dumpDir);
    }
}
