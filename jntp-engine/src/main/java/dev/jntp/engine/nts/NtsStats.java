// Thread-safe NTS counters, read by serverstats as an immutable snapshot.
package dev.jntp.engine.nts;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/** Counters per {@link NtsCounter}; cheap to increment from the socket threads and the NTS-KE connections. */
public final class NtsStats {

    private final LongAdder[] counters = new LongAdder[NtsCounter.values().length];

    public NtsStats() {
        for (int i = 0; i < counters.length; i++) {
            counters[i] = new LongAdder();
        }
    }

    /** Adds one to a counter. */
    public void increment(NtsCounter c) {
        counters[c.ordinal()].increment();
    }

    /** The current value of a counter. */
    public long get(NtsCounter c) {
        return counters[c.ordinal()].sum();
    }

    /** Every counter, read now, in declaration order. */
    public Map<NtsCounter, Long> snapshot() {
        Map<NtsCounter, Long> m = new EnumMap<>(NtsCounter.class);
        for (NtsCounter c : NtsCounter.values()) {
            m.put(c, get(c));
        }
        return Collections.unmodifiableMap(m);
    }
}
