// Tests the engine's side of the operator's runtime commands (delete, offline, online, burst, makestep) and the status details.
package dev.jntp.engine.sync;

import static dev.jntp.engine.sync.SyncRig.MINUTE;
import static dev.jntp.engine.sync.SyncRig.SECOND;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.jntp.proto.LeapIndicator;
import org.junit.jupiter.api.Test;

class OperatorCommandsTest {

    private static final long SEED = 0x0DE7_A115L;

    private static SyncRig rig(double... offsets) {
        return SyncRig.withServers(SEED, offsets);
    }

    private static SourceSnapshot source(SyncRig rig, int id) {
        return rig.source(id);
    }

    @Test
    void removeSource_systemPeer_neverPolledAgainAndAnotherSelected() {
        SyncRig rig = rig(0, 0, 0);
        rig.run(2 * MINUTE);
        int peer = rig.engine.state().systemPeer();
        assertThat(peer).isNotNegative();

        rig.engine.removeSource(peer);
        int requests = rig.servers.get(peer).requests;
        rig.run(5 * MINUTE);

        assertThat(rig.servers.get(peer).requests).as("seed %d", SEED).isEqualTo(requests);
        assertThat(rig.engine.state().synchronised()).isTrue();
        assertThat(rig.engine.state().systemPeer()).isNotEqualTo(peer);
        SourceSnapshot gone = source(rig, peer);
        assertThat(gone.detail().removed()).isTrue();
        assertThat(gone.state()).isEqualTo(SourceState.UNUSABLE);
        assertThat(gone.stopReason()).contains("deleted");
        assertThat(rig.engine.replaceable()).doesNotContain(peer);
    }

    @Test
    void setOnline_offlineForTwentyMinutes_noRequestsNotReplaceableThenPolledAtOnce() {
        SyncRig rig = rig(0, 0, 0);
        rig.run(2 * MINUTE);
        SyncRig.Server s = rig.servers.get(2);

        rig.command(2, rig.engine.setOnline(2, false));
        int requests = s.requests;
        rig.run(20 * MINUTE);

        assertThat(s.requests).as("seed %d: offline sources are not polled", SEED).isEqualTo(requests);
        assertThat(source(rig, 2).detail().online()).isFalse();
        assertThat(source(rig, 2).state()).as("its samples aged out of selection").isEqualTo(SourceState.UNUSABLE);
        assertThat(rig.engine.replaceable()).isEmpty();

        rig.command(2, rig.engine.setOnline(2, true));
        rig.run(SECOND);

        assertThat(s.requests).isEqualTo(requests + 1);
        assertThat(source(rig, 2).detail().online()).isTrue();
        assertThat(rig.engine.setOnline(2, true)).as("already online: nothing to do").isEmpty();
    }

    @Test
    void setOnline_offlineBeforeTheFirstPoll_othersStillSynchronise() {
        SyncRig rig = new SyncRig(SyncSettings.defaults(), -0.1, 10, SEED);
        rig.addServer(0);
        rig.addServer(0);
        SyncRig.Server off = rig.addServer(0);
        rig.command(off.id, rig.engine.setOnline(off.id, false));

        rig.run(MINUTE);

        assertThat(off.requests).isZero();
        assertThat(rig.engine.state().synchronised()).as("seed %d: an offline source is not waited for", SEED).isTrue();
    }

    @Test
    void burst_stableSource_eightRequestsTwoSecondsApartThenBackToItsPoll() {
        SyncRig rig = rig(0, 0);
        rig.run(30 * MINUTE);
        SyncRig.Server s = rig.servers.getFirst();
        assertThat(source(rig, 0).poll()).isGreaterThan(6);
        int requests = s.requests;

        rig.command(0, rig.engine.burst(0));
        assertThat(source(rig, 0).detail().bursting()).isTrue();
        rig.run(15 * SECOND);

        assertThat(s.requests - requests).as("seed %d", SEED).isEqualTo(SourcePoller.IBURST_COUNT);
        assertThat(source(rig, 0).detail().bursting()).isFalse();
        rig.run(60 * SECOND);
        assertThat(s.requests - requests).as("no more until the next poll").isEqualTo(SourcePoller.IBURST_COUNT);
    }

    @Test
    void burst_offlineSource_nothing() {
        SyncRig rig = rig(0);
        rig.command(0, rig.engine.setOnline(0, false));

        assertThat(rig.engine.burst(0)).isEmpty();
    }

    @Test
    void makeStep_slewUnderWay_stepsByWhatIsLeftAtOnce() {
        SyncRig rig = new SyncRig(new SyncSettings(1, 3.0, 0, 0, 500, 500), -0.1, 10, SEED);
        for (int i = 0; i < 3; i++) {
            rig.addServer(0);
        }
        rig.run(SECOND * 15);
        assertThat(rig.engine.state().synchronised()).isTrue();
        assertThat(Math.abs(rig.error())).as("seed %d: still slewing 0.1 s away", SEED).isGreaterThan(0.01);

        rig.command(-1, rig.engine.makeStep(rig.local()));

        assertThat(rig.applied(SyncAction.Step.class)).hasSize(1);
        assertThat(rig.error()).as("the rest of the slew was stepped").isCloseTo(0, within(0.002));
        assertThat(rig.engine.steps()).isEqualTo(1);
        assertThat(rig.engine.makeStep(rig.local())).as("nothing left to step").isEmpty();
    }

    @Test
    void sources_detail_lastSampleRegressionReplyAndCounters() {
        SyncRig rig = rig(0, 0, 0);
        rig.run(30 * MINUTE);

        SourceSnapshot s = source(rig, 0);
        SourceDetail d = s.detail();
        assertThat(d.online()).isTrue();
        assertThat(d.removed()).isFalse();
        assertThat(d.lastSampleNanos()).isPositive().isLessThanOrEqualTo(rig.local());
        assertThat(rig.local() - d.lastSampleNanos()).isLessThan((long) Math.scalb(1.0, s.poll()) * SECOND * 2);
        assertThat(d.adjustedOffset()).as("no correction since but the constant frequency: the measured offset")
                .isCloseTo(s.lastOffset(), within(1e-7));
        assertThat(d.lastError()).as("half the root delay plus the root dispersion and more")
                .isGreaterThan(Replies.GOOD.rootDelay() / 2 + Replies.GOOD.rootDispersion());
        assertThat(d.runs()).isBetween(1, s.samples());
        assertThat(d.spanSeconds()).isPositive();
        assertThat(d.residualFrequencyPpm()).as("seed %d", SEED).isCloseTo(0, within(0.5));
        assertThat(d.skewPpm()).isPositive().isLessThan(10);
        SourceDetail.ReplyHeader h = d.lastReply();
        assertThat(h.stratum()).isEqualTo(2);
        assertThat(h.referenceId()).isEqualTo(Replies.UPSTREAM);
        assertThat(h.leap()).isEqualTo(LeapIndicator.NO_WARNING);
        assertThat(h.precision()).isEqualTo(-20);
        assertThat(h.responseTime()).isCloseTo(SyncRig.HOLD / 1e9, within(1e-6));
        assertThat(d.requests()).isEqualTo(rig.servers.getFirst().requests);
        assertThat(d.replies()).isEqualTo(d.validReplies()).isEqualTo(d.requests());
        assertThat(d.goodReplies()).isPositive().isLessThanOrEqualTo(d.validReplies());
    }

    @Test
    void sources_beforeAnyReply_detailEmpty() {
        SyncRig rig = rig(0);

        SourceDetail d = source(rig, 0).detail();

        assertThat(d.lastSampleNanos()).isZero();
        assertThat(d.adjustedOffset()).isNaN();
        assertThat(d.lastReply()).isNull();
        assertThat(d.runs()).isZero();
        assertThat(d.residualFrequencyPpm()).isNaN();
    }
}
