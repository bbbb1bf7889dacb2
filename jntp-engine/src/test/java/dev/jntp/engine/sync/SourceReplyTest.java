// Tests that the engine keeps the header of each source's last valid reply, as ntpq's peer variables need.
package dev.jntp.engine.sync;

import static dev.jntp.engine.sync.SyncRig.SECOND;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.jntp.proto.KissCode;
import dev.jntp.proto.LeapIndicator;
import org.junit.jupiter.api.Test;

class SourceReplyTest {

    private static final long SEED = 0x5EED_0006L;

    @Test
    void lastReply_beforeAnyReply_null() {
        SyncRig rig = new SyncRig(SyncSettings.defaults(), 0, 0, SEED);
        rig.addServer(0);
        assertThat(rig.engine.lastReply(0)).isNull();
    }

    @Test
    void lastReply_afterReplies_theServersHeaderAndArrivalTime() {
        SyncRig rig = new SyncRig(SyncSettings.defaults(), 0, 0, SEED);
        rig.addServer(0);
        rig.run(5 * SECOND);
        SourceReply r = rig.engine.lastReply(0);
        assertThat(r).isNotNull();
        assertThat(r.stratum()).isEqualTo(2);
        assertThat(r.referenceId()).isEqualTo(Replies.UPSTREAM);
        assertThat(r.leap()).isEqualTo(LeapIndicator.NO_WARNING);
        assertThat(r.precision()).isEqualTo(-20);
        assertThat(r.rootDelay()).isCloseTo(1.0 / 256, within(1e-4));
        assertThat(r.rootDispersion()).isCloseTo(1.0 / 512, within(1e-4));
        assertThat(r.version()).isEqualTo(4);
        assertThat(r.referenceTime().isZero()).isFalse();
        assertThat(rig.local() - r.receivedNanos()).as("arrived within the last poll").isBetween(0L, 3 * SECOND);
    }

    @Test
    void lastReply_kissOfDeath_keptWithItsCode() {
        SyncRig rig = new SyncRig(SyncSettings.defaults(), 0, 0, SEED);
        SyncRig.Server s = rig.addServer(0);
        s.header = Replies.kiss(KissCode.RATE);
        rig.run(3 * SECOND);
        SourceReply r = rig.engine.lastReply(0);
        assertThat(r.stratum()).isZero();
        assertThat(r.referenceId().kissCode()).contains(KissCode.RATE);
    }

    @Test
    void lastReply_replacedSource_startsAgainWithout() {
        SyncRig rig = new SyncRig(SyncSettings.defaults(), 0, 0, SEED);
        rig.addServer(0);
        rig.run(3 * SECOND);
        rig.replaceServer(0, 0);
        assertThat(rig.engine.lastReply(0)).isNull();
    }
}
