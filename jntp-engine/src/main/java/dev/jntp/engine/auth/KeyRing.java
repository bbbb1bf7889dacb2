// The symmetric keys a daemon knows, by key id: what signs and checks the MACs of NTP packets.
package dev.jntp.engine.auth;

import dev.jntp.proto.SymmetricKey;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * An immutable set of {@link SymmetricKey}s by id, safe to share between threads. A key id given
 * twice keeps the later key (the key file parser reports duplicates as errors before this).
 */
public final class KeyRing {

    /** No keys: every MAC is from an unknown key. */
    public static final KeyRing EMPTY = new KeyRing(Map.of());

    private final Map<Long, SymmetricKey> keys;

    private KeyRing(Map<Long, SymmetricKey> keys) {
        this.keys = keys;
    }

    /** A ring of {@code keys}. */
    public static KeyRing of(Collection<SymmetricKey> keys) {
        Map<Long, SymmetricKey> m = new HashMap<>();
        for (SymmetricKey k : keys) {
            m.put(k.id(), k);
        }
        return new KeyRing(Map.copyOf(m));
    }

    /** The key with this id, if known. */
    public Optional<SymmetricKey> key(long id) {
        return Optional.ofNullable(keys.get(id));
    }

    /** Number of keys. */
    public int size() {
        return keys.size();
    }

    @Override
    public String toString() {
        return "KeyRing[" + keys.size() + " keys]";
    }
}
