// The server's set of cookie keys and their rotation: the current key, the next one, and the previous ones.
package dev.jntp.engine.nts;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * An immutable set of {@link CookieKey}s ordered by {@code activeFrom}. RFC 8915 section 6
 * recommends that servers rotate the key that seals cookies and keep old keys long enough for
 * clients to trade their cookies for new ones; this class does that by time:
 *
 * <ul>
 *   <li>The <em>current</em> key, which seals new cookies, is the latest with {@code activeFrom}
 *       at or before now.
 *   <li>{@link #rotate} keeps one <em>next</em> key, generated half an interval or more before
 *       it takes over. Servers that share the key file (ntsdumpdir) and read it more often than
 *       that all know a key before any of them seals with it, so each accepts the others'
 *       cookies (chrony keeps a "future" key for the same purpose).
 *   <li>The {@value #PREVIOUS_KEPT} keys before the current one stay for opening cookies: a
 *       cookie stays valid two to three intervals after it was issued, as with chrony's
 *       {@code ntsrotate}.
 * </ul>
 * Pure: time and randomness come in as arguments.
 */
public final class CookieKeys {

    /** Retired keys still accepted. */
    public static final int PREVIOUS_KEPT = 2;
    /** The most keys a set holds (a merged key file cannot grow it without bound). */
    public static final int MAX_KEYS = 8;

    private static final Comparator<CookieKey> ORDER = Comparator.comparingLong(CookieKey::activeFrom)
            .thenComparingLong(CookieKey::id);

    private final List<CookieKey> keys;

    private CookieKeys(List<CookieKey> keys) {
        List<CookieKey> sorted = new ArrayList<>(keys);
        sorted.sort(ORDER);
        this.keys = List.copyOf(sorted);
    }

    /** No keys. */
    public static CookieKeys empty() {
        return new CookieKeys(List.of());
    }

    /** These keys (ids must differ); the oldest are dropped beyond {@link #MAX_KEYS}. */
    public static CookieKeys of(List<CookieKey> keys) {
        Map<Long, CookieKey> byId = new LinkedHashMap<>();
        for (CookieKey k : keys) {
            if (byId.putIfAbsent(k.id(), k) != null) {
                throw new IllegalArgumentException(String.format("key id %08x appears twice", k.id()));
            }
        }
        List<CookieKey> sorted = new ArrayList<>(byId.values());
        sorted.sort(ORDER);
        return new CookieKeys(sorted.subList(Math.max(0, sorted.size() - MAX_KEYS), sorted.size()));
    }

    /** The keys, oldest first. */
    public List<CookieKey> keys() {
        return keys;
    }

    public boolean isEmpty() {
        return keys.isEmpty();
    }

    /**
     * The key that seals new cookies at {@code nowSeconds}: the latest already active, or the
     * earliest when none is (the clock went back); empty without keys.
     */
    public Optional<CookieKey> current(long nowSeconds) {
        CookieKey best = null;
        for (CookieKey k : keys) {
            if (k.activeFrom() <= nowSeconds) {
                best = k;
            }
        }
        return Optional.ofNullable(best != null ? best : keys.isEmpty() ? null : keys.getFirst());
    }

    /** The key with this id. */
    public Optional<CookieKey> find(long id) {
        for (CookieKey k : keys) {
            if (k.id() == id) {
                return Optional.of(k);
            }
        }
        return Optional.empty();
    }

    /**
     * These keys plus those of {@code other} whose ids are not here (on the same id, this set's
     * key wins); the oldest are dropped beyond {@link #MAX_KEYS}.
     */
    public CookieKeys merge(CookieKeys other) {
        List<CookieKey> all = new ArrayList<>(keys);
        for (CookieKey k : other.keys) {
            if (find(k.id()).isEmpty()) {
                all.add(k);
            }
        }
        return of(all);
    }

    /**
     * The set after rotation at {@code nowSeconds} with an interval of {@code intervalSeconds}:
     * a current key and a next key exist (created when missing), and of the keys before the
     * current one only {@value #PREVIOUS_KEPT} remain. The next key takes over one interval
     * after the current one did, but never sooner than half an interval from now. With an
     * interval of 0 (no rotation, {@code ntsrotate 0}) the set is returned as it is, except that
     * an empty set gets one key.
     *
     * @return this very set when nothing changed
     */
    public CookieKeys rotate(long nowSeconds, long intervalSeconds, RandomGenerator random) {
        if (intervalSeconds < 0) {
            throw new IllegalArgumentException("negative interval");
        }
        List<CookieKey> out = new ArrayList<>(keys);
        if (out.isEmpty()) {
            out.add(generate(nowSeconds, out, random));
        }
        if (intervalSeconds == 0) {
            return out.size() == keys.size() ? this : of(out);
        }
        CookieKey current = of(out).current(nowSeconds).orElseThrow();
        boolean hasNext = out.stream().anyMatch(k -> k.activeFrom() > nowSeconds);
        if (!hasNext) {
            long at = Math.max(current.activeFrom() + intervalSeconds, nowSeconds + Math.max(1, intervalSeconds / 2));
            out.add(generate(at, out, random));
        }
        out.sort(ORDER);
        int currentIndex = out.indexOf(current);
        List<CookieKey> kept = out.subList(Math.max(0, currentIndex - PREVIOUS_KEPT), out.size());
        if (kept.equals(keys)) {
            return this;
        }
        return of(kept);
    }

    /** A new random key with an id no key in {@code existing} has. */
    private static CookieKey generate(long activeFrom, List<CookieKey> existing, RandomGenerator random) {
        byte[] key = new byte[CookieKey.LENGTH];
        random.nextBytes(key);
        long id;
        do {
            id = random.nextInt() & 0xFFFF_FFFFL;
        } while (idTaken(id, existing));
        return new CookieKey(id, activeFrom, key);
    }

    private static boolean idTaken(long id, List<CookieKey> existing) {
        for (CookieKey k : existing) {
            if (k.id() == id) {
                return true;
            }
        }
        return false;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CookieKeys k && k.keys.equals(keys);
    }

    @Override
    public int hashCode() {
        return keys.hashCode();
    }

    @Override
    public String toString() {
        return "CookieKeys" + keys;
    }
}
