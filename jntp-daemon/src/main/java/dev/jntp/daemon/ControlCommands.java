// The control socket's commands beyond tracking: status for every user who may connect, changes for root and the daemon's own user.
package dev.jntp.daemon;

import dev.jntp.daemon.control.ControlMessages;
import dev.jntp.daemon.control.ControlProtocol;
import dev.jntp.daemon.sync.SourceControl;
import dev.jntp.daemon.sync.SyncService;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Predicate;

/**
 * Who may do what, decided per request from the peer's credentials (SO_PEERCRED, see
 * ControlServer): reaching the socket at all is governed by its file mode (0660, in a 0750
 * directory: root, the daemon's user and its group); the status commands ({@link #STATUS}) only
 * read published snapshots and answer everyone who got that far; the commands that change the
 * daemon ({@link #CHANGES}) answer only root and the user the daemon runs as. So an operator in
 * the daemon's group can watch but not steer it, as with chrony, whose socket commands are all
 * open to its group but where {@code chronyc} run by another user may only monitor. A refusal
 * names the command and the user, and is counted in {@code serverstats}.
 */
final class ControlCommands {

    /** Commands that read state. */
    static final Set<String> STATUS = Set.of("sources", "sourcestats", "ntpdata", "clients", "serverstats", "activity",
            "authdata");
    /** Commands that change the daemon. */
    static final Set<String> CHANGES = Set.of("add", "delete", "online", "offline", "burst", "makestep", "reload");
    /** Clients listed at most (the reply stays far below the client's 1 MiB limit). */
    static final int MAX_CLIENTS = 1000;

    private final NtpDaemon daemon;
    private final Predicate<UserPrincipal> mayChange;
    private final LongAdder requests = new LongAdder();
    private final LongAdder refused = new LongAdder();

    /** Changes allowed to root and to the daemon's own user. */
    ControlCommands(NtpDaemon daemon) {
        this(daemon, rootOrSelf());
    }

    ControlCommands(NtpDaemon daemon, Predicate<UserPrincipal> mayChange) {
        this.daemon = daemon;
        this.mayChange = mayChange;
    }

    /** Whether a peer may change the daemon: root or this process's user; an unknown peer may not. */
    static Predicate<UserPrincipal> rootOrSelf() {
        UserPrincipal root = null;
        UserPrincipal self = null;
        try {
            root = FileSystems.getDefault().getUserPrincipalLookupService().lookupPrincipalByName("root");
        } catch (IOException | UnsupportedOperationException e) {
            // no user named root: only the daemon's own user
        }
        try {
            self = Files.getOwner(Path.of("/proc/self")); // owned by the process's effective user
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            // not Linux: root only
        }
        return allowed(root, self);
    }

    /** A peer equal to {@code root} or {@code self} (either may be null). */
    static Predicate<UserPrincipal> allowed(UserPrincipal root, UserPrincipal self) {
        return peer -> peer != null && (peer.equals(root) || peer.equals(self));
    }

    /** Whether this class answers {@code command}. */
    static boolean knows(String command) {
        return STATUS.contains(command) || CHANGES.contains(command);
    }

    /** Counts a request of any command (serverstats' "command requests received"). */
    void counted() {
        requests.increment();
    }

    /** The reply to a request line for one of {@link #STATUS} or {@link #CHANGES}; never throws. */
    String handle(String line, UserPrincipal peer) {
        ControlMessages.Request r = ControlMessages.parse(line);
        if (r.error() != null) {
            return ControlProtocol.error(r.error());
        }
        String command = r.command();
        if (CHANGES.contains(command) && !mayChange.test(peer)) {
            refused.increment();
            return ControlProtocol.error("'" + command + "' changes the daemon, which only root and the daemon's own"
                    + " user may do" + (peer == null ? "" : " (this request came from " + peer.getName() + ")"));
        }
        try {
            return ControlMessages.ok(command, answer(command, r.args()));
        } catch (SourceControl.Refused e) {
            return ControlProtocol.error(e.getMessage());
        } catch (RuntimeException e) {
            return ControlProtocol.error(command + " failed: " + e);
        }
    }

    private Map<String, ?> answer(String command, List<String> args) throws SourceControl.Refused {
        long now = daemon.nowNanos();
        return switch (command) {
            case "sources" -> StatusReplies.sources(daemon.sources(), now);
            case "sourcestats" -> StatusReplies.sourceStats(daemon.sources());
            case "ntpdata" -> StatusReplies.ntpData(selected(args), daemon.rxTimestamping(), daemon.txTimestamping());
            case "clients" -> StatusReplies.clients(daemon.clientLog(), now, MAX_CLIENTS);
            case "serverstats" -> dev.jntp.daemon.nts.NtsService.addCounters(StatusReplies.serverStats(
                    daemon.stats().snapshot(), requests.sum(), refused.sum(), daemon.clientLog().evicted()),
                    daemon.nts().map(n -> n.stats().snapshot()).orElse(null));
            case "activity" -> StatusReplies.activity(daemon.sources(), daemon.unresolvedSources());
            case "authdata" -> AuthDataReply.of(daemon.sources(), now);
            case "add" -> done(control().add(args));
            case "delete" -> done(control().delete(one(args, "delete ADDRESS|NAME")));
            case "online", "offline" -> done(control().setOnline(optional(args, command), command.equals("online")));
            case "burst" -> done(control().burst(optional(args, command)));
            case "makestep" -> {
                double step = control().makeStep();
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("step_seconds", step);
                m.put("monitor_mode", daemon.monitorMode());
                yield m;
            }
            case "reload" -> {
                if (!args.equals(List.of("sources"))) {
                    throw new SourceControl.Refused("write 'reload sources'");
                }
                yield done(control().reloadSources());
            }
            default -> throw new SourceControl.Refused("unknown command '" + command + "'");
        };
    }

    /** The sources {@code ntpdata} shows: all, or the one named by address or name. */
    private List<SyncService.SourceView> selected(List<String> args) throws SourceControl.Refused {
        String target = optional(args, "ntpdata");
        List<SyncService.SourceView> all = daemon.sources();
        if (target == null) {
            return all;
        }
        List<SyncService.SourceView> out = all.stream().filter(v -> v.snapshot().name().equalsIgnoreCase(target)
                || (v.address() != null && (AddressText.of(v.address().getAddress()).equals(target)
                        || AddressText.of(v.address()).equals(target)))).toList();
        if (out.isEmpty()) {
            throw new SourceControl.Refused("no source " + target + " (see 'jntp sources')");
        }
        return out;
    }

    private SourceControl control() throws SourceControl.Refused {
        SourceControl c = daemon.sourceControl();
        if (c == null) {
            throw new SourceControl.Refused("this daemon does not synchronise to sources (its configuration has no"
                    + " server, pool or sourcedir line), so it has none to change");
        }
        return c;
    }

    private static Map<String, Object> done(SourceControl.Done d) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("message", d.message());
        m.put("sources", d.sources());
        m.put("problems", d.problems());
        return m;
    }

    private static String one(List<String> args, String usage) throws SourceControl.Refused {
        if (args.size() != 1) {
            throw new SourceControl.Refused("write '" + usage + "'");
        }
        return args.getFirst();
    }

    private static String optional(List<String> args, String command) throws SourceControl.Refused {
        if (args.size() > 1) {
            throw new SourceControl.Refused("write '" + command + " [ADDRESS|NAME]'");
        }
        return args.isEmpty() ? null : args.getFirst();
    }
}
