// 'jntp daemon': reads the configuration and runs the NTP server until SIGTERM or SIGINT; SIGHUP reopens its logs.
package dev.jntp.cli;

import dev.jntp.config.ConfigError;
import dev.jntp.config.ConfigParser;
import dev.jntp.config.ConfigResult;
import dev.jntp.config.JntpConfig;
import dev.jntp.daemon.NtpDaemon;
import dev.jntp.daemon.systemd.ServiceNotifier;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import sun.misc.Signal;

/** Runs the daemon in the foreground (systemd Type=notify when $NOTIFY_SOCKET is set); logs go to stderr. */
@Command(name = "daemon", mixinStandardHelpOptions = true,
        description = {"Run the NTP daemon in the foreground.",
            "Without --config it reads " + DaemonCommand.DEFAULT_CONFIG + " if that exists, else the built-in "
                    + "default: this host's clock at local stratum 10, port 11123, loopback clients only."})
final class DaemonCommand implements Callable<Integer> {

    static final String DEFAULT_CONFIG = "/etc/jntp/jntp.conf";
    private static final Logger LOG = LoggerFactory.getLogger("jntp");

    @Option(names = {"-f", "--config"}, paramLabel = "FILE", description = "configuration file (chrony.conf syntax)")
    Path config;

    @Option(names = "-x", description = "monitor mode: never change the system clock; serve the corrected time "
            + "(also the default when the process lacks CAP_SYS_TIME)")
    boolean monitorOnly;

    @Option(names = "--log-format", paramLabel = "FORMAT", defaultValue = "text",
            description = "event log on stderr: text (one line per event, for journald) or json (one JSON object "
                    + "per line, for log collectors); default: ${DEFAULT-VALUE}")
    EventLog.Format logFormat;

    @Option(names = "--log-syslog", paramLabel = "HOST[:PORT]",
            description = "also send the event log to this syslog server over UDP (port 514 unless given)")
    String logSyslog;

    @Override
    public Integer call() throws InterruptedException {
        // logrotate's postrotate: the statistics files were renamed, write new ones. Installed first, so that a
        // SIGHUP while the daemon starts does not end the process as it would by default. (Not SIG_IGN then a
        // handler: the JVM keeps an ignored SIGHUP ignored, as it must for nohup.)
        AtomicReference<NtpDaemon> running = new AtomicReference<>();
        Signal.handle(new Signal("HUP"), s -> {
            NtpDaemon d = running.get();
            if (d != null) {
                LOG.info("SIGHUP: reopening the statistics logs");
                d.reopenLogs();
            }
        });
        String logError = EventLog.configure(logFormat, logSyslog == null ? null
                : HostPort.parse(logSyslog, null, EventLog.SYSLOG_PORT));
        if (logError != null) {
            System.err.println("jntp: not started: " + logError);
            return 1;
        }
        JntpConfig cfg;
        Path file = config != null ? config : (Files.exists(Path.of(DEFAULT_CONFIG)) ? Path.of(DEFAULT_CONFIG) : null);
        if (file == null) {
            cfg = ConfigParser.builtInDefault();
            LOG.info("no --config and no {}: using the built-in default configuration, which works offline and "
                    + "unprivileged (port 11123, loopback clients only, this host's clock at local stratum 10)",
                    DEFAULT_CONFIG);
        } else {
            switch (ConfigParser.load(file)) {
                case ConfigResult.Valid v -> cfg = v.config();
                case ConfigResult.Invalid inv -> {
                    for (ConfigError e : inv.errors()) {
                        System.err.println(e);
                    }
                    System.err.println("jntp: not started: " + inv.errors().size() + " error(s) in " + file);
                    return 1;
                }
            }
            LOG.info("configuration {}", file);
        }
        NtpDaemon daemon;
        try {
            daemon = NtpDaemon.start(cfg, monitorOnly);
        } catch (IOException e) {
            System.err.println("jntp: not started: " + e.getMessage());
            return 1;
        }
        LOG.info("jntp {} started (pid {})", Main.version(), ProcessHandle.current().pid());
        Optional<ServiceNotifier> systemd = ServiceNotifier.forDaemon(daemon, System.getenv());
        Runnable stop = () -> {
            LOG.info("stopping");
            systemd.ifPresent(ServiceNotifier::close);
            daemon.close();
        };
        for (String sig : new String[] {"TERM", "INT"}) {
            Signal.handle(new Signal(sig), s -> Thread.ofPlatform().start(stop));
        }
        running.set(daemon);
        daemon.awaitStop();
        LOG.info("stopped; served {}", daemon.stats().snapshot());
        return 0;
    }
}
