// The daemon's answers on the control socket: dispatches each command to the snapshot it reads.
package dev.jntp.daemon;

import dev.jntp.daemon.control.ControlHandler;
import dev.jntp.daemon.control.ControlProtocol;
import dev.jntp.daemon.control.Health;
import dev.jntp.daemon.control.Tracking;
import java.util.function.Supplier;

/** Read-only commands; each reads an immutable snapshot and never changes the daemon. */
final class DaemonControl implements ControlHandler {

    private final Supplier<Tracking> tracking;
    private final Supplier<Health> health;

    DaemonControl(Supplier<Tracking> tracking, Supplier<Health> health) {
        this.tracking = tracking;
        this.health = health;
    }

    @Override
    public String handle(String requestLine) {
        ControlProtocol.Request r = ControlProtocol.parse(requestLine);
        if (r.error() != null) {
            return ControlProtocol.error(r.error());
        }
        return switch (r.command()) {
            case "tracking" -> ControlProtocol.tracking(tracking.get());
            case Health.COMMAND -> ControlProtocol.reply(Health.COMMAND, health.get().data());
            default -> ControlProtocol.error("unknown command '" + r.command().replaceAll("[^ -~]", "?")
                    + "' (this daemon knows: tracking, health)");
        };
    }
}
