// The operator's runtime changes to the sources (jntp add, delete, online, offline, burst, makestep, reload sources).
package dev.jntp.daemon.sync;

import dev.jntp.config.ConfigError;
import dev.jntp.config.SourceFiles;
import dev.jntp.config.SourceSpec;
import dev.jntp.daemon.AddressText;
import dev.jntp.engine.sync.SourceSnapshot;
import dev.jntp.engine.sync.SyncAction;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Changes the running {@link SyncService}'s sources without a restart, as chronyc's {@code add
 * server}, {@code delete}, {@code online}, {@code offline}, {@code burst}, {@code makestep} and
 * {@code reload sources} do. Each change runs on the synchronisation thread ({@link
 * SyncService#onSyncThread}); name resolution, which may block, runs on the caller's thread
 * first, bounded by {@link #RESOLVE_MILLIS}: a name that has not resolved by then is handed to
 * the {@link PoolKeeper}, which keeps trying as for a configured line.
 *
 * <p>A source is named by its address, by its name ({@code server} line's name, or a pool
 * member's {@code name/address}), or by the name of its line. {@code delete NAME} of a line's name
 * removes the whole line (every member of a pool); {@code delete ADDRESS} removes one source, and
 * a pool refills that place from its name as it replaces a bad member.
 *
 * <p>{@code reload sources} reads the {@code sourcedir} directories again: lines that appeared
 * are added, lines that vanished are removed with their sources, unchanged lines keep their
 * sources and state (lines are compared without their line numbers). A line also present in the
 * main configuration file is left to it. Sources added with {@code add} are not touched by a
 * reload.
 */
public final class SourceControl {

    private static final Logger LOG = LoggerFactory.getLogger(SourceControl.class);

    /** How long a request waits for a name to resolve before leaving it to the keeper. */
    static final long RESOLVE_MILLIS = 3_000;
    /** How long a request waits for the synchronisation thread. */
    static final long SYNC_THREAD_MILLIS = 2_000;

    /** A command the daemon refused, with the reason for the operator. */
    public static final class Refused extends Exception {
        public Refused(String message) {
            super(message);
        }
    }

    /**
     * What a command did.
     *
     * @param message one line for the operator
     * @param sources the source numbers it touched
     * @param problems what was wrong in the files read (reload), FILE:LINE first
     */
    public record Done(String message, List<Integer> sources, List<String> problems) {
        Done(String message, List<Integer> sources) {
            this(message, sources, List.of());
        }
    }

    private final SyncService sync;
    private final Resolution resolution;
    private final List<Path> sourceDirs;
    /** Keys of the main configuration's lines, which a .sources file cannot add again. */
    private final List<SourceSpec> configured;
    /** The lines read from the source directories, by key, as registered with the keeper. */
    private final Map<SourceSpec, SourceSpec> fromFiles = java.util.Collections.synchronizedMap(new LinkedHashMap<>());

    /**
     * @param configured the main configuration's server and pool lines
     * @param fromFiles the lines of the source directories that the service started with
     */
    public SourceControl(SyncService sync, Resolution resolution, List<Path> sourceDirs, List<SourceSpec> configured,
            List<SourceSpec> fromFiles) {
        this.sync = sync;
        this.resolution = resolution;
        this.sourceDirs = List.copyOf(sourceDirs);
        this.configured = configured.stream().map(SourceControl::key).toList();
        fromFiles.forEach(s -> this.fromFiles.put(key(s), s));
    }

    /**
     * The lines of the source directories to start with, without the ones the main configuration
     * already has or that repeat an earlier line; problems go to {@code warn} as FILE:LINE.
     */
    public static List<SourceSpec> startingLines(List<Path> dirs, List<SourceSpec> configured, Consumer<String> warn) {
        SourceFiles.Result r = SourceFiles.load(dirs);
        r.errors().forEach(e -> warn.accept(e.toString()));
        return fresh(r, configured.stream().map(SourceControl::key).toList()).values().stream().toList();
    }

    /** A line without its line number: what makes two lines the same source. */
    static SourceSpec key(SourceSpec s) {
        return new SourceSpec(s.kind(), s.name(), s.port(), s.iburst(), s.burst(), s.minPoll(), s.maxPoll(), s.prefer(),
                s.noSelect(), s.trust(), s.require(), s.maxDelay(), s.maxSources(), s.keyId(), s.nts(), s.ntsPort(),
                s.version(), s.offline(), 0);
    }

    private static Map<SourceSpec, SourceSpec> fresh(SourceFiles.Result r, List<SourceSpec> configuredKeys) {
        Map<SourceSpec, SourceSpec> out = new LinkedHashMap<>();
        for (SourceFiles.Entry e : r.entries()) {
            SourceSpec k = key(e.spec());
            if (!configuredKeys.contains(k)) {
                out.putIfAbsent(k, e.spec());
            }
        }
        return out;
    }

    /** {@code add server|pool NAME [options]}: the words of a server or pool line. */
    public Done add(List<String> words) throws Refused {
        SourceFiles.Result r = SourceFiles.parse("add", String.join(" ", words) + "\n");
        if (!r.errors().isEmpty()) {
            ConfigError e = r.errors().getFirst();
            throw new Refused(e.message() + (e.fix().isEmpty() ? "" : " (" + e.fix() + ")"));
        }
        if (r.entries().isEmpty()) {
            throw new Refused("give a source: 'server NAME [options]' or 'pool NAME [options]'");
        }
        SourceSpec spec = r.entries().getFirst().spec();
        List<SyncService.Upstream> ups = resolve(spec);
        List<Integer> ids = onSyncThread(() -> {
            for (SyncService.Upstream u : ups) {
                if (sync.addresses().containsValue(u.address()) && live(u.address())) {
                    return null;
                }
            }
            return addLine(spec, ups);
        });
        if (ids == null) {
            throw new Refused(spec.name() + " is already a source");
        }
        String what = (spec.kind() == SourceSpec.Kind.POOL ? "pool " : "server ") + spec.name();
        return new Done(ids.isEmpty() ? what + " added; its name has not resolved yet, jntp keeps trying"
                : what + " added as source " + join(ids), ids);
    }

    /** {@code delete TARGET}: a line by its name, or one source by its address or name. */
    public Done delete(String target) throws Refused {
        List<Integer> ids = onSyncThread(() -> {
            List<Integer> out = new ArrayList<>();
            PoolKeeper keeper = sync.keeper();
            List<SourceSpec> lines = keeper == null ? List.of() : keeper.linesNamed(target);
            if (!lines.isEmpty()) {
                for (SourceSpec line : lines) {
                    fromFiles.values().remove(line);
                    for (int id : keeper.removeLine(line)) {
                        sync.remove(id);
                        out.add(id);
                    }
                }
                return out;
            }
            for (int id : matching(target)) {
                sync.remove(id);
                out.add(id);
            }
            return out.isEmpty() ? null : out;
        });
        if (ids == null) {
            throw new Refused("no source " + target + " (see 'jntp sources')");
        }
        return new Done("deleted " + (ids.isEmpty() ? "the line " + target + " (it had no sources yet)"
                : "source " + join(ids)), ids);
    }

    /** {@code online|offline [TARGET]}: every source, or the ones named. */
    public Done setOnline(String target, boolean online) throws Refused {
        List<Integer> ids = onSyncThread(() -> {
            List<Integer> out = target == null ? liveIds() : matching(target);
            for (int id : out) {
                sync.command(id, sync.engine().setOnline(id, online));
            }
            return out;
        });
        if (ids.isEmpty()) {
            throw new Refused(target == null ? "there are no sources" : "no source " + target + " (see 'jntp sources')");
        }
        LOG.info("source {}: set {} by the operator", join(ids), online ? "online" : "offline");
        return new Done((online ? "online: " : "offline: ") + "source " + join(ids), ids);
    }

    /** {@code burst [TARGET]}: a burst of requests to every online source, or to the ones named. */
    public Done burst(String target) throws Refused {
        List<Integer> ids = onSyncThread(() -> {
            List<Integer> out = new ArrayList<>();
            for (int id : target == null ? liveIds() : matching(target)) {
                List<SyncAction> actions = sync.engine().burst(id);
                if (!actions.isEmpty()) {
                    sync.command(id, actions);
                    out.add(id);
                }
            }
            return out;
        });
        if (ids.isEmpty()) {
            throw new Refused(target == null ? "no online source to burst" : "no online source " + target);
        }
        return new Done("burst: source " + join(ids), ids);
    }

    /** {@code makestep}: steps the clock by the correction still in progress; returns the step, seconds. */
    public double makeStep() throws Refused {
        return onSyncThread(() -> {
            List<SyncAction> actions = sync.engine().makeStep(sync.clockNanos());
            sync.performActions(actions);
            return actions.isEmpty() ? 0.0 : ((SyncAction.Step) actions.getFirst()).seconds();
        });
    }

    /** {@code reload sources}: the source directories read again (see the class comment). */
    public synchronized Done reloadSources() throws Refused {
        if (sourceDirs.isEmpty()) {
            throw new Refused("no sourcedir in the configuration: there is nothing to reload");
        }
        SourceFiles.Result r = SourceFiles.load(sourceDirs);
        Map<SourceSpec, SourceSpec> wanted = fresh(r, configured);
        Map<SourceSpec, SourceSpec> now;
        synchronized (fromFiles) {
            now = new LinkedHashMap<>(fromFiles);
        }
        List<SourceSpec> gone = now.entrySet().stream().filter(e -> !wanted.containsKey(e.getKey()))
                .map(Map.Entry::getValue).toList();
        List<SourceSpec> added = wanted.entrySet().stream().filter(e -> !now.containsKey(e.getKey()))
                .map(Map.Entry::getValue).toList();
        Map<SourceSpec, List<SyncService.Upstream>> resolved = new LinkedHashMap<>();
        for (SourceSpec s : added) {
            resolved.put(s, resolve(s));
        }
        List<Integer> removedIds = onSyncThread(() -> {
            List<Integer> out = new ArrayList<>();
            for (SourceSpec s : gone) {
                for (int id : sync.keeper() == null ? List.<Integer>of() : sync.keeper().removeLine(s)) {
                    sync.remove(id);
                    out.add(id);
                }
            }
            resolved.forEach(this::addLine);
            return out;
        });
        gone.forEach(s -> fromFiles.remove(key(s)));
        added.forEach(s -> fromFiles.put(key(s), s));
        String message = "reloaded " + sourceDirs.stream().map(Path::toString).toList() + ": " + added.size()
                + " line(s) added, " + gone.size() + " removed (" + removedIds.size() + " source(s)), "
                + (fromFiles.size() - added.size()) + " unchanged"
                + (r.errors().isEmpty() ? "" : "; " + r.errors().size() + " problem(s) in the files, lines skipped");
        LOG.info("{}", message);
        r.errors().forEach(e -> LOG.warn("{}", e));
        return new Done(message, removedIds, r.errors().stream().map(ConfigError::toString).toList());
    }

    /** On the sync thread: registers a line with the keeper and adds its resolved addresses as sources. */
    private List<Integer> addLine(SourceSpec spec, List<SyncService.Upstream> ups) {
        if (sync.keeper() != null) {
            sync.keeper().addLine(spec, System.nanoTime());
        }
        List<Integer> ids = new ArrayList<>();
        List<SyncAction> actions = new ArrayList<>();
        for (SyncService.Upstream u : ups) {
            ids.add(sync.register(u, actions));
        }
        sync.performActions(actions);
        return ids;
    }

    /** The addresses of a line, resolved on this thread within {@link #RESOLVE_MILLIS}; none when it did not. */
    private List<SyncService.Upstream> resolve(SourceSpec spec) {
        Future<List<SyncService.Upstream>> f;
        try (var exec = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            f = exec.submit(() -> Sources.resolve(List.of(spec), resolution.resolver(),
                    m -> LOG.info("{} (jntp keeps trying)", m)));
            try {
                return f.get(RESOLVE_MILLIS, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                f.cancel(true);
                LOG.info("{} did not resolve within {} ms; jntp keeps trying", spec.name(), RESOLVE_MILLIS);
                return List.of();
            } catch (ExecutionException e) {
                return List.of();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return List.of();
            }
        }
    }

    /** On the sync thread: the live sources polling {@code target} (an address) or named it. */
    private List<Integer> matching(String target) {
        InetAddress literal = literal(target);
        List<Integer> out = new ArrayList<>();
        for (SourceSnapshot s : sync.engine().sources(sync.clockNanos())) {
            if (s.detail().removed()) {
                continue;
            }
            InetSocketAddress a = sync.addresses().get(s.id());
            PoolKeeper keeper = sync.keeper();
            SourceSpec line = keeper == null ? null : keeper.lineOf(s.id());
            if ((literal != null && a != null && a.getAddress().equals(literal)) || s.name().equalsIgnoreCase(target)
                    || (line != null && line.name().equalsIgnoreCase(target))
                    || (a != null && AddressText.of(a).equals(target))) {
                out.add(s.id());
            }
        }
        return out;
    }

    private List<Integer> liveIds() {
        return sync.engine().sources(sync.clockNanos()).stream().filter(s -> !s.detail().removed())
                .map(SourceSnapshot::id).toList();
    }

    private boolean live(InetSocketAddress address) {
        for (Map.Entry<Integer, InetSocketAddress> e : sync.addresses().entrySet()) {
            if (e.getValue().equals(address)
                    && !sync.engine().sources(sync.clockNanos()).get(e.getKey()).detail().removed()) {
                return true;
            }
        }
        return false;
    }

    private static InetAddress literal(String text) {
        try {
            return InetAddress.ofLiteral(text);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private <T> T onSyncThread(java.util.function.Supplier<T> command) throws Refused {
        try {
            return sync.onSyncThread(command).get(SYNC_THREAD_MILLIS, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new Refused("the synchronisation thread did not answer within " + SYNC_THREAD_MILLIS + " ms");
        } catch (ExecutionException e) {
            throw new Refused("failed: " + e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Refused("interrupted");
        }
    }

    private static String join(List<Integer> ids) {
        return String.join(", ", ids.stream().map(String::valueOf).toList());
    }
}
