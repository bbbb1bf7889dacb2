// Thread-safe counters for the NTP server, read by status commands as an immutable snapshot.
package dev.jntp.engine.server;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/** Counters per {@link ServerCounter}; cheap to increment from several socket threads. */
public final class ServerStats {

    private final LongAdder[] counters = new LongAdder[ServerCounter.values().length];

    public ServerStats() {
        for (int i = 0; i < counters.length; i++) {
            counters[i] = new LongAdder();
        }
    }

    /** Adds one to a counter. */
    public void increment(ServerCounter c) {
        counters[c.ordinal()].increment();
    }

    /** The current value of a counter. */
    public long get(ServerCounter c) {
        return counters[c.ordinal()].sum();
    }

    /** Every counter, read now, in declaration order. */
    public Map<ServerCounter, Long> snapshot() {
        Map<ServerCounter, Long> m = new EnumMap<>(ServerCounter.class);
        for (ServerCounter c : ServerCounter.values()) {
            m.put(c, get(c));
        }
        return java.util.Collections.unmodifiableMap(m);
    }
}
