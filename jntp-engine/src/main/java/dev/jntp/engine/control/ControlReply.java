// What the mode 6 responder makes of one datagram: reply datagrams, or nothing and why.
package dev.jntp.engine.control;

import dev.jntp.proto.ControlError;
import java.util.List;

/** Either {@link Answer} or {@link Dropped}; {@link ControlResponder#respond} never throws. */
public sealed interface ControlReply {

    /**
     * Datagrams to send back, in order (several when the reply is fragmented).
     *
     * @param datagrams the encoded fragments
     * @param error the error the reply carries, or null for a normal reply
     */
    record Answer(List<byte[]> datagrams, ControlError error) implements ControlReply {
        public Answer {
            datagrams = List.copyOf(datagrams);
        }
    }

    /** Nothing to send: not a control request jntp answers. */
    record Dropped(String reason) implements ControlReply {}
}
