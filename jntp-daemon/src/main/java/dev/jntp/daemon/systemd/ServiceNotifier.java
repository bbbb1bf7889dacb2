// Tells systemd how the daemon is doing (sd_notify): READY=1 once serving, STATUS= lines, WATCHDOG=1 pings, STOPPING=1.
package dev.jntp.daemon.systemd;

import dev.jntp.daemon.NtpDaemon;
import dev.jntp.daemon.control.Health;
import dev.jntp.daemon.net.UnixDatagramSocket;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The service side of systemd's notification protocol (sd_notify(3), systemd.service(5) {@code Type=notify}): each
 * message is one datagram of newline-separated assignments sent to the Unix socket named by {@code $NOTIFY_SOCKET}
 * (a path, or {@code @name} in the abstract namespace). When {@code $WATCHDOG_USEC} is set (and
 * {@code $WATCHDOG_PID}, if set, names this process) {@code WATCHDOG=1} goes out every half of that interval, as
 * sd_watchdog_enabled(3) advises, but only while the daemon still serves: a daemon whose server threads have died
 * stops pinging, and systemd restarts it. {@code STATUS=} is refreshed at the same ticks when it changes (every
 * {@value #STATUS_REFRESH_SECONDS} s without a watchdog), so {@code systemctl status jntp} shows the synchronisation
 * state. Failures to send are logged, never thrown: the daemon serves time whether or not systemd listens.
 */
public final class ServiceNotifier implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ServiceNotifier.class);
    /** How often STATUS= is refreshed when no watchdog asks for more frequent ticks. */
    static final long STATUS_REFRESH_SECONDS = 30;

    private final String address;
    private final UnixDatagramSocket socket;
    private final Supplier<String> status;
    private final BooleanSupplier alive;
    private final boolean watchdog;
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("systemd-notify").daemon(true).factory());
    private String lastStatus;
    private boolean failureLogged;

    private ServiceNotifier(String address, UnixDatagramSocket socket, Supplier<String> status, BooleanSupplier alive,
            boolean watchdog) {
        this.address = address;
        this.socket = socket;
        this.status = status;
        this.alive = alive;
        this.watchdog = watchdog;
    }

    /**
     * Under systemd ({@code $NOTIFY_SOCKET} set), announces the running {@code daemon} as ready and keeps systemd
     * informed until {@link #close}; empty when not started by systemd or when the socket cannot be used (logged).
     */
    public static Optional<ServiceNotifier> forDaemon(NtpDaemon daemon, Map<String, String> environment) {
        return start(environment, ProcessHandle.current().pid(), () -> describe(daemon.health()), daemon::serving);
    }

    /**
     * Sends {@code READY=1} with the first status and starts the ticks.
     *
     * @param environment the process environment ({@code NOTIFY_SOCKET}, {@code WATCHDOG_USEC}, {@code WATCHDOG_PID})
     * @param pid this process's id, compared with {@code WATCHDOG_PID}
     * @param status the one-line state for {@code STATUS=}
     * @param alive whether the daemon still serves (no {@code WATCHDOG=1} when not)
     */
    static Optional<ServiceNotifier> start(Map<String, String> environment, long pid, Supplier<String> status,
            BooleanSupplier alive) {
        String address = environment.get("NOTIFY_SOCKET");
        if (address == null || address.isEmpty()) {
            return Optional.empty();
        }
        UnixDatagramSocket socket;
        try {
            UnixDatagramSocket.encode(address);
            socket = UnixDatagramSocket.open();
        } catch (IOException | IllegalArgumentException e) {
            LOG.warn("NOTIFY_SOCKET={}: cannot notify systemd: {} (a Type=notify unit will time out starting)",
                    printable(address), e.getMessage());
            return Optional.empty();
        }
        long usec = watchdogMicros(environment, pid);
        ServiceNotifier n = new ServiceNotifier(address, socket, status, alive, usec > 0);
        String first = status.get();
        n.lastStatus = first;
        n.send("READY=1\nSTATUS=" + first);
        long periodMicros = usec > 0 ? Math.max(1_000, usec / 2) : STATUS_REFRESH_SECONDS * 1_000_000L;
        n.ticker.scheduleAtFixedRate(n::tick, periodMicros, periodMicros, TimeUnit.MICROSECONDS);
        LOG.info("told systemd the service is ready{}", usec > 0
                ? String.format(Locale.ROOT, "; watchdog pings every %.3f s", periodMicros / 1e6) : "");
        return Optional.of(n);
    }

    /**
     * {@code WATCHDOG_USEC} when it is a positive number and {@code WATCHDOG_PID} is unset or this process;
     * else 0 (no watchdog), as sd_watchdog_enabled(3) decides.
     */
    static long watchdogMicros(Map<String, String> environment, long pid) {
        String usec = environment.get("WATCHDOG_USEC");
        String forPid = environment.get("WATCHDOG_PID");
        if (usec == null) {
            return 0;
        }
        try {
            long micros = Long.parseLong(usec.strip());
            if (micros <= 0 || (forPid != null && Long.parseLong(forPid.strip()) != pid)) {
                return 0;
            }
            return micros;
        } catch (NumberFormatException e) {
            LOG.warn("WATCHDOG_USEC={} WATCHDOG_PID={}: not numbers; no watchdog pings", printable(usec),
                    forPid == null ? "(unset)" : printable(forPid));
            return 0;
        }
    }

    /** One line for {@code systemctl status}: what the daemon follows, its offset and how many sources answer. */
    public static String describe(Health h) {
        String state;
        if (h.synchronised()) {
            String ref = h.referenceName().isEmpty() ? h.referenceId() : h.referenceName();
            state = String.format(Locale.ROOT, "synchronised to %s at stratum %d, system clock %s by %.6f s", ref,
                    h.stratum(), h.systemTimeOffset() > 0 ? "fast" : "slow", Math.abs(h.systemTimeOffset()));
        } else if (h.localReference()) {
            state = "serving the local clock at stratum " + h.stratum();
        } else {
            state = "not synchronised" + (h.alarm().isEmpty() ? "" : ": " + h.alarm());
        }
        return h.sources() == 0 ? state : state + "; " + h.reachable() + " of " + h.sources() + " sources reachable";
    }

    private void tick() {
        try {
            boolean serving = alive.getAsBoolean();
            String now = status.get();
            StringBuilder m = new StringBuilder();
            if (watchdog && serving) {
                m.append("WATCHDOG=1\n");
            }
            if (!now.equals(lastStatus)) {
                m.append("STATUS=").append(now).append('\n');
                lastStatus = now;
            }
            if (!serving) {
                LOG.warn("a server thread has stopped: no watchdog ping{}", watchdog ? " (systemd will restart jntp)" : "");
            }
            if (!m.isEmpty()) {
                send(m.toString().strip());
            }
        } catch (RuntimeException e) {
            LOG.warn("systemd notification tick failed: {}", e.toString());
        }
    }

    private synchronized void send(String message) {
        try {
            socket.send(address, message.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            if (!failureLogged) {
                LOG.warn("cannot notify systemd at {}: {}", printable(address), e.getMessage());
                failureLogged = true;
            }
        }
    }

    private static String printable(String s) {
        return s.replaceAll("[^ -~]", "?");
    }

    /** Stops the ticks and tells systemd the service is stopping. */
    @Override
    public void close() {
        ticker.shutdownNow();
        try {
            ticker.awaitTermination(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        send("STOPPING=1\nSTATUS=stopping");
        socket.close();
    }
}
