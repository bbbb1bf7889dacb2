// Supplies the server's reference state at the moment a request is answered.
package dev.jntp.engine.server;

import dev.jntp.proto.NtpTimestamp;

/** The server's view of its own synchronisation, read once per reply. */
@FunctionalInterface
public interface ReferenceProvider {

    /** The state to put in a reply to a request received at {@code now}. */
    ReferenceState at(NtpTimestamp now);

    /** Always unsynchronised. */
    static ReferenceProvider unsynchronised(int precision) {
        ReferenceState s = ReferenceState.unsynchronised(precision);
        return now -> s;
    }

    /** The local clock at a fixed stratum ({@code local stratum N}). */
    static ReferenceProvider local(int stratum, int precision) {
        return now -> ReferenceState.local(stratum, precision, now);
    }
}
