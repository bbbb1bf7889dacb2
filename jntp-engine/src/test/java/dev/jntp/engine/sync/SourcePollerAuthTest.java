// Tests a source with a symmetric key: signed requests, test 5 on replies, and what an unauthentic reply leaves behind.
package dev.jntp.engine.sync;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jntp.engine.auth.PacketMac;
import dev.jntp.proto.KeyType;
import dev.jntp.proto.NtpCodec;
import dev.jntp.proto.NtpPacket;
import dev.jntp.proto.SymmetricKey;
import java.util.Arrays;
import java.util.Random;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class SourcePollerAuthTest {

    private static final long SECOND = Replies.SECOND;
    private static final long T1 = Replies.EPOCH + 10 * SECOND;
    private static final long DELAY = 62_500_000L;

    private final SplittableRandom random = new SplittableRandom(0x5EED_A17L);

    private static SymmetricKey key(KeyType type, long id, long seed) {
        byte[] secret = new byte[type.isCipher() ? type.cipherKeyLength() : 20];
        new Random(seed).nextBytes(secret);
        return new SymmetricKey(id, type, secret);
    }

    private static SourcePoller poller(SymmetricKey key, long keyId) {
        return new SourcePoller(0, SourceConfig.defaults("a").withKey(keyId), key);
    }

    /** The request {@code p} sends now, sent at T1. */
    private byte[] sendFrom(SourcePoller p) {
        byte[] req = p.request(random);
        p.sent(T1);
        return req;
    }

    /** The reply to {@code request}, signed with {@code key} when it is not null (as a server does). */
    private static byte[] reply(byte[] request, SymmetricKey key) {
        byte[] plain = Replies.GOOD.replyTo(request, T1 + DELAY / 2, T1 + DELAY / 2 + 1000);
        if (key == null) {
            return plain;
        }
        byte[] out = Arrays.copyOf(plain, plain.length + PacketMac.trailerLength(key, 4));
        PacketMac.sign(key, 4, out, 0, plain.length);
        return out;
    }

    private static SourcePoller.Reply deliver(SourcePoller p, byte[] reply) {
        return p.onReply(reply, reply.length, T1 + DELAY, -20, 3.0, Set.of(), Double.NaN, Double.NaN);
    }

    /** Delivers a reply that must be accepted, with every test passed and the source reached. */
    private static void assertAccepted(SourcePoller p, byte[] reply) {
        assertThat(deliver(p, reply)).isInstanceOf(SourcePoller.Reply.Accepted.class);
        assertThat(p.lastVerdicts().passed()).isTrue();
        assertThat(p.reach()).isEqualTo(1);
    }

    @ParameterizedTest
    @EnumSource(KeyType.class)
    void keyedSource_signedReply_requestSignedAndReplyAccepted(KeyType type) {
        SymmetricKey k = key(type, 12, type.ordinal());
        SourcePoller p = poller(k, 12);

        byte[] req = sendFrom(p);

        NtpPacket decoded = Replies.decode(req);
        assertThat(decoded.mac().keyId()).isEqualTo(12);
        assertThat(PacketMac.verify(k, 4, req, 0, NtpPacket.HEADER_LENGTH, req.length)).isTrue();
        assertAccepted(p, reply(req, k));
    }

    @Test
    void keyedSource_unsignedThenForgedThenGenuineReply_onlyGenuineAcceptedAndTest5Shown() {
        SymmetricKey k = key(KeyType.SHA256, 3, 1);
        SourcePoller p = poller(k, 3);
        byte[] req = sendFrom(p);

        SourcePoller.Reply unsigned = deliver(p, reply(req, null));
        assertThat(unsigned).isInstanceOf(SourcePoller.Reply.Ignored.class);
        assertThat(((SourcePoller.Reply.Ignored) unsigned).why()).isEqualTo("111 011 1111");
        assertThat(p.lastVerdicts().passed(PacketTest.AUTHENTICATION)).isFalse();
        assertThat(p.reach()).as("an unauthentic reply is no reply").isZero();
        assertThat(p.validReplies()).isZero();

        SourcePoller.Reply forged = deliver(p, reply(req, key(KeyType.SHA256, 3, 2)));
        assertThat(forged).as("right key id, wrong secret").isInstanceOf(SourcePoller.Reply.Ignored.class);

        assertAccepted(p, reply(req, k)); // the request stayed open for the genuine reply
    }

    @Test
    void keyedSource_replySignedWithAnotherKnownKeyId_failsTest5() {
        SymmetricKey k = key(KeyType.AES128, 3, 1);
        SourcePoller p = poller(k, 3);
        byte[] req = sendFrom(p);

        assertThat(deliver(p, reply(req, key(KeyType.AES128, 4, 1)))).isInstanceOf(SourcePoller.Reply.Ignored.class);
        assertThat(p.lastVerdicts().passed(PacketTest.AUTHENTICATION)).isFalse();
    }

    @Test
    void keyedSource_cryptoNakReply_failsTest5() {
        SymmetricKey k = key(KeyType.SHA1, 3, 1);
        SourcePoller p = poller(k, 3);
        byte[] req = sendFrom(p);
        byte[] plain = reply(req, null);
        byte[] nak = Arrays.copyOf(plain, plain.length + 4);

        assertThat(deliver(p, nak)).isInstanceOf(SourcePoller.Reply.Ignored.class);
        assertThat(p.lastVerdicts().passed(PacketTest.AUTHENTICATION)).isFalse();
    }

    @Test
    void keyMissingFromKeyFile_requestUnsignedAndEveryReplyFailsTest5() {
        SourcePoller p = poller(null, 8);
        byte[] req = sendFrom(p);

        assertThat(req).hasSize(NtpPacket.HEADER_LENGTH);
        assertThat(deliver(p, reply(req, key(KeyType.SHA1, 8, 1)))).isInstanceOf(SourcePoller.Reply.Ignored.class);
        assertThat(p.lastVerdicts().passed(PacketTest.AUTHENTICATION)).isFalse();
    }

    @Test
    void unkeyedSource_signedReply_accepted() {
        SourcePoller p = new SourcePoller(0, SourceConfig.defaults("a"));
        byte[] req = sendFrom(p);

        assertThat(deliver(p, reply(req, key(KeyType.SHA1, 8, 1)))).isInstanceOf(SourcePoller.Reply.Accepted.class);
    }

    @Test
    void keyedSource_version3Sha512_wholeDigestOnTheWire() {
        SymmetricKey k = key(KeyType.SHA512, 3, 1);
        SourcePoller p = new SourcePoller(0, new SourceConfig("a", 6, 10, false, false, false, false, 3.0, 3)
                .withKey(3), k);

        byte[] req = p.request(random);

        assertThat(req).hasSize(NtpPacket.HEADER_LENGTH + 68);
        assertThat(NtpCodec.getInt(req, NtpPacket.HEADER_LENGTH)).isEqualTo(3);
        assertThat(PacketMac.verify(k, 3, req, 0, NtpPacket.HEADER_LENGTH, req.length)).isTrue();
    }
}
