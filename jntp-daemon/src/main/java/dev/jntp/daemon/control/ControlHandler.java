// Answers one control request (a JSON line) with one JSON line.
package dev.jntp.daemon.control;

/** The daemon side of the control protocol. */
@FunctionalInterface
public interface ControlHandler {

    /** The reply to a request line; never throws for any input. */
    String handle(String requestLine);
}
