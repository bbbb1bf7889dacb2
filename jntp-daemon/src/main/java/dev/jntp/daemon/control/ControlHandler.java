// Answers one control request (a JSON line) with one JSON line.
package dev.jntp.daemon.control;

/** The daemon side of the control protocol. */
@FunctionalInterface
public interface ControlHandler {

    /** The reply to a request line; never throws for any input. */
    String handle(String requestLine);

    /**
     * The reply to a request line from the process {@code peer} (its user and group from the socket's
     * SO_PEERCRED; null when the platform does not tell), for handlers that let only some users change
     * things; never throws for any input.
     */
    default String handle(String requestLine, java.nio.file.attribute.UserPrincipal peer) {
        return handle(requestLine);
    }
}
