// Tests of NTS sources in the engine: NTS-KE asked for, authenticated replies used, forged or NAKed ones dropped.
package dev.jntp.engine.sync;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jntp.engine.nts.NtsClient;
import dev.jntp.engine.nts.NtsClientStatus;
import dev.jntp.engine.nts.NtsKeResult;
import dev.jntp.engine.nts.NtsServerFixture;
import dev.jntp.proto.ReferenceId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SyncEngineNtsTest {

    private static final long SEED = 0x4E54_5331L;
    private static final long S = 1_000_000_000L;
    /** Local time at start: the fixture server's clock, so samples come out near zero offset. */
    private static final long T0 = NtsServerFixture.NOW_SECONDS * S;

    private final NtsServerFixture server = new NtsServerFixture(SEED);
    private final SyncEngine engine = new SyncEngine(SyncSettings.defaults(), T0, 0, -20, new SplittableRandom(SEED));
    private final int id;
    private long now = T0;

    SyncEngineNtsTest() {
        List<SyncAction> out = new ArrayList<>();
        id = engine.addSource(SourceConfig.defaults("nts.example.net").withPolls(0, 4).withIburst(true),
                ReferenceId.ofIpv4(new byte[] {10, 0, 0, 1}), out);
        engine.useNts(id, new NtsClient(new Random(SEED + 1)));
    }

    private List<SyncAction> wake() {
        now += S;
        return engine.onWake(id, now);
    }

    private byte[] poll() {
        List<SyncAction> out = wake();
        SyncAction.Send send = out.stream().filter(a -> a instanceof SyncAction.Send).map(a -> (SyncAction.Send) a)
                .findFirst().orElseThrow(() -> new AssertionError("no request in " + out));
        engine.sent(id, now);
        return send.request();
    }

    private void deliver(byte[] reply) {
        engine.onReply(id, reply, reply.length, now + 10_000_000L);
    }

    private void keyExchange() {
        assertThat(wake()).anySatisfy(a -> assertThat(a).isEqualTo(new SyncAction.KeyExchange(id)));
        assertThat(engine.onKeyExchange(id, server.keyExchange(), now)).containsExactly(new SyncAction.Wake(id, 0));
    }

    private SourceSnapshot source() {
        return engine.sources(now).get(id);
    }

    private NtsClientStatus nts() {
        return engine.ntsStatus(id, now);
    }

    @Test
    void firstPoll_asksForNtsKeAndSendsNothing() {
        List<SyncAction> out = wake();
        assertThat(out).contains(new SyncAction.KeyExchange(id)).noneMatch(a -> a instanceof SyncAction.Send)
                .anyMatch(a -> a instanceof SyncAction.Wake);
        assertThat(wake()).as("while NTS-KE runs, polls send nothing").noneMatch(
                a -> a instanceof SyncAction.Send || a instanceof SyncAction.KeyExchange);
        assertThat(source().reach()).isZero();
    }

    @Test
    void authenticatedReplies_areValidSamplesAndRefillTheJar() {
        keyExchange();
        for (int i = 0; i < 4; i++) {
            deliver(server.answer(poll()));
        }
        assertThat(source().reach()).isEqualTo(0b1111);
        assertThat(source().detail().validReplies()).isEqualTo(4);
        assertThat(source().lastTests().passed(PacketTest.AUTHENTICATION)).isTrue();
        assertThat(nts().authenticated()).isEqualTo(4);
        assertThat(nts().cookies()).isEqualTo(8);
        assertThat(engine.sources(now).get(id).samples()).isEqualTo(4);
    }

    @Test
    void replyWithAnotherUniqueIdentifier_isDroppedAndTheGenuineReplyStillCounts() {
        keyExchange();
        byte[] reply = server.answer(poll());
        byte[] forged = reply.clone();
        forged[48 + 10] ^= 1; // inside the echoed Unique Identifier
        deliver(forged);
        assertThat(source().reach()).isZero();
        assertThat(source().detail().validReplies()).isZero();
        assertThat(nts().lastRejection()).isEqualTo("another Unique Identifier");
        deliver(reply);
        assertThat(source().reach()).isEqualTo(1);
    }

    @Test
    void replyWithABadAuthenticator_isDropped() {
        keyExchange();
        byte[] reply = server.answer(poll());
        reply[reply.length - 1] ^= 0x40;
        deliver(reply);
        assertThat(source().detail().validReplies()).isZero();
        assertThat(nts().rejected()).isEqualTo(1);
        assertThat(nts().lastRejection()).isEqualTo("authenticator does not verify");
    }

    @Test
    void plainReplyWithTheRightOrigin_failsTest5AndIsDropped() {
        keyExchange();
        byte[] request = poll();
        byte[] plain = server.answer(Arrays.copyOf(request, 48));
        deliver(plain);
        assertThat(source().reach()).isZero();
        assertThat(source().detail().replies()).isEqualTo(1);
        assertThat(source().detail().validReplies()).isZero();
    }

    @Test
    void nak_afterWorkingReplies_nextPollRunsNtsKeAgain() {
        keyExchange();
        deliver(server.answer(poll()));
        server.rotateAway();
        deliver(server.answer(poll()));
        assertThat(nts().nak()).isTrue();
        assertThat(source().detail().validReplies()).isEqualTo(1);
        assertThat(wake()).contains(new SyncAction.KeyExchange(id)).noneMatch(a -> a instanceof SyncAction.Send);
        assertThat(engine.onKeyExchange(id, server.keyExchange(), now)).containsExactly(new SyncAction.Wake(id, 0));
        deliver(server.answer(poll()));
        assertThat(source().detail().validReplies()).isEqualTo(2);
        assertThat(nts().keyId()).isEqualTo(2);
    }

    @Test
    void keyExchangeFailure_pollsMissedUntilTheNextTry() {
        wake();
        assertThat(engine.onKeyExchange(id, new NtsKeResult.Failure("connection refused", false), now)).isEmpty();
        for (int i = 0; i < 15; i++) {
            assertThat(wake()).noneMatch(a -> a instanceof SyncAction.Send || a instanceof SyncAction.KeyExchange);
        }
        assertThat(wake()).contains(new SyncAction.KeyExchange(id));
        assertThat(source().reach()).isZero();
        assertThat(nts().lastKeFailure()).isEqualTo("connection refused");
    }

    @Test
    void keyExchangeResult_withoutASessionRunningOrForADeletedSource_isIgnored() {
        assertThat(engine.onKeyExchange(id, server.keyExchange(), now)).isEmpty();
        assertThat(nts().cookies()).isZero();
        wake();
        engine.removeSource(id);
        assertThat(engine.onKeyExchange(id, server.keyExchange(), now)).isEmpty();
    }

    @Test
    void sourceWithoutNts_hasNoNtsStatusAndSendsAtOnce() {
        List<SyncAction> out = new ArrayList<>();
        int plain = engine.addSource(SourceConfig.defaults("plain"), ReferenceId.ofIpv4(new byte[] {10, 0, 0, 2}), out);
        assertThat(engine.ntsStatus(plain, now)).isNull();
        assertThat(engine.onWake(plain, now)).anyMatch(a -> a instanceof SyncAction.Send);
    }
}
