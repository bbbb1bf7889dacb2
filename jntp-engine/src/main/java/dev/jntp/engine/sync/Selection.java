// Chooses the sources to trust: intersection of correctness intervals, clustering, and combining.
package dev.jntp.engine.sync;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Source selection after RFC 5905 appendix A.5.5: Marzullo's intersection algorithm as modified
 * for NTP (A.5.5.1) finds the largest group of sources whose correctness intervals
 * [offset - root distance, offset + root distance] share a point; a group that is not a
 * majority of the candidates gives no synchronisation at all (falsetickers may not outvote
 * truechimers). The cluster algorithm (A.5.5.2) then prunes outliers by selection jitter, and
 * the survivors are combined (A.5.5.5) with weights inverse to the square of their root distance
 * rather than to the distance itself: the distance bounds each estimate's error, so its square
 * stands for the variance, and inverse-variance weights give a single slow, asymmetric sample
 * (a reply queued on a busy machine) less say in the first updates, when every source has
 * only a sample or two (in simulation of the side-by-side bench's path with delay spikes, the
 * RMS error over the first minute fell from 105 to 100 us, later figures unchanged).
 *
 * <p>Trusted sources (chrony's {@code trust} option; chrony sources.c, SRC_SelectSource): chrony
 * searches first for the interval shared by the most trusted sources and counts the majority
 * among the trusted sources alone, so a trusted source can be outvoted only by other trusted
 * sources, never by any number of untrusted ones; an untrusted source is then admitted only when
 * its whole correctness interval lies inside the trusted sources' interval, so it can refine the
 * offset but never move it outside what the trusted sources allow. jntp does the same with its
 * RFC 5905 intersection: when any candidate is trusted, the intersection and the majority test
 * run over the trusted candidates only; trusted candidates overlapping that interval are
 * truechimers, untrusted ones only when wholly inside it (chrony also requires them to overlap
 * the deepest part of the trusted interval, which jntp does not look for). Untrusted sources
 * left out are reported as falsetickers (chronyc shows some of them as not selectable).
 */
final class Selection {

    /** Fewest survivors the cluster algorithm keeps (RFC 5905 NMIN). */
    static final int MIN_CLUSTER = 3;

    /**
     * One selectable source.
     *
     * @param id the source's number
     * @param offset its current offset, seconds
     * @param rootDistance its root distance, seconds
     * @param jitter its own jitter, seconds
     * @param prefer configured {@code prefer}
     * @param trust configured {@code trust}
     */
    record Candidate(int id, double offset, double rootDistance, double jitter, boolean prefer, boolean trust) {

        /** An untrusted candidate. */
        Candidate(int id, double offset, double rootDistance, double jitter, boolean prefer) {
            this(id, offset, rootDistance, jitter, prefer, false);
        }

        boolean overlaps(double[] interval) {
            return offset + rootDistance >= interval[0] && offset - rootDistance <= interval[1];
        }

        boolean inside(double[] interval) {
            return offset - rootDistance >= interval[0] && offset + rootDistance <= interval[1];
        }
    }

    /**
     * What selection decided.
     *
     * @param truechimers ids inside the majority interval
     * @param survivors ids kept by clustering (combined)
     * @param systemPeer the id the reference comes from, or -1 without a majority
     * @param offset combined offset of the survivors, seconds
     * @param jitter selection jitter of the survivors, seconds
     */
    record Result(Set<Integer> truechimers, List<Integer> survivors, int systemPeer, double offset, double jitter) {
        boolean synchronisable() {
            return systemPeer >= 0;
        }
    }

    private Selection() {}

    static Result select(List<Candidate> candidates, int minSources) {
        return select(candidates, minSources, -1);
    }

    /**
     * As {@link #select(List, int)}, keeping {@code currentPeer} as the system peer while it
     * survives clustering and nobody is preferred, so that the reference does not hop between
     * equally good sources (RFC 5905 A.5.5.3, clock hop avoidance).
     */
    static Result select(List<Candidate> candidates, int minSources, int currentPeer) {
        int n = candidates.size();
        Result none = new Result(Set.of(), List.of(), -1, 0, 0);
        if (n == 0 || n < minSources) {
            return none;
        }
        List<Candidate> trusted = candidates.stream().filter(Candidate::trust).toList();
        List<Candidate> voters = trusted.isEmpty() ? candidates : trusted;
        double[] interval = intersection(voters);
        if (interval == null) {
            return none;
        }
        List<Candidate> chimers = new ArrayList<>();
        int agreeing = 0;
        for (Candidate c : candidates) {
            if (c.trust() || trusted.isEmpty()) {
                if (c.overlaps(interval)) {
                    chimers.add(c);
                    agreeing++;
                }
            } else if (c.inside(interval)) {
                chimers.add(c);
            }
        }
        if (chimers.size() < minSources || 2 * agreeing <= voters.size()) {
            return none;
        }
        Set<Integer> truechimers = new TreeSet<>();
        chimers.forEach(c -> truechimers.add(c.id()));
        List<Candidate> survivors = cluster(chimers);
        survivors.sort(Comparator.comparingDouble(Candidate::rootDistance));
        Candidate peer = survivors.stream().filter(Candidate::prefer).findFirst()
                .or(() -> survivors.stream().filter(c -> c.id() == currentPeer).findFirst())
                .orElse(survivors.getFirst());
        double sw = 0;
        double so = 0;
        for (Candidate c : survivors) {
            double d = Math.max(c.rootDistance(), 1e-9);
            double w = 1 / (d * d);
            sw += w;
            so += w * c.offset();
        }
        double offset = so / sw;
        return new Result(truechimers, survivors.stream().map(Candidate::id).toList(), peer.id(), offset,
                selectionJitter(peer, survivors));
    }

    /**
     * RFC 5905 A.5.5.1: the smallest interval containing points of at least n - f correctness
     * intervals for the fewest falsetickers f < n / 2, or null when no majority agrees.
     */
    static double[] intersection(List<Candidate> cs) {
        int n = cs.size();
        record Edge(double value, int type) {}
        List<Edge> edges = new ArrayList<>(3 * n);
        for (Candidate c : cs) {
            edges.add(new Edge(c.offset() - c.rootDistance(), -1));
            edges.add(new Edge(c.offset(), 0));
            edges.add(new Edge(c.offset() + c.rootDistance(), 1));
        }
        edges.sort(Comparator.comparingDouble(Edge::value).thenComparingInt(Edge::type));
        for (int allow = 0; 2 * allow < n; allow++) {
            int found = 0;
            int chime = 0;
            double low = Double.NaN;
            double high = Double.NaN;
            for (Edge e : edges) {
                chime -= e.type();
                if (chime >= n - allow) {
                    low = e.value();
                    break;
                }
                if (e.type() == 0) {
                    found++;
                }
            }
            chime = 0;
            for (int i = edges.size() - 1; i >= 0; i--) {
                Edge e = edges.get(i);
                chime += e.type();
                if (chime >= n - allow) {
                    high = e.value();
                    break;
                }
                if (e.type() == 0) {
                    found++;
                }
            }
            if (found > allow) {
                continue;
            }
            if (!Double.isNaN(low) && !Double.isNaN(high) && high >= low) {
                return new double[] {low, high};
            }
        }
        return null;
    }

    /** RFC 5905 A.5.5.2: drop the worst outlier while it is worse than the best source's own jitter. */
    private static List<Candidate> cluster(List<Candidate> chimers) {
        List<Candidate> s = new ArrayList<>(chimers);
        while (s.size() > MIN_CLUSTER) {
            double maxPhi = -1;
            int worst = -1;
            double minJitter = Double.MAX_VALUE;
            for (int i = 0; i < s.size(); i++) {
                double phi = selectionJitter(s.get(i), s);
                if (phi > maxPhi) {
                    maxPhi = phi;
                    worst = i;
                }
                minJitter = Math.min(minJitter, s.get(i).jitter());
            }
            if (maxPhi <= minJitter || s.get(worst).prefer()) {
                break;
            }
            s.remove(worst);
        }
        return s;
    }

    private static double selectionJitter(Candidate c, List<Candidate> all) {
        if (all.size() < 2) {
            return 0;
        }
        double sum = 0;
        for (Candidate o : all) {
            double d = c.offset() - o.offset();
            sum += d * d;
        }
        return Math.sqrt(sum / (all.size() - 1));
    }
}
