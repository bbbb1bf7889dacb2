// Writes the statistics files off the synchronisation thread: a bounded queue of lines and one writer thread.
package dev.jntp.daemon.stats;

import dev.jntp.config.StatsLogs;
import dev.jntp.config.StatsLogs.ChronyLog;
import dev.jntp.config.StatsLogs.FileGen;
import dev.jntp.config.StatsLogs.NtpStats;
import dev.jntp.daemon.AddressText;
import dev.jntp.daemon.sync.SyncListener;
import dev.jntp.daemon.sync.SyncService.SourceView;
import dev.jntp.engine.sync.ClockUpdate;
import dev.jntp.engine.sync.Measurement;
import dev.jntp.engine.sync.Regression;
import dev.jntp.engine.sync.SystemState;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The statistics logs of {@link StatsLogs}: chrony's measurements.log, statistics.log and
 * tracking.log, and ntpd's peerstats and loopstats. The synchronisation thread offers the
 * immutable values of a line to a bounded queue ({@value #QUEUE_LINES} lines), about 1 us for
 * the three lines of a reply; a platform thread formats (about 9 us a chrony line), writes and
 * flushes. A disk that stalls therefore never delays synchronisation: when the queue is full the
 * line is dropped and counted, and the writer warns about drops at most once a minute. The
 * files are opened when the log starts, so that a directory or file the daemon cannot write is
 * an error at start ({@link #open}); {@link #reopen} (SIGHUP, after logrotate renamed the files)
 * makes the writer close them and open new ones at the same names.
 */
public final class StatisticsLog implements SyncListener, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(StatisticsLog.class);

    /** Lines the queue holds: minutes of a busy server's replies. */
    static final int QUEUE_LINES = 4096;
    private static final long DROP_WARNING_NANOS = 60_000_000_000L;
    private static final long IDLE_POLL_MILLIS = 200;

    /** A line to write: formatted by the writer thread, so the synchronisation thread only queues values. */
    private record Line(LogFile file, Supplier<String> text, long unixNanos) {}

    private final Path directory;
    private final LogFile measurements;
    private final boolean rawMeasurements;
    private final LogFile statistics;
    private final LogFile tracking;
    private final LogFile peerstats;
    private final LogFile loopstats;
    private final List<LogFile> files;
    private final BlockingQueue<Line> queue;
    private final AtomicBoolean reopen = new AtomicBoolean();
    private final AtomicLong written = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final Thread writer;
    private volatile boolean running = true;
    /** Writer thread only: files whose last write failed (warned once until one succeeds). */
    private final Set<LogFile> failing = new HashSet<>();
    private long droppedWarned;
    private long lastDropWarning = System.nanoTime() - DROP_WARNING_NANOS;

    private StatisticsLog(StatsLogs config, int queueLines) {
        this.directory = config.directory();
        Set<ChronyLog> logs = config.chronyLogs();
        rawMeasurements = logs.contains(ChronyLog.RAW_MEASUREMENTS);
        measurements = rawMeasurements || logs.contains(ChronyLog.MEASUREMENTS)
                ? chrony(config, "measurements.log", LogLines.MEASUREMENTS_BANNER) : null;
        statistics = logs.contains(ChronyLog.STATISTICS)
                ? chrony(config, "statistics.log", LogLines.STATISTICS_BANNER) : null;
        tracking = logs.contains(ChronyLog.TRACKING) ? chrony(config, "tracking.log", LogLines.TRACKING_BANNER) : null;
        Map<NtpStats, LogFile> ntpd = new LinkedHashMap<>();
        for (FileGen g : config.fileGens()) {
            ntpd.put(g.stats(), new LogFile(directory.resolve(g.file()), new String[0], 0,
                    g.type() == StatsLogs.GenType.DAY, g.link()));
        }
        peerstats = ntpd.get(NtpStats.PEERSTATS);
        loopstats = ntpd.get(NtpStats.LOOPSTATS);
        List<LogFile> all = new ArrayList<>();
        for (LogFile f : new LogFile[] {measurements, statistics, tracking, peerstats, loopstats}) {
            if (f != null) {
                all.add(f);
            }
        }
        files = List.copyOf(all);
        queue = new ArrayBlockingQueue<>(queueLines);
        writer = Thread.ofPlatform().name("statistics-log").daemon(true).unstarted(this::writeLoop);
    }

    private LogFile chrony(StatsLogs config, String name, String titles) {
        return new LogFile(directory.resolve(name), LogLines.banner(titles), config.banner(), false, false);
    }

    /**
     * Prepares the directory ({@link LogDirectory}), opens every file for appending and starts
     * the writer. Throws, naming the directory or file, when one cannot be created or written.
     *
     * @param nowNanos the local clock's time (Unix nanoseconds), which names the day of daily files
     */
    public static StatisticsLog open(StatsLogs config, long nowNanos) throws IOException {
        return open(config, nowNanos, QUEUE_LINES, true);
    }

    /** As {@link #open(StatsLogs, long)} with {@code queueLines}; the writer waits for {@link #start} unless asked. */
    static StatisticsLog open(StatsLogs config, long nowNanos, int queueLines, boolean start) throws IOException {
        LogDirectory.prepare(config.directory());
        StatisticsLog log = new StatisticsLog(config, queueLines);
        try {
            for (LogFile f : log.files) {
                try {
                    f.open(nowNanos);
                } catch (IOException e) {
                    throw LogDirectory.notWritable(f.pathAt(nowNanos), e);
                }
            }
        } catch (IOException e) {
            log.closeFiles();
            throw e;
        }
        if (start) {
            log.start();
        }
        return log;
    }

    /** Starts the writer thread (once). */
    void start() {
        writer.start();
    }

    /** The files written, as configured (daily files without their day). */
    public List<Path> files() {
        return files.stream().map(LogFile::path).toList();
    }

    /** Lines written so far. */
    public long written() {
        return written.get();
    }

    /** Lines dropped so far: the queue was full, or the file could not be written. */
    public long dropped() {
        return dropped.get();
    }

    /** Makes the writer close the files and open them again at their names (after a rotation renamed them). */
    public void reopen() {
        reopen.set(true);
    }

    @Override
    public void reply(SourceView source, Measurement m, Regression r, boolean kernelTx, boolean kernelRx) {
        if (m == null || source == null || source.address() == null) {
            return;
        }
        java.net.InetAddress ip = source.address().getAddress();
        if (measurements != null && (rawMeasurements || m.passedRfcTests())) {
            offer(measurements, () -> LogLines.measurement(AddressText.of(ip), m, kernelTx, kernelRx), m.localNanos());
        }
        if (peerstats != null && m.passedRfcTests()) {
            offer(peerstats, () -> LogLines.peerstats(AddressText.of(ip), source.snapshot(), m, m.localNanos()),
                    m.localNanos());
        }
        if (statistics != null && r != null) {
            offer(statistics, () -> LogLines.statistics(AddressText.of(ip), r), r.localNanos());
        }
    }

    @Override
    public void clockUpdate(SystemState state, ClockUpdate update, SourceView peer) {
        if (tracking != null) {
            String address = peer != null && peer.address() != null ? AddressText.of(peer.address().getAddress())
                    : state.referenceId().toString();
            offer(tracking, () -> LogLines.tracking(address, state, update), update.localNanos());
        }
        if (loopstats != null) {
            int poll = peer != null ? peer.snapshot().poll() : 0;
            offer(loopstats, () -> LogLines.loopstats(state, poll, update.localNanos()), update.localNanos());
        }
    }

    private void offer(LogFile file, Supplier<String> text, long unixNanos) {
        if (!queue.offer(new Line(file, text, unixNanos))) {
            dropped.incrementAndGet();
        }
    }

    private void writeLoop() {
        List<Line> batch = new ArrayList<>();
        while (running || !queue.isEmpty()) {
            try {
                Line first = queue.poll(IDLE_POLL_MILLIS, TimeUnit.MILLISECONDS);
                if (reopen.getAndSet(false)) {
                    reopenFiles();
                }
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, 255);
                write(batch);
                batch.clear();
                warnAboutDrops();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void write(List<Line> batch) {
        Set<LogFile> touched = new HashSet<>();
        for (Line l : batch) {
            try {
                l.file().write(l.text().get(), l.unixNanos());
                touched.add(l.file());
                written.incrementAndGet();
            } catch (IOException e) {
                dropped.incrementAndGet();
                failed(l.file(), e);
                try {
                    l.file().reopen(); // the next line tries a fresh file
                } catch (IOException ignored) {
                    // already reported
                }
            }
        }
        for (LogFile f : touched) {
            try {
                f.flush();
                if (failing.remove(f)) {
                    LOG.info("statistics log {} is written again", f.path());
                }
            } catch (IOException e) {
                failed(f, e);
            }
        }
    }

    private void failed(LogFile f, IOException e) {
        if (failing.add(f)) {
            LOG.warn("cannot write the statistics log {}: {} (lines are dropped until it can be written)", f.path(),
                    e.toString());
        }
    }

    private void reopenFiles() {
        for (LogFile f : files) {
            try {
                f.reopen();
            } catch (IOException e) {
                failed(f, e);
            }
        }
        LOG.info("statistics logs reopened in {}", directory);
    }

    private void warnAboutDrops() {
        long d = dropped.get();
        long now = System.nanoTime();
        if (d > droppedWarned && now - lastDropWarning >= DROP_WARNING_NANOS) {
            LOG.warn("statistics logs: {} lines dropped so far (the disk did not keep up, or a file could not be "
                    + "written)", d);
            droppedWarned = d;
            lastDropWarning = now;
        }
    }

    /** Writes what is queued, stops the writer (waiting at most 5 s) and closes the files. */
    @Override
    public void close() {
        running = false;
        try {
            writer.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!writer.isAlive()) {
            closeFiles();
        }
        LOG.info("statistics logs: {} lines written, {} dropped", written.get(), dropped.get());
    }

    private void closeFiles() {
        for (LogFile f : files) {
            try {
                f.close();
            } catch (IOException e) {
                LOG.debug("closing {}: {}", f.path(), e.toString());
            }
        }
    }
}
