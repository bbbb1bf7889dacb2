// Tests the engine's handling of chrony's trust and require source options against fake servers.
package dev.jntp.engine.sync;

import static dev.jntp.engine.sync.SyncRig.MINUTE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class TrustRequireTest {

    private static final long SEED = 0x7_2057L;
    private static final long NEAR = 10_000_000L;

    private static SourceConfig iburst(String name) {
        return SourceConfig.defaults(name).withIburst(true);
    }

    private static SourceState state(SyncRig rig, int id) {
        return rig.engine.sources(rig.local()).get(id).state();
    }

    @Test
    void trust_trustedMinorityAgainstAgreeingUntrustedMajority_clockFollowsTheTrustedSource() {
        SyncRig rig = new SyncRig(SyncSettings.defaults(), -0.1, 0, SEED);
        rig.addServer(0);
        rig.addServer(0);
        rig.addServer(0);
        rig.addServer(0.2, NEAR, iburst("trusted").withTrust(true));

        rig.run(5 * MINUTE);

        SystemState st = rig.engine.state();
        assertThat(st.synchronised()).isTrue();
        assertThat(st.systemPeer()).isEqualTo(3);
        assertThat(rig.error()).as("seed %d: local minus true time", SEED).isCloseTo(0.2, within(0.002));
        for (int id = 0; id < 3; id++) {
            assertThat(state(rig, id)).as("untrusted %d", id).isEqualTo(SourceState.FALSETICKER);
            assertThat(rig.statesSeen.get(id)).doesNotContain(SourceState.SELECTED, SourceState.COMBINED);
        }
    }

    @Test
    void trust_noTrustedSource_majorityRulesAsBefore() {
        SyncRig rig = new SyncRig(SyncSettings.defaults(), -0.1, 0, SEED);
        rig.addServer(0);
        rig.addServer(0);
        rig.addServer(0);
        rig.addServer(0.2);

        rig.run(5 * MINUTE);

        assertThat(rig.error()).as("seed %d", SEED).isCloseTo(0, within(0.002));
        assertThat(state(rig, 3)).isEqualTo(SourceState.FALSETICKER);
    }

    @Test
    void require_requiredSourceSilent_clockNeverCorrectedAndAlarmNamesIt() {
        SyncRig rig = new SyncRig(SyncSettings.defaults(), -0.1, 0, SEED);
        rig.addServer(0);
        rig.addServer(0);
        rig.addServer(0);
        rig.addServer(0, NEAR, iburst("needed").withRequire(true)).answering = false;

        rig.run(10 * MINUTE);

        SystemState st = rig.engine.state();
        assertThat(st.synchronised()).isFalse();
        assertThat(st.alarm()).isEqualTo("no required source selectable (needed)");
        assertThat(rig.applied(SyncAction.Slew.class)).isEmpty();
        assertThat(rig.applied(SyncAction.Step.class)).isEmpty();
        assertThat(rig.applied(SyncAction.SetSynchronised.class)).noneMatch(SyncAction.SetSynchronised::synchronised);
    }

    @Test
    void require_requiredSourceAFalseticker_noUpdateAndAlarmNamesEveryRequiredSource() {
        SyncRig rig = new SyncRig(SyncSettings.defaults(), -0.1, 0, SEED);
        rig.addServer(0);
        rig.addServer(0);
        rig.addServer(0);
        rig.addServer(1.0, NEAR, iburst("wrong").withRequire(true));
        rig.addServer(0, NEAR, iburst("silent").withRequire(true)).answering = false;

        rig.run(10 * MINUTE);

        assertThat(rig.engine.state().synchronised()).isFalse();
        assertThat(rig.engine.state().alarm()).isEqualTo("no required source selectable (wrong, silent)");
        assertThat(rig.applied(SyncAction.Slew.class)).isEmpty();
    }

    @Test
    void require_oneOfTwoRequiredSourcesSelectable_clockUpdated() {
        SyncRig rig = new SyncRig(SyncSettings.defaults(), -0.1, 0, SEED);
        rig.addServer(0);
        rig.addServer(0);
        rig.addServer(0, NEAR, iburst("good").withRequire(true));
        rig.addServer(0, NEAR, iburst("silent").withRequire(true)).answering = false;

        rig.run(5 * MINUTE);

        assertThat(rig.engine.state().synchronised()).isTrue();
        assertThat(rig.engine.state().alarm()).isEmpty();
        assertThat(rig.error()).as("seed %d", SEED).isCloseTo(0, within(0.002));
    }

    @Test
    void require_withTrust_untrustedSourcesUsedOnlyWhileTheyAgreeWithTheRequiredOne() {
        // chrony.conf(5): trust + require on an authenticated source lets unauthenticated ones
        // refine the clock only when they agree with it; here one agrees and three, a majority, do not.
        SyncRig rig = new SyncRig(SyncSettings.defaults(), -0.1, 0, SEED);
        rig.addServer(0, NEAR, iburst("anchor").withTrust(true).withRequire(true)).header =
                Replies.GOOD.withRoot(0.2, 0.01);
        rig.addServer(0);
        rig.addServer(0.5);
        rig.addServer(0.5);
        rig.addServer(0.5);

        rig.run(5 * MINUTE);

        assertThat(rig.engine.state().synchronised()).isTrue();
        assertThat(rig.error()).as("seed %d", SEED).isCloseTo(0, within(0.002));
        for (int id = 2; id <= 4; id++) {
            assertThat(state(rig, id)).isEqualTo(SourceState.FALSETICKER);
        }
        assertThat(rig.statesSeen.get(1)).containsAnyOf(SourceState.SELECTED, SourceState.COMBINED);
    }
}
