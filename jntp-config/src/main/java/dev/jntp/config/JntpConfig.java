// The effective daemon configuration: an immutable record built by ConfigParser from jntp.conf.
package dev.jntp.config;

import java.net.InetAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a jntp.conf (chrony.conf syntax) says, after validation. Absent optional settings are
 * null in the record and read through the {@code Optional} accessors.
 *
 * @param source where it was read from ({@code "(built-in)"} for the default)
 * @param port UDP port of the NTP server, 0 to disable serving
 * @param bindAddresses addresses to serve on; empty means the wildcard of both families
 * @param accessRules allow/deny rules in file order
 * @param local the local reference ({@code local stratum N}), or null
 * @param driftFile the drift file, or null
 * @param logDir the statistics log directory as configured ({@code logdir} or {@code statsdir}), or null
 * @param sources server and pool lines, kept for synchronisation
 * @param sync how the clock is synchronised: minsources, maxdistance, makestep, maxslewrate, leap seconds
 * @param controlSocket path of the local control socket ({@code bindcmdaddress}), or null for none
 * @param metrics where the Prometheus metrics and the status page are served ({@code metricsport},
 *     {@code bindmetricsaddress})
 * @param sourceDirs directories of {@code *.sources} files ({@code sourcedir}), in file order
 * @param clientLogLimit memory for the table of clients ({@code clientloglimit}), bytes; 0 keeps no table
 * @param controlAccessRules cmdallow/cmddeny rules in file order: who may query this server with ntpq (mode 6)
 *     besides localhost, which is allowed first, as chrony allows it to chronyc
 * @param statsLogs the statistics files to write ({@code log}, {@code statistics}, {@code filegen}) and where
 * @param rateLimit response rate limiting per client ({@code ratelimit}), or null for none
 * @param keyFile the symmetric key file ({@code keyfile}, chrony's format; see {@link KeyFile}), or null for none
 * @param nts the NTS server ({@code ntsservercert}, {@code ntsserverkey}, {@code ntsport}, {@code ntsdumpdir},
 *     {@code ntsrotate}, ...); {@link NtsSettings#NONE} when not configured
 */
public record JntpConfig(
        String source,
        int port,
        List<InetAddress> bindAddresses,
        List<AccessRule> accessRules,
        LocalReference local,
        Path driftFile,
        Path logDir,
        List<SourceSpec> sources,
        SyncSettings sync,
        Path controlSocket,
        MetricsSettings metrics,
        List<Path> sourceDirs,
        long clientLogLimit,
        List<AccessRule> controlAccessRules,
        StatsLogs statsLogs,
        RateLimit rateLimit,
        Path keyFile,
        NtsSettings nts) {

    /** The NTP port. */
    public static final int DEFAULT_PORT = 123;
    /** Memory of the client table without {@code clientloglimit}, bytes. */
    public static final long DEFAULT_CLIENT_LOG_LIMIT = 1 << 20;
    /** Where the control socket is when {@code bindcmdaddress} does not say. */
    public static final Path DEFAULT_CONTROL_SOCKET = Path.of("/run/jntp/jntp.sock");

    public JntpConfig {
        bindAddresses = List.copyOf(bindAddresses);
        accessRules = List.copyOf(accessRules);
        sources = List.copyOf(sources);
        Objects.requireNonNull(sync, "sync");
        Objects.requireNonNull(metrics, "metrics");
        sourceDirs = List.copyOf(sourceDirs);
        controlAccessRules = List.copyOf(controlAccessRules);
        Objects.requireNonNull(statsLogs, "statsLogs");
        Objects.requireNonNull(nts, "nts");
    }

    /**
     * A configuration with the default metrics endpoint (127.0.0.1:9123), no source directories, the default client
     * table, no cmdallow/cmddeny lines and no statistics logs.
     */
    public JntpConfig(String source, int port, List<InetAddress> bindAddresses, List<AccessRule> accessRules,
            LocalReference local, Path driftFile, Path logDir, List<SourceSpec> sources, SyncSettings sync,
            Path controlSocket) {
        this(source, port, bindAddresses, accessRules, local, driftFile, logDir, sources, sync, controlSocket,
                MetricsSettings.DEFAULTS, List.of(), DEFAULT_CLIENT_LOG_LIMIT, List.of(), StatsLogs.NONE, null, null, NtsSettings.NONE);
    }

    /** As the canonical constructor, without rate limiting, a key file or NTS. */
    public JntpConfig(String source, int port, List<InetAddress> bindAddresses, List<AccessRule> accessRules,
            LocalReference local, Path driftFile, Path logDir, List<SourceSpec> sources, SyncSettings sync,
            Path controlSocket, MetricsSettings metrics, List<Path> sourceDirs, long clientLogLimit,
            List<AccessRule> controlAccessRules, StatsLogs statsLogs) {
        this(source, port, bindAddresses, accessRules, local, driftFile, logDir, sources, sync, controlSocket, metrics,
                sourceDirs, clientLogLimit, controlAccessRules, statsLogs, null, null, NtsSettings.NONE);
    }

    /** Response rate limiting ({@code ratelimit}), if configured. */
    public Optional<RateLimit> rateLimiting() {
        return Optional.ofNullable(rateLimit);
    }

    /** The symmetric key file, if configured. */
    public Optional<Path> keyFilePath() {
        return Optional.ofNullable(keyFile);
    }

    /** The local reference, if configured. */
    public Optional<LocalReference> localReference() {
        return Optional.ofNullable(local);
    }

    /** The drift file, if configured. */
    public Optional<Path> driftFilePath() {
        return Optional.ofNullable(driftFile);
    }

    /** The log directory, if configured. */
    public Optional<Path> logDirectory() {
        return Optional.ofNullable(logDir);
    }

    /** The control socket's path; empty after {@code bindcmdaddress /}, which turns it off. */
    public Optional<Path> controlSocketPath() {
        return Optional.ofNullable(controlSocket);
    }

    /** {@code local [stratum N] [orphan] [distance D]}: serve the local clock when nothing better exists. */
    public record LocalReference(int stratum, boolean orphan, double distance) {}
}
