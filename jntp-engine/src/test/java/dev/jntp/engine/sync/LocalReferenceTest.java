// Tests the engine's local reference: plain 'local stratum N' and orphan mode, against fake servers.
package dev.jntp.engine.sync;

import static dev.jntp.engine.sync.SyncRig.MINUTE;
import static dev.jntp.engine.sync.SyncRig.SECOND;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.jntp.proto.LeapIndicator;
import dev.jntp.proto.ReferenceId;
import org.junit.jupiter.api.Test;

class LocalReferenceTest {

    private static final long SEED = 0x10CA1L;
    /** The fake servers are 10.0.0.1, 10.0.0.2, ...: this host's ID above them all, and below them all. */
    private static final ReferenceId ABOVE = ReferenceId.ofIpv4(new byte[] {10, 0, 0, 9});
    private static final ReferenceId BELOW = ReferenceId.ofIpv4(new byte[] {10, 0, 0, 0});
    /** A server serving its local clock at stratum 8, as chrony and jntp do. */
    private static final Replies LOCAL_8 = Replies.GOOD.withStratum(8, ReferenceId.LOCAL).withRoot(0, 1e-6);

    private static SyncRig rig(LocalReference local) {
        SyncRig rig = new SyncRig(SyncSettings.defaults(), -0.1, 0, SEED);
        rig.engine.setLocalReference(local);
        return rig;
    }

    private static SyncRig.Server server(SyncRig rig, double offset, Replies header) {
        SyncRig.Server s = rig.addServer(offset);
        s.header = header;
        return s;
    }

    private static SourceState state(SyncRig rig, int id) {
        return rig.engine.sources(rig.local()).get(id).state();
    }

    private static void assertServesLocal(SyncRig rig, int stratum) {
        SystemState st = rig.engine.state();
        assertThat(st.servesLocalReference()).as("serves its local clock: %s", st).isTrue();
        assertThat(st.synchronised()).isFalse();
        assertThat(st.stratum()).isEqualTo(stratum);
        assertThat(st.referenceId()).isEqualTo(ReferenceId.LOCAL);
        assertThat(st.leap()).isEqualTo(LeapIndicator.NO_WARNING);
        assertThat(st.systemPeer()).isEqualTo(-1);
    }

    @Test
    void plainLocal_beforeAnyReply_servesTheLocalClockAtItsStratum() {
        SyncRig rig = rig(new LocalReference(10, false, ReferenceId.NONE));
        rig.addServer(0).answering = false;

        assertServesLocal(rig, 10);
        rig.run(MINUTE);
        assertServesLocal(rig, 10);
        assertThat(rig.engine.state().alarm()).isNotEmpty();
    }

    @Test
    void plainLocal_sourceSelectable_followedAndLocalNoLongerServed() {
        SyncRig rig = rig(new LocalReference(10, false, ReferenceId.NONE));
        rig.addServer(0);

        rig.run(MINUTE);

        SystemState st = rig.engine.state();
        assertThat(st.synchronised()).isTrue();
        assertThat(st.servesLocalReference()).isFalse();
        assertThat(st.stratum()).isEqualTo(3);
    }

    @Test
    void plainLocal_sourceAtTheLocalStratum_stillFollowed() {
        // Without orphan, chrony ignores no stratum: a peer serving its local clock is an ordinary source.
        SyncRig rig = rig(new LocalReference(8, false, BELOW));
        server(rig, 0, LOCAL_8);

        rig.run(MINUTE);

        assertThat(rig.engine.state().synchronised()).isTrue();
        assertThat(rig.engine.state().stratum()).isEqualTo(9);
    }

    @Test
    void plainLocal_everySourceFallsSilent_localServedOnceTheyAreUnreachable() {
        SyncRig rig = rig(new LocalReference(10, false, ReferenceId.NONE));
        rig.addServer(0);
        rig.run(10 * MINUTE);
        assertThat(rig.engine.state().synchronised()).isTrue();

        rig.servers.getFirst().answering = false;
        rig.run(24 * 60 * MINUTE);

        assertServesLocal(rig, 10);
    }

    @Test
    void orphan_beforeEverySourceHasAnsweredOrMissedTwoPolls_localNotYetServed() {
        SyncRig rig = rig(new LocalReference(8, true, BELOW));
        rig.addServer(0).answering = false;

        assertThat(rig.engine.state().servesLocalReference()).isFalse();
        assertThat(rig.engine.state().stratum()).isEqualTo(16);
        rig.run(SECOND);
        assertThat(rig.engine.state().servesLocalReference()).isFalse();

        rig.run(MINUTE);

        assertServesLocal(rig, 8);
    }

    @Test
    void orphan_upstreamAndAPeerAtTheLocalStratum_upstreamFollowedPeerIgnored() {
        SyncRig rig = rig(new LocalReference(8, true, ABOVE));
        rig.addServer(0);
        server(rig, 0.05, LOCAL_8);

        rig.run(10 * MINUTE);

        SystemState st = rig.engine.state();
        assertThat(st.synchronised()).isTrue();
        assertThat(st.systemPeer()).isZero();
        assertThat(st.stratum()).isEqualTo(3);
        assertThat(rig.statesSeen.get(1)).containsOnly(SourceState.UNUSABLE);
        assertThat(rig.error()).as("seed %d", SEED).isCloseTo(0, within(0.002));
    }

    @Test
    void orphan_onlyAPeerAtTheLocalStratumWithASmallerId_followedOneStratumBelow() {
        SyncRig rig = rig(new LocalReference(8, true, ABOVE));
        server(rig, 0.05, LOCAL_8);

        rig.run(5 * MINUTE);

        SystemState st = rig.engine.state();
        assertThat(st.synchronised()).isTrue();
        assertThat(st.stratum()).isEqualTo(9);
        assertThat(st.referenceId()).isEqualTo(rig.servers.getFirst().address);
        assertThat(state(rig, 0)).isEqualTo(SourceState.SELECTED);
        assertThat(rig.error()).as("seed %d: follows the orphan's clock", SEED).isCloseTo(0.05, within(0.002));
    }

    @Test
    void orphan_onlyAPeerAtTheLocalStratumWithALargerId_servesItsOwnClockAndLeavesItAlone() {
        SyncRig rig = rig(new LocalReference(8, true, BELOW));
        server(rig, 0.05, LOCAL_8);

        rig.run(10 * MINUTE);

        assertServesLocal(rig, 8);
        assertThat(state(rig, 0)).isEqualTo(SourceState.UNUSABLE);
        assertThat(rig.applied(SyncAction.Slew.class)).isEmpty();
        assertThat(rig.applied(SyncAction.Step.class)).isEmpty();
        assertThat(rig.applied(SyncAction.SetSynchronised.class)).noneMatch(SyncAction.SetSynchronised::synchronised);
    }

    @Test
    void orphan_peerAboveTheLocalStratum_neverFollowed() {
        // A follower of some orphan: following it would only chain followers.
        SyncRig rig = rig(new LocalReference(8, true, ABOVE));
        server(rig, 0.05, LOCAL_8.withStratum(9, ReferenceId.ofIpv4(new byte[] {10, 0, 0, 7})));

        rig.run(10 * MINUTE);

        assertServesLocal(rig, 8);
    }

    @Test
    void orphan_twoPeersAtTheLocalStratum_theSmallestIdAloneFollowed() {
        SyncRig rig = rig(new LocalReference(8, true, ABOVE));
        server(rig, 0.0, LOCAL_8);
        server(rig, 0.05, LOCAL_8);

        rig.run(10 * MINUTE);

        assertThat(rig.engine.state().systemPeer()).isZero();
        assertThat(rig.statesSeen.get(1)).containsOnly(SourceState.UNUSABLE);
        assertThat(rig.error()).as("seed %d: the second orphan is not combined", SEED).isCloseTo(0, within(0.002));
    }

    @Test
    void orphan_upstreamLostThenBack_localServedMeanwhileThenUpstreamFollowedAgain() {
        SyncRig rig = rig(new LocalReference(8, true, BELOW));
        SyncRig.Server upstream = rig.addServer(0);
        server(rig, 0.05, LOCAL_8);
        rig.run(10 * MINUTE);
        assertThat(rig.engine.state().systemPeer()).isZero();

        upstream.answering = false;
        rig.run(24 * 60 * MINUTE);
        assertServesLocal(rig, 8);

        upstream.answering = true;
        rig.run(30 * MINUTE);
        assertThat(rig.engine.state().synchronised()).isTrue();
        assertThat(rig.engine.state().systemPeer()).isZero();
    }

    @Test
    void orphan_peerSynchronisedToThisHost_failsTheLoopTest() {
        SyncRig rig = rig(new LocalReference(8, true, ABOVE));
        server(rig, 0, Replies.GOOD.withStratum(3, ABOVE));
        rig.addServer(0);

        rig.run(5 * MINUTE);

        SourceSnapshot looping = rig.engine.sources(rig.local()).getFirst();
        assertThat(looping.lastTests().passed(PacketTest.SYNC_LOOP)).isFalse();
        assertThat(looping.samples()).isZero();
        assertThat(rig.engine.state().systemPeer()).isEqualTo(1);
    }

    @Test
    void loop_peerFollowedForAWhileThenSynchronisedToThisHost_droppedAtOnceDespiteItsSamples() {
        SyncRig rig = rig(new LocalReference(8, true, ABOVE));
        SyncRig.Server peer = rig.addServer(0);
        rig.addServer(0);
        rig.run(10 * MINUTE);
        assertThat(rig.engine.sources(rig.local()).getFirst().samples()).isPositive();

        peer.header = Replies.GOOD.withStratum(4, ABOVE);
        int requests = peer.requests;
        while (peer.requests == requests) {
            rig.run(SECOND);
        }
        rig.run(SECOND);

        assertThat(state(rig, 0)).isEqualTo(SourceState.UNUSABLE);
        assertThat(rig.engine.state().systemPeer()).isEqualTo(1);
    }
}
