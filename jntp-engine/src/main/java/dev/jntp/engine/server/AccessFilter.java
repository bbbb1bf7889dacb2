// Decides which client addresses the server answers, with chrony's allow/deny semantics.
package dev.jntp.engine.server;

import dev.jntp.proto.Subnet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Allow/deny filtering as chrony's {@code allow} and {@code deny} directives: the rule with the
 * most specific subnet that holds the address decides; a later rule for the same subnet replaces
 * an earlier one; a rule with {@code all} also removes every earlier rule for a subnet inside its
 * own. With no matching rule the address is denied. IPv4-mapped IPv6 addresses count as IPv4.
 *
 * <p>Lookups cost one hash probe per distinct prefix length in use, from the longest down.
 * Immutable and safe to share between threads.
 */
public final class AccessFilter {

    /** One allow or deny rule; a null subnet means every address of both families. */
    public record Rule(boolean allow, boolean all, Subnet subnet) {}

    /** Per address family: prefix lengths in use (longest first) and the decision per network. */
    private final Family v4;
    private final Family v6;

    private AccessFilter(Family v4, Family v6) {
        this.v4 = v4;
        this.v6 = v6;
    }

    /** A filter that denies everything. */
    public static AccessFilter denyAll() {
        return of(List.of());
    }

    /** The filter that applies {@code rules} in order. */
    public static AccessFilter of(List<Rule> rules) {
        Map<Subnet, Boolean> table = new LinkedHashMap<>();
        for (Rule r : rules) {
            if (r.subnet() == null) {
                apply(table, new Rule(r.allow(), r.all(), Subnet.allIpv4()));
                apply(table, new Rule(r.allow(), r.all(), Subnet.allIpv6()));
            } else {
                apply(table, r);
            }
        }
        return new AccessFilter(Family.build(table, false), Family.build(table, true));
    }

    private static void apply(Map<Subnet, Boolean> table, Rule r) {
        Subnet s = r.subnet();
        if (r.all()) {
            for (Iterator<Subnet> it = table.keySet().iterator(); it.hasNext(); ) {
                Subnet t = it.next();
                if (t.isIpv6() == s.isIpv6() && t.prefixLength() >= s.prefixLength() && s.contains(t.network())) {
                    it.remove();
                }
            }
        }
        table.put(s, r.allow());
    }

    /** Whether a client at {@code address} (4 or 16 octets) may be answered. */
    public boolean allows(byte[] address) {
        byte[] a = Subnet.canonical(address);
        return a.length == 4 ? v4.allows(a) : a.length == 16 && v6.allows(a);
    }

    /** Decisions for one address family. */
    private record Family(int[] lengths, List<Map<Key, Boolean>> byLength) {

        static Family build(Map<Subnet, Boolean> table, boolean ipv6) {
            Map<Integer, Map<Key, Boolean>> m = new HashMap<>();
            for (Map.Entry<Subnet, Boolean> e : table.entrySet()) {
                Subnet s = e.getKey();
                if (s.isIpv6() == ipv6) {
                    m.computeIfAbsent(s.prefixLength(), k -> new HashMap<>()).put(Key.of(s.network()), e.getValue());
                }
            }
            int[] lengths = m.keySet().stream().mapToInt(Integer::intValue).sorted().toArray();
            List<Map<Key, Boolean>> maps = new ArrayList<>();
            int[] desc = new int[lengths.length];
            for (int i = 0; i < lengths.length; i++) {
                desc[i] = lengths[lengths.length - 1 - i];
                maps.add(Map.copyOf(m.get(desc[i])));
            }
            return new Family(desc, List.copyOf(maps));
        }

        boolean allows(byte[] address) {
            for (int i = 0; i < lengths.length; i++) {
                Boolean d = byLength.get(i).get(Key.of(Subnet.mask(address, lengths[i])));
                if (d != null) {
                    return d;
                }
            }
            return false;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Family f && Arrays.equals(f.lengths, lengths) && f.byLength.equals(byLength);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(lengths);
        }

        @Override
        public String toString() {
            return "Family" + Arrays.toString(lengths);
        }
    }

    /** An address of up to 16 octets as two longs. */
    private record Key(long hi, long lo) {
        static Key of(byte[] a) {
            long hi = 0;
            long lo = 0;
            for (int i = 0; i < a.length; i++) {
                if (i < a.length - 8) {
                    hi = (hi << 8) | (a[i] & 0xFF);
                } else {
                    lo = (lo << 8) | (a[i] & 0xFF);
                }
            }
            return new Key(hi, lo);
        }
    }
}
