// The daemon's answers on the control socket: dispatches each command to the snapshot it reads.
package dev.jntp.daemon;

import dev.jntp.daemon.control.ControlHandler;
import dev.jntp.daemon.control.ControlProtocol;
import dev.jntp.daemon.control.Health;
import dev.jntp.daemon.control.Tracking;
import java.util.function.Supplier;

/**
 * {@code tracking} here; the other status commands and the commands that change the daemon in
 * {@link ControlCommands}, which also decides who may change it.
 */
final class DaemonControl implements ControlHandler {

    private final Supplier<Tracking> tracking;
    private final Supplier<Health> health;
    /** The commands beyond tracking and health, or null. */
    private final ControlCommands more;

    DaemonControl(Supplier<Tracking> tracking, Supplier<Health> health) {
        this(tracking, health, null);
    }

    DaemonControl(Supplier<Tracking> tracking, Supplier<Health> health, ControlCommands more) {
        this.tracking = tracking;
        this.health = health;
        this.more = more;
    }

    @Override
    public String handle(String requestLine) {
        return handle(requestLine, null);
    }

    @Override
    public String handle(String requestLine, java.nio.file.attribute.UserPrincipal peer) {
        if (more != null) {
            more.counted();
        }
        ControlProtocol.Request r = ControlProtocol.parse(requestLine);
        if (r.error() != null) {
            return ControlProtocol.error(r.error());
        }
        return switch (r.command()) {
            case "tracking" -> ControlProtocol.tracking(tracking.get());
            case Health.COMMAND -> ControlProtocol.reply(Health.COMMAND, health.get().data());
            case String c when more != null && ControlCommands.knows(c) -> more.handle(requestLine, peer);
            default -> ControlProtocol.error("unknown command '" + r.command().replaceAll("[^ -~]", "?")
                    + "' (this daemon knows: tracking, health" + (more == null ? "" : ", " + String.join(", ",
                            java.util.stream.Stream.concat(ControlCommands.STATUS.stream(),
                                    ControlCommands.CHANGES.stream()).sorted().toList())) + ")");
        };
    }
}
