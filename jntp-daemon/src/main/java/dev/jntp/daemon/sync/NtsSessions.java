// Runs the NTS-KE sessions of the NTS sources off the synchronisation thread and hands each outcome back to it.
package dev.jntp.daemon.sync;

import dev.jntp.config.NtsClientSettings;
import dev.jntp.daemon.AddressText;
import dev.jntp.daemon.nts.NtsKeClient;
import dev.jntp.daemon.nts.NtsTrustedCerts;
import dev.jntp.engine.nts.NtsClient;
import dev.jntp.engine.nts.NtsKeResult;
import dev.jntp.engine.sync.SyncAction;
import dev.jntp.engine.sync.SyncEngine;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The shell of the engine's NTS sources. {@link #attach} makes a source an NTS source when its line
 * says {@code nts}: the engine gets an {@link NtsClient} and this class remembers where its NTS-KE
 * server is (the source's address, port {@code ntsport}) and under which name its certificate is
 * checked (the line's name or address). When the engine asks for a session
 * ({@link SyncAction.KeyExchange}), {@link #start} runs {@link NtsKeClient} on a virtual thread,
 * reading the trusted certificates again each time, and puts the outcome on the synchronisation
 * thread's queue, where {@link #finish} logs one line, points the source at the NTP server the
 * response named and hands the result to the engine. A source replaced or deleted while its
 * session runs gets a new generation, so the old outcome is dropped. Everything but the session
 * itself runs on the synchronisation thread.
 */
final class NtsSessions implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SyncService.class);

    /** Where one source's NTS-KE goes. */
    private record Target(String host, InetSocketAddress keServer, int ntpPort, long generation) {}

    private final NtsClientSettings settings;
    private final NtsKeClient.Resolver resolver;
    private final Consumer<Runnable> toSyncThread;
    private final ExecutorService executor = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("nts-ke-", 0).factory());
    private final SecureRandom random = new SecureRandom();
    private final Map<Integer, Target> targets = new HashMap<>();
    private long generations;
    private final Duration timeout;

    /**
     * @param toSyncThread queues a task for the synchronisation thread
     * @param timeout the longest one session may take
     */
    NtsSessions(NtsClientSettings settings, NtsKeClient.Resolver resolver, Consumer<Runnable> toSyncThread,
            Duration timeout) {
        this.settings = settings;
        this.resolver = resolver;
        this.toSyncThread = toSyncThread;
        this.timeout = timeout;
    }

    /** Checks now that the trusted certificates can be read, so that a wrong path stops the start. */
    void checkTrust() throws IOException {
        NtsTrustedCerts.context(settings);
    }

    /** Source {@code id} now polls {@code u} (added or replaced): an NTS source if its line says so. */
    void attach(int id, SyncService.Upstream u, SyncEngine engine) {
        if (u.spec() == null || !u.spec().nts()) {
            targets.remove(id);
            return;
        }
        targets.put(id, new Target(u.spec().name(), new InetSocketAddress(u.address().getAddress(),
                u.spec().ntsPort()), u.spec().port(), ++generations));
        engine.useNts(id, new NtsClient(random, settings.refreshSeconds()));
    }

    /** Source {@code id} was deleted: an outcome still to come is dropped. */
    void detach(int id) {
        targets.remove(id);
    }

    /** Starts the session the engine asked for; {@code done} gets the outcome on the synchronisation thread. */
    void start(int id, Consumer<Finished> done) {
        Target t = targets.get(id);
        if (t == null) {
            return;
        }
        executor.execute(() -> {
            long start = System.nanoTime();
            NtsKeClient.Outcome o;
            try {
                o = NtsKeClient.exchange(t.host(), t.keServer(), t.ntpPort(), NtsTrustedCerts.context(settings),
                        timeout, resolver);
            } catch (IOException e) {
                o = new NtsKeClient.Outcome(new NtsKeResult.Failure(e.getMessage(), false), null);
            }
            Finished f = new Finished(id, t, o, (System.nanoTime() - start) / 1_000_000);
            toSyncThread.accept(() -> done.accept(f));
        });
    }

    /** A session's outcome, for {@link #finish}. */
    record Finished(int id, Target target, NtsKeClient.Outcome outcome, long millis) {}

    /**
     * On the synchronisation thread: logs the outcome and returns the engine's actions for it (the caller
     * drops the source's wakes first when there are any); nothing for a source replaced or deleted since.
     *
     * @param addresses the address each source polls; a success may change the source's
     */
    List<SyncAction> finish(Finished f, SyncEngine engine, Map<Integer, InetSocketAddress> addresses, long now) {
        if (targets.get(f.id()) != f.target()) {
            return List.of();
        }
        Target t = f.target();
        String where = t.host() + " (" + AddressText.of(t.keServer()) + ")";
        switch (f.outcome().result()) {
            case NtsKeResult.Success s -> {
                InetSocketAddress ntp = f.outcome().ntpAddress();
                boolean moved = !ntp.equals(addresses.get(f.id()));
                addresses.put(f.id(), ntp);
                LOG.info("source {}: NTS-KE with {} gave {} cookies ({}) in {} ms{}", f.id(), where,
                        s.cookies().size(), s.keys().aead(), f.millis(),
                        moved ? "; NTP requests go to " + AddressText.of(ntp) : "");
            }
            case NtsKeResult.Failure fail -> LOG.warn("source {}: NTS-KE with {} failed after {} ms: {}", f.id(),
                    where, f.millis(), fail.reason());
        }
        return engine.onKeyExchange(f.id(), f.outcome().result(), now);
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
