// Scenario: three site servers in orphan mode lose their shared upstream, stay together, and follow it again when it returns.
package dev.jntp.testkit.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jntp.engine.sync.LocalReference;
import dev.jntp.engine.sync.SourceConfig;
import dev.jntp.engine.sync.SyncSettings;
import dev.jntp.engine.sync.SystemState;
import dev.jntp.proto.ReferenceId;
import dev.jntp.testkit.ScriptedServer;
import dev.jntp.testkit.SimNetwork;
import dev.jntp.testkit.SimScheduler;
import dev.jntp.testkit.SimulatedClient;
import dev.jntp.testkit.SimulatedClock;
import dev.jntp.testkit.Seeds;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Three simulated jntp servers, each with {@code local stratum 8 orphan}, a server line for the
 * shared stratum 1 upstream and one for each other (chrony's orphan set-up, chrony.conf(5)
 * {@code local}). Each answers NTP from its engine's state. Their clocks start with different
 * offsets and frequency errors.
 */
class OrphanScenarioTest {

    private static final int LOCAL_STRATUM = 8;
    private static final int SERVERS = 3;

    private final long seed = Lan.seed("orphan");
    private final SimScheduler scheduler = SimScheduler.startingAt(Lan.START);
    private final SimNetwork net = new SimNetwork(scheduler, seed).defaultPath(Lan.lanPath());
    private final List<SimulatedClient> sites = new ArrayList<>();
    private final List<SimulatedClock> clocks = new ArrayList<>();
    private final List<ReferenceId> ids = new ArrayList<>();

    private static InetAddress site(int i) {
        return InetAddress.ofLiteral("192.0.2." + (i + 1));
    }

    private ScriptedServer build() {
        ScriptedServer upstream = ScriptedServer.builder(net,
                new InetSocketAddress(InetAddress.ofLiteral("198.51.100.1"), 123)).build();
        double[] offsets = {0.05, -0.03, 0.02};
        double[] drifts = {20, -15, 35};
        for (int i = 0; i < SERVERS; i++) {
            SimulatedClock clock = SimulatedClock.builder(scheduler.time()).offset(offsets[i])
                    .frequencyErrorPpm(drifts[i]).wander(1e-10, Seeds.derive(seed, "wander " + i)).build();
            SimulatedClient c = new SimulatedClient(scheduler, net, new InetSocketAddress(site(i), 50123), clock,
                    SyncSettings.defaults(), 0, Seeds.derive(seed, "site " + i)).serve(net,
                    new InetSocketAddress(site(i), 123));
            ReferenceId id = ReferenceId.ofAddress(site(i).getAddress());
            c.engine().setLocalReference(new LocalReference(LOCAL_STRATUM, true, id));
            clocks.add(clock);
            sites.add(c);
            ids.add(id);
        }
        for (int i = 0; i < SERVERS; i++) {
            sites.get(i).addServer(upstream.address(), SourceConfig.defaults("upstream").withIburst(true));
            for (int j = 0; j < SERVERS; j++) {
                if (j != i) {
                    sites.get(i).addServer(new InetSocketAddress(site(j), 123),
                            SourceConfig.defaults("site" + j).withIburst(true));
                }
            }
        }
        return upstream;
    }

    /** Largest difference between the sites' true clock offsets, seconds. */
    private double spread() {
        double min = Double.MAX_VALUE;
        double max = -Double.MAX_VALUE;
        for (SimulatedClock c : clocks) {
            min = Math.min(min, c.trueOffset());
            max = Math.max(max, c.trueOffset());
        }
        return max - min;
    }

    private double worstTrueOffset() {
        return clocks.stream().mapToDouble(c -> Math.abs(c.trueOffset())).max().orElseThrow();
    }

    /** Whether site 0 (the smallest ID) serves its clock at stratum 8 and the others follow it at 9. */
    private boolean settledAsOrphans() {
        if (!sites.getFirst().state().servesLocalReference() || sites.getFirst().state().stratum() != LOCAL_STRATUM) {
            return false;
        }
        for (int i = 1; i < SERVERS; i++) {
            SystemState st = sites.get(i).state();
            if (!st.synchronised() || st.stratum() != LOCAL_STRATUM + 1 || !st.referenceId().equals(ids.getFirst())) {
                return false;
            }
        }
        return true;
    }

    private void assertFollowingUpstream(String when) {
        for (int i = 0; i < SERVERS; i++) {
            SystemState st = sites.get(i).state();
            assertThat(st.synchronised()).as("seed %d, %s: site %d %s", seed, when, i, st).isTrue();
            assertThat(st.servesLocalReference()).isFalse();
            assertThat(st.stratum()).as("seed %d, %s: site %d", seed, when, i).isBetween(2, 3);
        }
        assertThat(worstTrueOffset()).as("seed %d, %s: worst true offset", seed, when).isLessThan(1e-3);
    }

    @Test
    void orphans_upstreamLostThenBack_smallestIdServesStratum8OthersFollowAt9ThenAllFollowTheUpstream() {
        ScriptedServer upstream = build();
        scheduler.runFor(Duration.ofHours(2));
        assertFollowingUpstream("upstream reachable");

        upstream.goAway();
        long lost = scheduler.now();
        long settledAt = -1;
        // The upstream is unreachable after 8 polls of up to 1024 s; the loops then count up to stratum 8.
        for (int minute = 0; minute < 5 * 60 && settledAt < 0; minute++) {
            scheduler.runFor(Duration.ofMinutes(1));
            if (settledAsOrphans()) {
                settledAt = scheduler.now();
            }
        }
        assertThat(settledAt).as("seed %d: settled as orphans within 5 h: %s", seed,
                sites.stream().map(SimulatedClient::state).toList()).isPositive();
        // Watched for four hours: the roles hold and the followers stay with the leader.
        double worstSpread = 0;
        for (int minute = 0; minute < 4 * 60; minute++) {
            scheduler.runFor(Duration.ofMinutes(1));
            assertThat(settledAsOrphans()).as("seed %d: roles held at +%d min: %s", seed, minute,
                    sites.stream().map(SimulatedClient::state).toList()).isTrue();
            worstSpread = Math.max(worstSpread, spread());
        }
        double driftFromUtc = Math.abs(clocks.getFirst().trueOffset());
        System.out.printf("orphans: settled %.0f s after the upstream left; worst spread over 4 h %.1f us; "
                + "leader %.1f us from UTC%n", (settledAt - lost) / 1e9, worstSpread * 1e6, driftFromUtc * 1e6);
        assertThat(worstSpread).as("seed %d: sites stay together", seed).isLessThan(0.5e-3);

        upstream.comeBack();
        scheduler.runFor(Duration.ofHours(3));
        assertFollowingUpstream("upstream back");
    }
}
