// The running daemon: builds the server from a configuration, owns its sockets and threads, stops cleanly.
package dev.jntp.daemon;

import dev.jntp.config.AccessRule;
import dev.jntp.config.JntpConfig;
import dev.jntp.config.SourceSpec;
import dev.jntp.engine.server.AccessFilter;
import dev.jntp.engine.server.ReferenceProvider;
import dev.jntp.engine.server.ServerResponder;
import dev.jntp.engine.server.ServerStats;
import dev.jntp.daemon.clock.ClockDriver;
import dev.jntp.daemon.clock.ClockDrivers;
import dev.jntp.daemon.control.ControlServer;
import dev.jntp.daemon.metrics.DaemonSnapshots;
import dev.jntp.daemon.metrics.MetricsServer;
import dev.jntp.daemon.nts.NtsService;
import dev.jntp.daemon.stats.StatisticsLog;
import dev.jntp.daemon.sync.DriftFile;
import dev.jntp.daemon.sync.LeapTableFile;
import dev.jntp.daemon.sync.OwnReferenceId;
import dev.jntp.daemon.sync.Resolution;
import dev.jntp.daemon.sync.SourceControl;
import dev.jntp.daemon.sync.Sources;
import dev.jntp.daemon.sync.SyncService;
import dev.jntp.engine.sync.LocalReference;
import dev.jntp.engine.sync.SyncSettings;
import dev.jntp.engine.sync.SystemState;
import dev.jntp.daemon.control.Health;
import dev.jntp.daemon.control.Tracking;
import dev.jntp.engine.server.ReferenceState;
import dev.jntp.engine.leap.LeapTable;
import dev.jntp.proto.NtpTimestamp;
import dev.jntp.proto.ReferenceId;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The jntp daemon: synchronises to the configured upstream sources (when there are any) and
 * serves the disciplined time to clients; without a usable source it serves its own clock at
 * {@code local stratum N}, or answers as unsynchronised. With sources, the engine decides when
 * the local clock is served (in orphan mode only by the server of a group with the smallest
 * reference ID; see {@link dev.jntp.engine.sync.SyncEngine} and {@link OwnReferenceId}).
 */
public final class NtpDaemon implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(NtpDaemon.class);

    private final JntpConfig config;
    private final ServerStats stats = new ServerStats();
    private final List<UdpListener> listeners = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final int precision;
    private final Path controlSocket;
    private ControlServer control;
    private volatile MetricsServer metrics;
    private final boolean monitorOnly;
    private ReferenceProvider fallback;
    private ClockDriver clock;
    private SyncService sync;
    /** Runtime changes to the sources (control socket), or null without sync. */
    private SourceControl sourceControl;
    /** The clients answered ('jntp clients'). */
    private ClientLog clients = new ClientLog(0);
    private ScheduledExecutorService housekeeping;
    private Resolution resolution = Resolution.system();
    /** The leap second table in use (leapsectz, leapseclist), or null. */
    private volatile LeapTable leapTable;
    /** The statistics files ({@code log}, {@code statistics}), or null. */
    private volatile StatisticsLog statsLog;
    /** The symmetric keys of {@code keyfile}. */
    private dev.jntp.engine.auth.KeyRing keys = dev.jntp.engine.auth.KeyRing.EMPTY;
    /** The NTS server (ntsservercert), or null. */
    private NtsService nts;

    private NtpDaemon(JntpConfig config, int precision, Path controlSocket, boolean monitorOnly) {
        this.config = config;
        this.precision = precision;
        this.controlSocket = controlSocket;
        this.monitorOnly = monitorOnly;
    }

    /**
     * Binds every socket the configuration names and starts serving; throws if any NTP socket
     * cannot be bound. A control socket ({@code bindcmdaddress}) that cannot be created is logged
     * and skipped: serving time matters more than status commands.
     */
    public static NtpDaemon start(JntpConfig config) throws IOException {
        return start(config, true);
    }

    /**
     * As {@link #start(JntpConfig)}; {@code monitorOnly} false lets the daemon discipline the
     * system clock when the process may (CAP_SYS_TIME). Embedders and tests use the one-argument
     * form, which never touches the system clock.
     */
    public static NtpDaemon start(JntpConfig config, boolean monitorOnly) throws IOException {
        return start(config, monitorOnly, Resolution.system());
    }

    /** As {@link #start(JntpConfig, boolean)}, resolving source names with {@code resolution} (tests). */
    static NtpDaemon start(JntpConfig config, boolean monitorOnly, Resolution resolution) throws IOException {
        NtpDaemon d = new NtpDaemon(config, WallClock.measurePrecision(), config.controlSocketPath().orElse(null),
                monitorOnly);
        d.resolution = resolution;
        try {
            d.open();
        } catch (IOException | RuntimeException e) {
            d.close();
            throw e;
        }
        return d;
    }

    private void open() throws IOException {
        fallback = config.localReference()
                .map(l -> ReferenceProvider.local(l.stratum(), precision))
                .orElseGet(() -> ReferenceProvider.unsynchronised(precision));
        clients = RateLimits.clientLog(config);
        clock = !synchronises()
                ? ClockDrivers.open(true, LOG::debug)
                : ClockDrivers.open(monitorOnly, LOG::info);
        ReferenceProvider reference = this::reference;
        openStatisticsLog();
        keys = SymmetricKeys.load(config, LOG::warn, LOG::info);
        ServerResponder responder = new ServerResponder(accessFilter(config), stats,
                RateLimits.limiter(config, clients));
        responder.setKeys(keys);
        // Sources first: their first exchanges overlap the warm-up and the binding of the server sockets.
        startSync();
        warmUp(reference);
        if (config.port() == 0) {
            LOG.info("port 0: the NTP server is disabled");
        } else {
            ControlQueries queries = new ControlQueries(ControlQueries.accessFilter(config),
                    new dev.jntp.engine.control.ControlRateLimiter(), this::controlView, stats);
            for (InetSocketAddress addr : bindAddresses(config)) {
                UdpListener l = new UdpListener(ServerPort.bind(addr), responder, reference, clock, clients, queries);
                listeners.add(l);
            }
            startNts(responder);
        }
        if (controlSocket != null) {
            try {
                control = ControlServer.start(controlSocket, new DaemonControl(this::tracking, this::health,
                        new ControlCommands(this)));
                LOG.info("control socket {}", controlSocket);
            } catch (IOException | RuntimeException e) {
                LOG.warn("no control socket: cannot create {}: {} (status commands will not reach this daemon)",
                        controlSocket, e.toString());
            }
        }
        startMetrics();
        for (UdpListener l : listeners) {
            Thread t = Thread.ofPlatform().name("ntp-" + l.localAddress()).daemon(false).unstarted(l);
            threads.add(t);
            t.start();
        }
        LOG.info("serving NTP on {}", listeners.stream().map(l -> format(l.localAddress())).toList());
        LOG.info("precision 2^{} s ({} ns)", precision, Math.round(Math.scalb(1e9, precision)));
        LOG.info(config.localReference()
                .map(l -> "without a usable source: this host's clock at local stratum " + l.stratum()
                        + (l.orphan() ? " (orphan: unless a peer at that stratum has a smaller reference ID)" : ""))
                .orElse("without a usable source: replies say unsynchronised (leap 3, stratum 16); "
                        + "add 'local stratum N' to serve this host's clock instead"));
    }

    /** Starts NTS when a certificate is configured: NTS-KE on ntsport at the NTP addresses, NTS in NTP replies. */
    private void startNts(ServerResponder responder) throws IOException {
        if (!config.nts().enabled()) {
            return;
        }
        AccessFilter access = accessFilter(config);
        nts = NtsService.start(config.nts(), listeners.stream()
                .map(l -> new InetSocketAddress(l.localAddress().getAddress(), config.nts().port())).toList(),
                listeners.getFirst().localAddress().getPort(), a -> access.allows(a.getAddress()), clock::readNanos);
        responder.setNts(nts.responder());
    }

    /** The NTS server, if NTS is configured. */
    public Optional<NtsService> nts() {
        return Optional.ofNullable(nts);
    }

    /**
     * Serves /metrics and the status page where {@code metricsport} and {@code bindmetricsaddress}
     * say; if that fails (the port is taken), logs and carries on: serving time matters more.
     */
    private void startMetrics() {
        dev.jntp.config.MetricsSettings m = config.metrics();
        if (!m.enabled()) {
            LOG.info("metricsport 0: no metrics and no status page");
            return;
        }
        String where = format(new InetSocketAddress(m.address(), m.port()));
        try {
            metrics = MetricsServer.start(m, new DaemonSnapshots(this::tracking, this::systemState, this::sources,
                    stats));
            LOG.info("metrics on http://{}/metrics, status page on http://{}/", where, where);
            if (!m.address().isLoopbackAddress()) {
                LOG.warn("metrics and status page listen on {}, not loopback: anyone who reaches it can read the"
                        + " daemon's state (bindmetricsaddress 127.0.0.1 keeps them on this host)", where);
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("no metrics and no status page: cannot listen on {}: {} (change metricsport, or write "
                    + "'metricsport 0' to turn them off)", where, e.toString());
        }
    }

    /**
     * What replies say about the server: with sources, what the engine decided (synchronised,
     * serving the local clock, or unsynchronised: in orphan mode a server waiting for its peers
     * does not serve its clock); without, the local clock if configured.
     */
    private ReferenceState reference(NtpTimestamp now) {
        SyncService s = sync;
        return s != null ? ReferenceState.of(s.state(), precision, now) : fallback.at(now);
    }

    private final dev.jntp.engine.control.ControlView.Host host = ControlQueries.host();

    /** What an ntpq query (mode 6) is answered from, taken now. */
    private dev.jntp.engine.control.ControlView controlView() {
        NtpTimestamp now = NtpTimestamp.fromUnixNanos(clock.readNanos());
        SyncService s = sync;
        return ControlQueries.view(reference(now), s == null ? null : s.state(), now, sources(),
                ControlQueries.minPoll(config), host);
    }

    /** Resolves the sources and starts polling them; restores the drift file's frequency first. */
    private void startSync() throws IOException {
        if (!synchronises()) {
            config.sync().leapSecondSource().ifPresent(l -> LOG.info("{} not read: without sources nothing uses it"
                    + " (the local reference announces no leap second, as chrony's)", LeapTableFile.describe(l,
                    LeapTableFile.path(l, System::getenv))));
            return;
        }
        double frequency = 0;
        if (config.driftFile() != null) {
            OptionalDouble saved = DriftFile.read(config.driftFile());
            if (saved.isPresent()) {
                frequency = saved.getAsDouble();
                clock.setFrequencyPpm(frequency);
                LOG.info("frequency {} ppm from {}", String.format("%+.3f", frequency), config.driftFile());
            }
        }
        dev.jntp.config.SyncSettings c = config.sync();
        double maxFrequency = clock.monitorMode() ? 500 : 250;
        double maxSlew = clock.monitorMode() ? c.maxSlewRate() : Math.min(c.maxSlewRate(), 250);
        SyncSettings settings = new SyncSettings(c.minSources(), c.maxDistance(),
                c.makeStepPolicy().map(m -> m.threshold()).orElse(0.0),
                c.makeStepPolicy().map(m -> m.limit()).orElse(0), maxSlew, maxFrequency);
        leapTable = c.leapSecondSource().flatMap(l -> LeapTableFile.load(l, System::getenv, clock.readNanos(),
                "leap seconds come from the sources only", LOG::info, LOG::warn)).orElse(null);
        List<SourceSpec> fromFiles = SourceControl.startingLines(config.sourceDirs(), config.sources(), LOG::warn);
        List<SourceSpec> lines = new ArrayList<>(config.sources());
        lines.addAll(fromFiles);
        List<SyncService.Upstream> upstreams = Sources.resolve(lines, resolution.resolver(), LOG::warn);
        sync = SyncService.start(clock, settings, upstreams,
                new SyncService.Extras(localReference(upstreams), lines, resolution, leapTable, statsLog, keys,
                        c.ntsClient()), frequency,
                precision);
        sourceControl = new SourceControl(sync, resolution, config.sourceDirs(), config.sources(), fromFiles);
        if (config.driftFile() != null || c.leapSecondSource().isPresent()) {
            housekeeping = Executors.newSingleThreadScheduledExecutor(
                    Thread.ofPlatform().name("housekeeping").daemon(true).factory());
        }
        if (config.driftFile() != null) {
            housekeeping.scheduleAtFixedRate(this::saveDrift, 3600, 3600, TimeUnit.SECONDS);
        }
        if (c.leapSecondSource().isPresent()) {
            housekeeping.scheduleAtFixedRate(this::reloadLeapTable, LeapTableFile.RELOAD_HOURS,
                    LeapTableFile.RELOAD_HOURS, TimeUnit.HOURS);
        }
    }

    /**
     * Opens the statistics files the configuration asks for; a directory or file the daemon cannot
     * write stops the start with an error naming it.
     */
    private void openStatisticsLog() throws IOException {
        if (config.statsLogs().clockstats()) {
            LOG.info("clockstats: jntp has no reference clocks, so no clockstats file is written");
        }
        if (!config.statsLogs().enabled()) {
            return;
        }
        statsLog = StatisticsLog.open(config.statsLogs(), clock.readNanos());
        LOG.info("statistics logs: {}{}", statsLog.files(), config.sources().isEmpty()
                ? " (without sources they stay empty: they record replies and clock updates)" : "");
    }

    /** Closes the statistics files and opens them again at their names: logrotate's SIGHUP after renaming them. */
    public void reopenLogs() {
        StatisticsLog s = statsLog;
        if (s != null) {
            s.reopen();
        }
    }

    /** The statistics files in use, or null without any (tests). */
    StatisticsLog statisticsLog() {
        return statsLog;
    }

    /** Reads the leap second table again, as chrony does at each check; a failed read keeps the one in use. */
    void reloadLeapTable() {
        SyncService s = sync;
        LeapTable before = leapTable;
        config.sync().leapSecondSource().flatMap(l -> LeapTableFile.load(l, System::getenv, clock.readNanos(),
                before != null ? "the table read before stays in use" : "leap seconds come from the sources only",
                LOG::debug, LOG::warn)).ifPresent(t -> {
                    if (before == null || !t.leaps().equals(before.leaps())
                            || !t.expiresUnixSeconds().equals(before.expiresUnixSeconds())) {
                        LOG.info("leap second table reloaded: {}", t.summary());
                    }
                    leapTable = t;
                    if (s != null) {
                        s.setLeapTable(t);
                    }
                });
    }

    /** The leap second table in use ({@code leapsectz}, {@code leapseclist}), if one was read and passed the check. */
    public Optional<LeapTable> leapTable() {
        return Optional.ofNullable(leapTable);
    }

    /**
     * The engine's view of the {@code local} line, or null: in orphan mode with this host's
     * reference ID ({@link OwnReferenceId}), which decides who of a group serves its clock.
     */
    private LocalReference localReference(List<SyncService.Upstream> upstreams) {
        JntpConfig.LocalReference l = config.localReference().orElse(null);
        if (l == null) {
            return null;
        }
        ReferenceId own = ReferenceId.NONE;
        if (l.orphan()) {
            own = OwnReferenceId.find(config.bindAddresses(),
                    upstreams.stream().map(SyncService.Upstream::address).toList()).orElse(ReferenceId.NONE);
            if (own.equals(ReferenceId.NONE)) {
                LOG.warn("orphan mode: cannot tell this host's address (no bindaddress, no route to a source); "
                        + "it will serve its own clock rather than follow a peer's");
            } else {
                LOG.info("orphan mode at stratum {}: this host's reference ID is {}", l.stratum(),
                        own.asDottedQuad());
            }
        }
        return new LocalReference(l.stratum(), l.orphan(), own);
    }

    private void saveDrift() {
        SyncService s = sync;
        if (s == null || config.driftFile() == null || s.state().updates() == 0) {
            return;
        }
        try {
            DriftFile.write(config.driftFile(), s.state().frequencyPpm(), s.state().skewPpm());
        } catch (IOException e) {
            LOG.warn("cannot write the drift file {}: {} (the old file is kept)", config.driftFile(), e.toString());
        }
    }

    /**
     * Runs the reply path on a synthetic request until the JIT has compiled it, so that the first
     * clients are not answered by the interpreter (slower, and so less accurate timestamps).
     */
    private static void warmUp(ReferenceProvider reference) {
        ServerResponder r = new ServerResponder(AccessFilter.of(List.of(new AccessFilter.Rule(true, false, null))),
                new ServerStats());
        byte[] req = new byte[48];
        req[0] = 0x23;
        byte[] out = new byte[ServerResponder.MAX_REPLY_LENGTH];
        byte[] client = {127, 0, 0, 1};
        for (int i = 0; i < 20_000; i++) {
            NtpTimestamp now = NtpTimestamp.fromUnixNanos(WallClock.unixNanos());
            r.respond(req, req.length, client, now, reference.at(now), out);
            ServerResponder.stampTransmit(out, NtpTimestamp.fromUnixNanos(WallClock.unixNanos()));
        }
    }

    /** The synchronisation state as {@code jntp tracking} reports it. */
    Tracking tracking() {
        long now = clock.readNanos();
        SyncService s = sync;
        if (s != null && s.state().synchronised()) {
            SystemState st = s.state();
            SyncService.SourceView peer = s.sources().stream().filter(v -> v.snapshot().id() == st.systemPeer())
                    .findFirst().orElse(null);
            double residual = peer == null ? 0 : peer.snapshot().detail().residualFrequencyPpm();
            return new Tracking(st.referenceId().toString(), peer == null ? "" : peer.snapshot().name(), st.stratum(),
                    st.referenceTimeNanos(), systemMinusServed(), st.offset(), st.rmsOffset(), st.frequencyPpm(),
                    st.skewPpm(), st.rootDelay(), st.rootDispersion(), s.updateInterval(), leapName(st.leap()), true,
                    "", Double.isNaN(residual) ? 0 : residual);
        }
        ReferenceState r = reference(NtpTimestamp.fromUnixNanos(now));
        boolean synced = r.synchronised();
        String leap = leapName(r.leap());
        return new Tracking(r.referenceId().toString(), synced ? "local clock" : "", synced ? r.stratum() : 16,
                r.referenceTime().isZero() ? 0 : r.referenceTime().toUnixNanos(now), 0, 0, 0, 0, 0,
                r.rootDelay().toSeconds(), r.rootDispersion().toSeconds(), 0, leap, synced,
                synced ? "" : s != null ? s.state().alarm() : "no sources and no local stratum");
    }

    /**
     * The state {@code jntp check} and {@code jntp waitsync} read: tracking's figures and a count of the sources.
     * Following a source means synchronised to a reference other than the local clock (chronyc waitsync's rule).
     */
    public Health health() {
        Tracking t = tracking();
        List<SyncService.SourceView> all = sources();
        boolean local = t.referenceId().equals(ReferenceId.LOCAL.toString());
        int reachable = 0;
        int selectable = 0;
        for (SyncService.SourceView v : all) {
            reachable += v.snapshot().reach() != 0 ? 1 : 0;
            selectable += switch (v.snapshot().state()) {
                case SELECTED, COMBINED, NOT_COMBINED -> 1;
                case FALSETICKER, UNUSABLE -> 0;
            };
        }
        double since = t.referenceTimeUnixNanos() == 0 ? -1
                : Math.max(0, (clock.readNanos() - t.referenceTimeUnixNanos()) / 1e9);
        return new Health(t.synchronised() && !local, t.synchronised() && local, t.stratum(), t.referenceId(),
                t.referenceName(), t.leap(), t.systemTimeOffset(), t.lastOffset(), since, all.size(), reachable,
                selectable, t.alarm());
    }

    /**
     * Whether every server thread still runs and the daemon has not been closed: what the systemd watchdog
     * vouches for.
     */
    public boolean serving() {
        return stopped.getCount() > 0 && threads.stream().allMatch(Thread::isAlive);
    }

    /**
     * How far the system clock is ahead of the time served (monitor mode), seconds: the served
     * clock read between two readings of the system clock, so that the time the reads take
     * cancels out.
     */
    private double systemMinusServed() {
        long before = dev.jntp.daemon.clock.SystemTime.realtime();
        long served = clock.readNanos();
        long after = dev.jntp.daemon.clock.SystemTime.realtime();
        return (before + (after - before) / 2 - served) / 1e9;
    }

    static String leapName(dev.jntp.proto.LeapIndicator leap) {
        return switch (leap) {
            case NO_WARNING -> "Normal";
            case INSERT_SECOND -> "Insert second";
            case DELETE_SECOND -> "Delete second";
            case UNSYNCHRONIZED -> "Not synchronised";
        };
    }

    /** The daemon's access filter, from the allow/deny lines in file order. */
    static AccessFilter accessFilter(JntpConfig config) {
        List<AccessFilter.Rule> rules = new ArrayList<>();
        for (AccessRule r : config.accessRules()) {
            rules.add(new AccessFilter.Rule(r.allow(), r.all(), r.subnet()));
        }
        return AccessFilter.of(rules);
    }

    /** Configured addresses on the configured port; the IPv6 wildcard (dual stack) when none. */
    static List<InetSocketAddress> bindAddresses(JntpConfig config) {
        if (config.bindAddresses().isEmpty()) {
            return List.of(new InetSocketAddress(InetAddress.ofLiteral("::"), config.port()));
        }
        return config.bindAddresses().stream().map(a -> new InetSocketAddress(a, config.port())).toList();
    }

    private static String format(InetSocketAddress a) {
        return AddressText.of(a);
    }

    /** The addresses actually bound (ports resolved). */
    public List<InetSocketAddress> localAddresses() {
        return listeners.stream().map(UdpListener::localAddress).toList();
    }

    /** The sources and their state, as last published by the synchronisation thread (empty without sources). */
    public List<SyncService.SourceView> sources() {
        SyncService s = sync;
        return s == null ? List.of() : s.sources();
    }

    /** The synchronisation state, or empty without sources. */
    public Optional<SystemState> systemState() {
        SyncService s = sync;
        return s == null ? Optional.empty() : Optional.of(s.state());
    }

    /** Where /metrics and the status page are served, or empty when they are off or their port was taken. */
    public Optional<InetSocketAddress> metricsAddress() {
        MetricsServer m = metrics;
        return m == null ? Optional.empty() : Optional.of(m.address());
    }

    /** Whether the daemon synchronises to sources: it has server or pool lines, or a sourcedir that may give some. */
    private boolean synchronises() {
        return !config.sources().isEmpty() || !config.sourceDirs().isEmpty();
    }

    /** The served clock now, Unix nanoseconds. */
    long nowNanos() {
        return clock.readNanos();
    }

    /** Whether the clock driver only corrects the time served (monitor mode). */
    boolean monitorMode() {
        return clock.monitorMode();
    }

    /** The table of clients answered. */
    ClientLog clientLog() {
        return clients;
    }

    /** Runtime changes to the sources, or null when the daemon does not synchronise. */
    SourceControl sourceControl() {
        return sourceControl;
    }

    /** Source lines whose names have not resolved yet. */
    int unresolvedSources() {
        SyncService s = sync;
        return s == null ? 0 : s.unresolved();
    }

    String rxTimestamping() {
        SyncService s = sync;
        return s == null ? "" : s.rxTimestamping();
    }

    String txTimestamping() {
        SyncService s = sync;
        return s == null ? "" : s.txTimestamping();
    }

    /** The server counters. */
    public ServerStats stats() {
        return stats;
    }

    /** The measured precision, log2 seconds. */
    public int precision() {
        return precision;
    }

    /** Blocks until {@link #close} has finished. */
    public void awaitStop() throws InterruptedException {
        stopped.await();
    }

    /** Closes every socket and waits for the threads to end. Idempotent. */
    @Override
    public synchronized void close() {
        if (stopped.getCount() == 0) {
            return;
        }
        if (control != null) {
            control.close();
        }
        if (metrics != null) {
            metrics.close();
        }
        if (sync != null) {
            sync.close();
            saveDrift();
        }
        if (statsLog != null) {
            statsLog.close();
        }
        if (nts != null) {
            nts.close();
        }
        if (housekeeping != null) {
            housekeeping.shutdownNow();
        }
        for (UdpListener l : listeners) {
            l.close();
        }
        for (Thread t : threads) {
            try {
                t.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        stopped.countDown();
    }
}
