// Answers ntpq (mode 6) on the NTP sockets: only to allowed addresses, rate limited, from a fresh view of the daemon.
package dev.jntp.daemon;

import dev.jntp.config.AccessRule;
import dev.jntp.config.JntpConfig;
import dev.jntp.daemon.sync.SyncService;
import dev.jntp.engine.control.ControlRateLimiter;
import dev.jntp.engine.control.ControlReply;
import dev.jntp.engine.control.ControlResponder;
import dev.jntp.engine.control.ControlView;
import dev.jntp.engine.server.AccessFilter;
import dev.jntp.engine.server.ReferenceState;
import dev.jntp.engine.server.ServerCounter;
import dev.jntp.engine.server.ServerStats;
import dev.jntp.engine.sync.SystemState;
import dev.jntp.proto.NtpTimestamp;
import dev.jntp.proto.Subnet;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.function.Supplier;

/**
 * The daemon's side of mode 6 ({@link ControlResponder} does the protocol). A READVAR reply is
 * hundreds of octets for a 12-octet request, so unlike NTP replies it is larger than what
 * asked for it; answered to anyone, mode 6 would amplify forged traffic. It is therefore
 * answered only to addresses the access list allows, and each of those is rate limited
 * ({@link ControlRateLimiter}). The access list works as chrony's command access: localhost
 * (127.0.0.1 and ::1) is allowed first, then the {@code cmdallow} and {@code cmddeny} lines apply
 * in file order with {@code allow}/{@code deny} semantics ({@code cmddeny all} shuts out
 * localhost too). The NTP {@code allow}/{@code deny} lines do not apply to mode 6. Mode 7 is
 * never answered (the NTP responder drops it).
 */
final class ControlQueries {

    private final AccessFilter allowed;
    private final ControlRateLimiter limiter;
    private final ControlResponder responder = new ControlResponder();
    private final Supplier<ControlView> view;
    private final ServerStats stats;

    ControlQueries(AccessFilter allowed, ControlRateLimiter limiter, Supplier<ControlView> view, ServerStats stats) {
        this.allowed = allowed;
        this.limiter = limiter;
        this.view = view;
        this.stats = stats;
    }

    /** Whether a datagram is a mode 6 message (the low three bits of its first octet). */
    static boolean isControl(byte[] datagram, int length) {
        return length > 0 && (datagram[0] & 7) == 6;
    }

    /** The reply datagrams for a mode 6 datagram from {@code client} (4 or 16 octets); none when it is dropped. */
    List<byte[]> handle(byte[] datagram, int length, byte[] client) {
        stats.increment(ServerCounter.RECEIVED);
        if (!allowed.allows(client)) {
            stats.increment(ServerCounter.CONTROL_DENIED);
            return List.of();
        }
        if (!limiter.admit(client, System.nanoTime())) {
            stats.increment(ServerCounter.CONTROL_RATE_LIMITED);
            return List.of();
        }
        return switch (responder.respond(datagram, length, view.get())) {
            case ControlReply.Answer a -> {
                stats.increment(ServerCounter.CONTROL_ANSWERED);
                yield a.datagrams();
            }
            case ControlReply.Dropped d -> {
                stats.increment(ServerCounter.CONTROL_MODE);
                yield List.of();
            }
        };
    }

    /** Localhost, then the configuration's cmdallow/cmddeny lines in file order. */
    static AccessFilter accessFilter(JntpConfig config) {
        List<AccessFilter.Rule> rules = new ArrayList<>();
        rules.add(new AccessFilter.Rule(true, false, Subnet.of(InetAddress.ofLiteral("127.0.0.1"), 32)));
        rules.add(new AccessFilter.Rule(true, false, Subnet.of(InetAddress.ofLiteral("::1"), 128)));
        for (AccessRule r : config.controlAccessRules()) {
            rules.add(new AccessFilter.Rule(r.allow(), r.all(), r.subnet()));
        }
        return AccessFilter.of(rules);
    }

    /**
     * The view a reply is built from: what replies to clients say now, the engine's state and
     * sources (absent without sources), the served time.
     */
    static ControlView view(ReferenceState reference, SystemState state, NtpTimestamp now,
            List<SyncService.SourceView> sources, int minPoll, ControlView.Host host) {
        List<ControlView.Peer> peers = new ArrayList<>(sources.size());
        for (SyncService.SourceView s : sources) {
            peers.add(new ControlView.Peer(s.snapshot(), s.address() == null ? null : AddressText.of(s.address()
                    .getAddress()), s.address() == null ? 0 : s.address().getPort(), s.lastReply()));
        }
        return new ControlView(reference, state, now, peers, host, minPoll);
    }

    /** The smallest minpoll of the configured sources; 6 (ntpd's default) without sources. */
    static int minPoll(JntpConfig config) {
        return config.sources().stream().mapToInt(dev.jntp.config.SourceSpec::minPoll).min().orElse(6);
    }

    /** jntp's version (when the command line's build information is on the class path) and the host's system. */
    static ControlView.Host host() {
        String version = "jntp";
        try (InputStream in = ControlQueries.class.getClassLoader().getResourceAsStream(
                "dev/jntp/cli/version.properties")) {
            if (in != null) {
                Properties p = new Properties();
                p.load(in);
                version = "jntp " + p.getProperty("version", "").strip();
            }
        } catch (IOException e) {
            // the plain name will do
        }
        return new ControlView.Host(version.strip(), System.getProperty("os.arch", ""),
                System.getProperty("os.name", ""), System.getProperty("os.version", ""));
    }
}
