// The immutable state a mode 6 reply is built from: what the server serves, the engine's figures, the sources.
package dev.jntp.engine.control;

import dev.jntp.engine.server.ReferenceState;
import dev.jntp.engine.sync.SourceReply;
import dev.jntp.engine.sync.SourceSnapshot;
import dev.jntp.engine.sync.SystemState;
import dev.jntp.proto.NtpTimestamp;
import java.util.List;
import java.util.Objects;

/**
 * A snapshot for {@link ControlResponder}, taken by the daemon when a query arrives.
 *
 * @param reference what replies to clients say about this server now (leap, stratum, reference ID, root figures)
 * @param system the synchronisation engine's state, or null when there are no sources
 * @param clock the served time now (ntpq's {@code clock} variable)
 * @param peers the sources, in association order
 * @param host what the server says about itself (version and operating system)
 * @param minPoll the smallest configured minpoll, log2 seconds (ntpq's {@code mintc})
 */
public record ControlView(ReferenceState reference, SystemState system, NtpTimestamp clock, List<Peer> peers,
        Host host, int minPoll) {

    public ControlView {
        Objects.requireNonNull(reference, "reference");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(host, "host");
        peers = List.copyOf(peers);
    }

    /**
     * One source as an association. Its association id is the source id plus one, since 0 means
     * the system.
     *
     * @param snapshot the engine's view of the source
     * @param address the source's address as operators write it (127.0.0.1, ::1), or null if unknown
     * @param port the source's UDP port
     * @param reply the header of its last valid reply, or null before one
     */
    public record Peer(SourceSnapshot snapshot, String address, int port, SourceReply reply) {

        public Peer {
            Objects.requireNonNull(snapshot, "snapshot");
        }

        /** The association id ntpq uses for this source. */
        public int associationId() {
            return snapshot.id() + 1;
        }
    }

    /**
     * ntpq's {@code version}, {@code processor}, {@code system} and {@code release} variables.
     *
     * @param version the program and its version, e.g. {@code jntp 0.1.0}
     * @param processor the machine, e.g. {@code amd64}
     * @param system the operating system, e.g. {@code Linux}
     * @param release the operating system's release
     */
    public record Host(String version, String processor, String system, String release) {}

    /** The peer with association id {@code associationId}, or null. */
    Peer peer(int associationId) {
        for (Peer p : peers) {
            if (p.associationId() == associationId) {
                return p;
            }
        }
        return null;
    }
}
