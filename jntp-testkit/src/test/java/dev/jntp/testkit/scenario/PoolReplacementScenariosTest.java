// Scenarios of a pool whose bad members are replaced by fresh addresses, in simulated time with their numbers asserted.
package dev.jntp.testkit.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jntp.engine.sync.SourceSnapshot;
import dev.jntp.engine.sync.SourceState;
import dev.jntp.testkit.Accuracy;
import dev.jntp.testkit.ScriptedServer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Four pool members and spare addresses of the pool's name: the client replaces the members
 * the engine offers (unreachable, persistent falseticker) by spares, as the daemon does after
 * re-resolving the name, and must stay synchronised within the bounds of the other scenarios.
 */
class PoolReplacementScenariosTest {

    private static final Duration SETTLE = Duration.ofMinutes(2);

    private static Deque<ScriptedServer> spares(Lan lan, int n) {
        Deque<ScriptedServer> out = new ArrayDeque<>();
        for (int i = 0; i < n; i++) {
            out.add(lan.spare(Lan.lanPath(), Lan.lanPath(), b -> b));
        }
        return out;
    }

    private static SourceSnapshot source(Lan lan, int id) {
        return lan.client.engine().sources(lan.clock.readNanos()).get(id);
    }

    @Test
    void k_memberGoesAwayForGood_replacedByAFreshMemberThatIsUsed() {
        long seed = Lan.seed("k");
        Lan lan = Lan.standard(seed);
        for (int i = 0; i < 4; i++) {
            lan.server();
        }
        Deque<ScriptedServer> spares = spares(lan, 2);
        ScriptedServer fresh = spares.peek();
        lan.run(Duration.ofHours(2));
        ScriptedServer gone = lan.servers.get(0).goAway();

        List<Integer> replaced = lan.runReplacing(Duration.ofHours(6), spares);

        assertThat(replaced).as("seed %d: only the member that went away, once", seed).containsExactly(0);
        assertThat(lan.client.address(0)).isEqualTo(fresh.address());
        long ignoredSince = gone.requestsReceived();
        SourceSnapshot s = source(lan, 0);
        assertThat(s.reach()).as("seed %d", seed).isNotZero();
        assertThat(s.state()).isIn(SourceState.SELECTED, SourceState.COMBINED, SourceState.NOT_COMBINED);
        assertThat(fresh.repliesSent()).isGreaterThan(8);
        assertThat(spares).as("one spare left unused").hasSize(1);
        lan.run(Duration.ofHours(1));
        assertThat(gone.requestsReceived()).as("the old address is no longer polled").isEqualTo(ignoredSince);
        report("(k) member replaced", Accuracy.check(lan.trace, seed).scenario("(k) pool member gone, replaced")
                .synchronisedWithin(Duration.ofSeconds(6)).settlingTime(SETTLE).maxAbsOffset(1e-3).rmsOffset(100e-6)
                .staysSynchronised());
    }

    @Test
    void l_falsetickerMember_replacedSoonAndNeverUsed() {
        long seed = Lan.seed("l");
        Lan lan = Lan.standard(seed);
        for (int i = 0; i < 3; i++) {
            lan.server();
        }
        ScriptedServer bad = lan.server(Lan.lanPath(), b -> b.offset(+1.0));
        Deque<ScriptedServer> spares = spares(lan, 1);
        ScriptedServer fresh = spares.peek();

        List<Integer> replaced = lan.runReplacing(Duration.ofMinutes(2), spares);
        assertThat(replaced).as("seed %d: replaced within the first minutes", seed).containsExactly(3);
        long badRequests = bad.requestsReceived();
        lan.runReplacing(Duration.ofHours(6), spares);

        assertThat(lan.client.address(3)).isEqualTo(fresh.address());
        assertThat(bad.requestsReceived()).isEqualTo(badRequests);
        assertThat(source(lan, 3).state()).as("seed %d", seed).isIn(SourceState.SELECTED, SourceState.COMBINED,
                SourceState.NOT_COMBINED);
        // Used, the falseticker would have pulled the clock by a second: the bounds show it never was.
        report("(l) falseticker replaced", Accuracy.check(lan.trace, seed).scenario("(l) falseticker member replaced")
                .synchronisedWithin(Duration.ofSeconds(6)).settlingTime(SETTLE).maxAbsOffset(1e-3).rmsOffset(100e-6)
                .staysSynchronised());
    }

    private static Accuracy.Summary report(String name, Accuracy.Check check) {
        Accuracy.Summary s = check.verify();
        System.out.println(name + ": " + s);
        return s;
    }
}
