// Turns server and pool lines into resolved upstream addresses with the engine's per-source settings.
package dev.jntp.daemon.sync;

import dev.jntp.config.SourceSpec;
import dev.jntp.engine.sync.SourceConfig;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Name resolution through the system resolver (so /etc/hosts counts): a {@code server} line
 * gives its first address, a {@code pool} line up to {@code maxsources} of its addresses, both
 * families. A name that does not resolve is reported and skipped here; {@link PoolKeeper}
 * resolves it again later, and replaces bad members.
 */
public final class Sources {

    private Sources() {}

    /** The upstreams of the configured lines, in order, without duplicate addresses. */
    public static List<SyncService.Upstream> resolve(List<SourceSpec> specs, Consumer<String> warn) {
        return resolve(specs, InetAddress::getAllByName, warn);
    }

    /** As {@link #resolve(List, Consumer)}, with {@code resolver} instead of the system resolver. */
    public static List<SyncService.Upstream> resolve(List<SourceSpec> specs, Resolution.Resolver resolver,
            Consumer<String> warn) {
        List<SyncService.Upstream> out = new ArrayList<>();
        Set<InetSocketAddress> seen = new LinkedHashSet<>();
        for (SourceSpec s : specs) {
            InetAddress[] all;
            try {
                all = resolver.resolve(s.name());
            } catch (UnknownHostException | SecurityException e) {
                warn.accept("cannot resolve " + s.name() + " (line " + s.line() + "): " + e.getMessage()
                        + "; it is left out");
                continue;
            }
            int limit = s.kind() == SourceSpec.Kind.POOL ? s.maxSources() : 1;
            int taken = 0;
            for (InetAddress a : all) {
                if (taken >= limit) {
                    break;
                }
                InetSocketAddress addr = new InetSocketAddress(a, s.port());
                if (seen.add(addr)) {
                    out.add(upstream(s, a, all.length));
                    taken++;
                }
            }
        }
        return out;
    }

    /** The upstream of {@code address}, one of the {@code resolved} addresses of {@code s}'s name. */
    static SyncService.Upstream upstream(SourceSpec s, InetAddress address, int resolved) {
        return new SyncService.Upstream(config(s, resolved > 1 ? s.name() + "/" + address.getHostAddress() : s.name()),
                new InetSocketAddress(address, s.port()), s);
    }

    static SourceConfig config(SourceSpec s, String name) {
        return new SourceConfig(name, s.minPoll(), s.maxPoll(), s.iburst(), s.burst(), s.prefer(), s.noSelect(),
                s.maxDelay(), s.version(), s.trust(), s.require(), s.keyId());
    }
}
