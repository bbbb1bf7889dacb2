// Tests which sources the engine offers for replacement and what replacing one resets.
package dev.jntp.engine.sync;

import static dev.jntp.engine.sync.SyncRig.MINUTE;
import static dev.jntp.engine.sync.SyncRig.SECOND;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.jntp.proto.KissCode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SourceReplacementTest {

    private static final long SEED = 0x5EED_9001L;

    /** A rig whose local clock is 0.1 s behind and 10 ppm fast, with one iburst server per offset. */
    private static SyncRig rig(double... offsets) {
        SyncRig rig = new SyncRig(SyncSettings.defaults(), -0.1, 10, SEED);
        for (double offset : offsets) {
            rig.addServer(offset);
        }
        return rig;
    }

    private static SourceSnapshot source(SyncRig rig, int id) {
        return rig.engine.sources(rig.local()).get(id);
    }

    @Test
    void replaceable_goodSourcesForAnHour_none() {
        SyncRig rig = rig(0, 0, 0, 0);

        rig.run(60 * MINUTE);

        assertThat(rig.engine.state().synchronised()).isTrue();
        assertThat(rig.engine.replaceable()).as("seed %d", SEED).isEmpty();
    }

    @Test
    void replaceable_sourceSilentFromTheStart_offeredOnceEightPollsWentUnanswered() {
        SyncRig rig = rig(0, 0, 0);
        SyncRig.Server silent = rig.addServer(0);
        silent.answering = false;

        // iburst: the first three half a second apart, then 2 s apart: the eighth leaves at about 11 s.
        rig.run(10 * SECOND);
        assertThat(silent.requests).isLessThan(SyncEngine.UNREACHABLE_POLLS);
        assertThat(rig.engine.replaceable()).as("seed %d: fewer than eight polls", SEED).isEmpty();

        rig.run(4 * SECOND);
        assertThat(silent.requests).isGreaterThanOrEqualTo(SyncEngine.UNREACHABLE_POLLS);
        assertThat(rig.engine.replaceable()).as("seed %d", SEED).containsExactly(silent.id);
    }

    @Test
    void replaceable_sourceGoesSilentAfterAnswering_offeredOnceTheReachRegisterEmpties() {
        SyncRig rig = rig(0, 0, 0, 0);
        rig.run(5 * MINUTE);
        SyncRig.Server gone = rig.servers.get(1);
        gone.answering = false;

        rig.run(2 * MINUTE);
        assertThat(rig.engine.replaceable()).as("seed %d: a few misses are not enough", SEED).isEmpty();

        rig.run(60 * MINUTE);
        assertThat(source(rig, 1).reach()).isZero();
        assertThat(rig.engine.replaceable()).as("seed %d", SEED).containsExactly(1);
        assertThat(rig.engine.state().synchronised()).isTrue();
    }

    @Test
    void replaceable_falsetickerOneSecondOff_offeredAfterFourOfItsSamplesOthersNever() {
        SyncRig rig = rig(0, 0, 0);
        SyncRig.Server bad = rig.addServer(1.0);

        rig.run(5 * SECOND);
        assertThat(rig.engine.replaceable()).as("seed %d: too few of its samples judged yet", SEED).isEmpty();

        rig.run(MINUTE);
        assertThat(source(rig, bad.id).state()).isEqualTo(SourceState.FALSETICKER);
        assertThat(rig.engine.replaceable()).as("seed %d", SEED).containsExactly(bad.id);
        assertThat(rig.statesSeen.get(bad.id)).doesNotContain(SourceState.SELECTED, SourceState.COMBINED);
    }

    @Test
    void replaceable_kissDeny_offered() {
        SyncRig rig = rig(0, 0, 0);
        SyncRig.Server denying = rig.addServer(0);
        denying.header = Replies.kiss(KissCode.DENY);

        rig.run(10 * SECOND);

        assertThat(rig.engine.stopReason(denying.id)).contains("DENY");
        assertThat(rig.engine.replaceable()).containsExactly(denying.id);
    }

    @Test
    void replaceable_systemPeerFallsSilent_neverOfferedWhileStillThePeer() {
        SyncRig rig = rig(0, 0, 0, 0);
        rig.run(5 * MINUTE);
        int peer = rig.engine.state().systemPeer();
        rig.servers.get(peer).answering = false;

        for (int i = 0; i < 360; i++) {
            rig.run(10 * SECOND);
            assertThat(rig.engine.replaceable()).doesNotContain(rig.engine.state().systemPeer());
        }

        assertThat(rig.engine.replaceable()).as("seed %d", SEED).containsExactly(peer);
        assertThat(rig.engine.state().synchronised()).isTrue();
        assertThat(rig.engine.state().systemPeer()).isNotEqualTo(peer);
    }

    @Test
    void replaceable_everySourceFallsSilent_allOfferedOnceUnsynchronised() {
        SyncRig rig = rig(0, 0, 0, 0);
        rig.run(5 * MINUTE);
        rig.servers.forEach(s -> s.answering = false);

        rig.run(60 * MINUTE);

        assertThat(rig.engine.state().synchronised()).as("seed %d: no source answers", SEED).isFalse();
        assertThat(rig.engine.replaceable()).containsExactlyInAnyOrder(0, 1, 2, 3);
    }

    @Test
    void replaceSource_silentSource_slotStartsAfreshAndTheNewServerIsUsed() {
        SyncRig rig = rig(0, 0, 0);
        rig.addServer(0).answering = false;
        rig.run(2 * MINUTE);
        assertThat(rig.engine.replaceable()).containsExactly(3);
        int othersSamples = source(rig, 0).samples();

        SyncRig.Server fresh = rig.replaceServer(3, 0);

        SourceSnapshot reset = source(rig, 3);
        assertThat(reset.id()).isEqualTo(3);
        assertThat(reset.name()).isEqualTo("r3");
        assertThat(reset.reach()).isZero();
        assertThat(reset.samples()).isZero();
        assertThat(reset.stratum()).isZero();
        assertThat(reset.lastOffset()).isNaN();
        assertThat(reset.state()).isEqualTo(SourceState.UNUSABLE);
        assertThat(reset.poll()).isEqualTo(SourceConfig.defaults("r3").minPoll());
        assertThat(rig.engine.replaceable()).as("a fresh source has not missed eight polls").isEmpty();
        assertThat(source(rig, 0).samples()).as("other sources keep their samples").isEqualTo(othersSamples);

        rig.run(20 * SECOND);
        assertThat(fresh.requests).as("iburst: the first burst was sent, once").isEqualTo(SourcePoller.IBURST_COUNT);
        SourceSnapshot used = source(rig, 3);
        assertThat(used.reach()).isEqualTo(0xFF);
        assertThat(used.state()).as("seed %d", SEED).isIn(SourceState.SELECTED, SourceState.COMBINED,
                SourceState.NOT_COMBINED);
        assertThat(rig.engine.replaceable()).isEmpty();
        assertThat(rig.engine.state().synchronised()).isTrue();
        assertThat(rig.error()).as("seed %d", SEED).isCloseTo(0, within(1e-3));
    }

    @Test
    void replaceSource_falsetickerByAGoodServer_combinedAndNeverReplaceableAgain() {
        SyncRig rig = rig(0, 0, 0);
        SyncRig.Server bad = rig.addServer(1.0);
        rig.run(MINUTE);
        assertThat(rig.engine.replaceable()).containsExactly(bad.id);

        rig.replaceServer(bad.id, 0);
        rig.run(30 * MINUTE);

        assertThat(source(rig, bad.id).state()).as("seed %d", SEED).isIn(SourceState.SELECTED, SourceState.COMBINED);
        assertThat(rig.engine.replaceable()).isEmpty();
        assertThat(rig.engine.state().synchronised()).isTrue();
        assertThat(rig.error()).as("seed %d", SEED).isCloseTo(0, within(100e-6));
    }

    @Test
    void replaceSource_theSystemPeer_unsynchronisedUntilTheNextSelection() {
        SyncRig rig = rig(0, 0, 0, 0);
        rig.run(5 * MINUTE);
        int peer = rig.engine.state().systemPeer();
        int before = rig.applied.size();

        rig.replaceServer(peer, 0);

        assertThat(rig.engine.state().synchronised()).isFalse();
        assertThat(rig.engine.state().systemPeer()).isEqualTo(-1);
        assertThat(rig.engine.state().alarm()).contains("replaced");
        List<SyncAction> after = new ArrayList<>(rig.applied.subList(before, rig.applied.size()).stream()
                .map(SyncRig.Applied::action).toList());
        assertThat(after).containsExactly(new SyncAction.SetSynchronised(false, 16, 16));

        rig.run(MINUTE);
        assertThat(rig.engine.state().synchronised()).as("seed %d", SEED).isTrue();
        assertThat(rig.error()).isCloseTo(0, within(1e-3));
    }
}
