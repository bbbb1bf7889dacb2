// Keeps each pool line, and each server line given by name, staffed: replaces bad members by fresh addresses of its name and fills short pools.
package dev.jntp.daemon.sync;

import dev.jntp.config.SourceSpec;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * chrony's upkeep of pools and named servers (ntp_sources.c: replacement of bad sources and
 * re-resolution of names). A line has up to {@code maxsources} places (a server line one).
 * When the engine offers one of its members for replacement ({@code SyncEngine.replaceable}:
 * unreachable, persistent falseticker, kissed off), or the line has fewer members than places
 * (its name did not resolve at start, or gave fewer addresses), the name is resolved again and
 * addresses that no source uses take the bad members' places (same source id, fresh state) or
 * the empty ones. As chrony does, the unused addresses are taken in random order, so that two
 * bad addresses do not keep replacing each other while the resolver always lists them first.
 * Lines given as an IP address are never resolved again.
 *
 * <p>Resolution blocks, so it runs on the given executor (virtual threads in the daemon); the
 * answers wait in a queue that the sync thread drains in {@link #due}, the only thread that
 * touches the rest of this class. Back-off: one name is resolved at most every
 * {@code firstRetry}; a try that leaves the line short (no unused address, or the name did not
 * resolve) doubles the wait, up to {@code maxRetry}; a try that fills every place starts again
 * from {@code firstRetry}. Unlike chrony, which spaces replacements over all sources by a random
 * 0 to 60 minutes, the limit here is per line.
 */
final class PoolKeeper implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PoolKeeper.class);

    /** How often {@link #due} looks for lines to renew, nanoseconds. */
    static final long CHECK_INTERVAL_NANOS = 1_000_000_000L;

    /** Put {@code upstream} in the place of source {@code id}, or in a new source when {@code id} is -1. */
    record Change(int id, SyncService.Upstream upstream) {}

    /** One configured line and the sources polling its addresses. */
    private static final class Line {
        final SourceSpec spec;
        final int places;
        final boolean renewable;
        final List<Integer> members = new ArrayList<>();
        long nextTry;
        int fruitless;
        boolean resolving;

        Line(SourceSpec spec, long nextTry) {
            this.spec = spec;
            this.places = spec.kind() == SourceSpec.Kind.POOL ? spec.maxSources() : 1;
            this.renewable = !isAddress(spec.name());
            this.nextTry = nextTry;
        }
    }

    /** What resolving a line's name gave: its addresses, or none and why. */
    private record Answer(Line line, InetAddress[] addresses, String failure) {}

    private final Resolution resolution;
    private final Executor executor;
    private final RandomGenerator random;
    /** By identity: two lines may be equal records (the same text in the config and in a .sources file). */
    private final Map<SourceSpec, Line> lines = new IdentityHashMap<>();
    private final Queue<Answer> answers = new ConcurrentLinkedQueue<>();
    private long nextCheck;

    /**
     * @param specs the configured lines, resolved once already at {@code now}
     * @param now monotonic nanoseconds; the first re-resolution of any name comes firstRetry later
     */
    PoolKeeper(List<SourceSpec> specs, Resolution resolution, Executor executor, RandomGenerator random, long now) {
        this.resolution = resolution;
        this.executor = executor;
        this.random = random;
        for (SourceSpec s : specs) {
            lines.put(s, new Line(s, now + resolution.firstRetry().toNanos()));
        }
    }

    /**
     * A line added at run time (the operator's {@code jntp add}, a reloaded {@code .sources} file); its
     * members follow with {@link #added}. A line without members is resolved again from {@code now}
     * plus the first retry, like a configured line whose name did not resolve.
     */
    void addLine(SourceSpec spec, long now) {
        lines.putIfAbsent(spec, new Line(spec, now + resolution.firstRetry().toNanos()));
    }

    /** Forgets a line (deleted, or gone from its file) and returns the sources that polled its addresses. */
    List<Integer> removeLine(SourceSpec spec) {
        Line l = lines.remove(spec);
        return l == null ? List.of() : List.copyOf(l.members);
    }

    /**
     * Source {@code id} was deleted: a pool keeps its other members (the empty place is filled again
     * from the name, like a bad member's), a server line, which has one place, is forgotten.
     */
    void removeMember(int id) {
        lines.values().removeIf(l -> l.members.remove((Integer) id) && l.spec.kind() == SourceSpec.Kind.SERVER);
    }

    /** The line whose addresses source {@code id} polls, or null. */
    SourceSpec lineOf(int id) {
        for (Line l : lines.values()) {
            if (l.members.contains(id)) {
                return l.spec;
            }
        }
        return null;
    }

    /** The lines named {@code name} (a server or pool line's host name or address). */
    List<SourceSpec> linesNamed(String name) {
        return lines.keySet().stream().filter(s -> s.name().equalsIgnoreCase(name)).toList();
    }

    /** Lines no source polls yet: names that have not resolved (chronyc activity's "unknown address"). */
    int unresolved() {
        return (int) lines.values().stream().filter(l -> l.members.isEmpty()).count();
    }

    /** Source {@code id} polls an address of {@code spec}. */
    void added(int id, SourceSpec spec) {
        Line l = lines.get(spec);
        if (l != null) {
            l.members.add(id);
        }
    }

    /**
     * On the sync thread: the replacements and additions that finished resolutions allow, and
     * resolutions started for lines that need one (at most every {@value #CHECK_INTERVAL_NANOS} ns).
     *
     * @param now monotonic nanoseconds
     * @param replaceable the engine's sources worth replacing
     * @param inUse the addresses the sources poll now
     */
    List<Change> due(long now, Supplier<List<Integer>> replaceable, Collection<InetSocketAddress> inUse) {
        if (answers.isEmpty() && now < nextCheck) {
            return List.of();
        }
        List<Integer> bad = replaceable.get();
        List<Change> out = new ArrayList<>();
        Set<InetSocketAddress> taken = new HashSet<>(inUse);
        for (Answer a; (a = answers.poll()) != null; ) {
            fill(a, bad, taken, now, out);
        }
        if (now >= nextCheck) {
            nextCheck = now + CHECK_INTERVAL_NANOS;
            for (Line l : lines.values()) {
                if (l.renewable && !l.resolving && now >= l.nextTry
                        && (l.members.size() < l.places || l.members.stream().anyMatch(bad::contains))) {
                    l.resolving = true;
                    executor.execute(() -> answers.add(resolve(l)));
                }
            }
        }
        return out;
    }

    private Answer resolve(Line l) {
        try {
            return new Answer(l, resolution.resolver().resolve(l.spec.name()), null);
        } catch (UnknownHostException | SecurityException e) {
            return new Answer(l, new InetAddress[0], e.toString());
        }
    }

    /** Gives the line's bad members, then its empty places, addresses nobody uses, in random order. */
    private void fill(Answer a, List<Integer> bad, Set<InetSocketAddress> taken, long now, List<Change> out) {
        Line l = a.line();
        l.resolving = false;
        List<InetSocketAddress> fresh = new ArrayList<>();
        for (InetAddress x : a.addresses()) {
            InetSocketAddress sa = new InetSocketAddress(x, l.spec.port());
            if (!taken.contains(sa) && !fresh.contains(sa)) {
                fresh.add(sa);
            }
        }
        List<Integer> places = new ArrayList<>(l.members.stream().filter(bad::contains).toList());
        for (int i = l.members.size(); i < l.places; i++) {
            places.add(-1);
        }
        int filled = 0;
        for (int id : places) {
            if (fresh.isEmpty()) {
                break;
            }
            InetSocketAddress sa = fresh.remove(random.nextInt(fresh.size()));
            taken.add(sa);
            out.add(new Change(id, Sources.upstream(l.spec, sa.getAddress(), a.addresses().length)));
            filled++;
        }
        l.fruitless = filled < places.size() ? l.fruitless + 1 : 0;
        long wait = backoff(l.fruitless);
        l.nextTry = now + wait;
        if (l.fruitless > 0) {
            LOG.debug("{}: {} of {} place(s) left unfilled ({}); resolving again in {} s", l.spec.name(),
                    places.size() - filled, places.size(),
                    a.failure() != null ? a.failure() : a.addresses().length + " address(es), none unused",
                    wait / 1_000_000_000L);
        }
    }

    /** The wait before the next resolution of a name after {@code fruitless} tries in a row that left it short. */
    long backoff(int fruitless) {
        long max = resolution.maxRetry().toNanos();
        long wait = resolution.firstRetry().toNanos();
        for (int i = 0; i < fruitless && wait < max; i++) {
            wait = Math.min(max, 2 * wait);
        }
        return wait;
    }

    /** Whether {@code name} is an IP address literal rather than a name. */
    static boolean isAddress(String name) {
        try {
            InetAddress.ofLiteral(name);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    @Override
    public void close() {
        if (executor instanceof ExecutorService s) {
            s.shutdownNow();
        }
    }
}
