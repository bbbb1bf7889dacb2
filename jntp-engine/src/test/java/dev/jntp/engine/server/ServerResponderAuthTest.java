// Tests the server's symmetric-key authentication: signed replies for every key type, crypto-NAKs, counters, sizes.
package dev.jntp.engine.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jntp.engine.auth.KeyRing;
import dev.jntp.engine.auth.PacketMac;
import dev.jntp.proto.DecodeResult;
import dev.jntp.proto.KeyType;
import dev.jntp.proto.LeapIndicator;
import dev.jntp.proto.LegacyMac;
import dev.jntp.proto.NtpCodec;
import dev.jntp.proto.NtpPacket;
import dev.jntp.proto.NtpShort;
import dev.jntp.proto.NtpTimestamp;
import dev.jntp.proto.ReferenceId;
import dev.jntp.proto.SymmetricKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ServerResponderAuthTest {

    private static final byte[] CLIENT = {127, 0, 0, 1};
    private static final NtpTimestamp RECEIVE = NtpTimestamp.fromUnixNanos(1_767_225_600_123_456_789L);
    private static final NtpTimestamp TRANSMIT = RECEIVE.plusNanos(25_000);
    private static final ReferenceState SYNCED = new ReferenceState(LeapIndicator.NO_WARNING, 2, -23,
            ReferenceId.ofIpv4(new byte[] {(byte) 192, 0, 2, 1}), new NtpShort(0x100), new NtpShort(0x200),
            RECEIVE.plusNanos(-64_000_000_000L));

    private final ServerStats stats = new ServerStats();
    private final ServerResponder responder = new ServerResponder(
            AccessFilter.of(List.of(new AccessFilter.Rule(true, true, null))), stats);

    /** One key of every type, with ids 1, 2, ... in KeyType order. */
    private static final List<SymmetricKey> KEYS = keys();

    private static List<SymmetricKey> keys() {
        List<SymmetricKey> out = new ArrayList<>();
        Random rnd = new Random(0x5EED_4E75L);
        for (KeyType t : KeyType.values()) {
            byte[] secret = new byte[t.isCipher() ? t.cipherKeyLength() : 16 + t.ordinal()];
            rnd.nextBytes(secret);
            out.add(new SymmetricKey(t.ordinal() + 1, t, secret));
        }
        return out;
    }

    private static SymmetricKey keyOf(KeyType t) {
        return KEYS.get(t.ordinal());
    }

    /** A client request of {@code version} signed with {@code key}. */
    private static byte[] signedRequest(int version, SymmetricKey key) {
        byte[] buf = new byte[NtpPacket.HEADER_LENGTH + PacketMac.trailerLength(key, version)];
        NtpCodec.encodeInto(NtpPacket.clientRequest(version, new NtpTimestamp(0xF00D_CAFE_1234_5678L)), buf, 0);
        PacketMac.sign(key, version, buf, 0, NtpPacket.HEADER_LENGTH);
        return buf;
    }

    /** The finished reply (transmit timestamp in, signed again), or an empty array when dropped. */
    private byte[] exchange(byte[] request) {
        byte[] out = new byte[ServerResponder.MAX_REPLY_LENGTH];
        int n = responder.respond(request, request.length, CLIENT, RECEIVE, SYNCED, out);
        if (n > 0) {
            responder.finish(out, n, TRANSMIT);
        }
        return Arrays.copyOf(out, n);
    }

    private static NtpPacket decode(byte[] reply) {
        return ((DecodeResult.Decoded) NtpCodec.decode(reply)).packet();
    }

    @ParameterizedTest
    @EnumSource(KeyType.class)
    void signedRequest_knownKey_replySignedWithSameKeyAndNoLongerThanRequest(KeyType type) {
        responder.setKeys(KeyRing.of(KEYS));
        for (int version = 1; version <= 4; version++) {
            SymmetricKey k = keyOf(type);
            byte[] req = signedRequest(version, k);

            byte[] reply = exchange(req);

            assertThat(reply).as("version %d", version).hasSize(req.length);
            NtpPacket p = decode(reply);
            assertThat(p.mac().keyId()).isEqualTo(k.id());
            assertThat(p.transmitTimestamp()).isEqualTo(TRANSMIT);
            assertThat(PacketMac.verify(k, version, reply, 0, NtpPacket.HEADER_LENGTH, reply.length))
                    .as("the MAC covers the transmit timestamp, version %d", version).isTrue();
        }
        assertThat(stats.snapshot().get(ServerCounter.AUTHENTICATED)).isEqualTo(4);
        assertThat(stats.snapshot().get(ServerCounter.ANSWERED)).isEqualTo(4);
    }

    @Test
    void signedReply_transmitStampedWithoutFinish_macNoLongerValid() {
        SymmetricKey k = keyOf(KeyType.AES128);
        responder.setKeys(KeyRing.of(List.of(k)));
        byte[] req = signedRequest(4, k);
        byte[] out = new byte[ServerResponder.MAX_REPLY_LENGTH];
        int n = responder.respond(req, req.length, CLIENT, RECEIVE, SYNCED, out);

        ServerResponder.stampTransmit(out, TRANSMIT);

        assertThat(PacketMac.verify(k, 4, out, 0, NtpPacket.HEADER_LENGTH, n)).isFalse();
        responder.finish(out, n, TRANSMIT);
        assertThat(PacketMac.verify(k, 4, out, 0, NtpPacket.HEADER_LENGTH, n)).isTrue();
    }

    @ParameterizedTest
    @EnumSource(KeyType.class)
    void tamperedRequest_knownKey_cryptoNakAndBadMacCounted(KeyType type) {
        responder.setKeys(KeyRing.of(KEYS));
        byte[] req = signedRequest(4, keyOf(type));
        req[NtpCodec.OFF_TRANSMIT] ^= 1;

        byte[] reply = exchange(req);

        assertThat(reply).hasSize(NtpPacket.HEADER_LENGTH + LegacyMac.LENGTH_NAK);
        assertThat(decode(reply).mac().isCryptoNak()).isTrue();
        assertThat(stats.snapshot()).containsEntry(ServerCounter.AUTH_BAD_MAC, 1L)
                .containsEntry(ServerCounter.AUTHENTICATED, 0L).containsEntry(ServerCounter.ANSWERED, 1L);
    }

    @ParameterizedTest
    @EnumSource(KeyType.class)
    void signedRequest_keyIdNotKnown_cryptoNakAndUnknownKeyCounted(KeyType type) {
        SymmetricKey k = keyOf(type);
        responder.setKeys(KeyRing.of(KEYS.stream().filter(o -> o.id() != k.id()).toList()));

        byte[] reply = exchange(signedRequest(4, k));

        assertThat(decode(reply).mac().isCryptoNak()).isTrue();
        assertThat(stats.snapshot()).containsEntry(ServerCounter.AUTH_UNKNOWN_KEY, 1L)
                .containsEntry(ServerCounter.AUTH_BAD_MAC, 0L);
    }

    @Test
    void signedRequest_sameIdOtherType_cryptoNak() {
        SymmetricKey k = keyOf(KeyType.SHA1);
        responder.setKeys(KeyRing.of(List.of(new SymmetricKey(k.id(), KeyType.MD5, k.secret()))));

        assertThat(decode(exchange(signedRequest(4, k))).mac().isCryptoNak()).isTrue();
        assertThat(stats.snapshot()).containsEntry(ServerCounter.AUTH_BAD_MAC, 1L);
    }

    @Test
    void v3RequestWithTruncatedSha256Mac_cryptoNak() {
        // chrony's rule: before NTPv4 the whole digest, so a 20-octet SHA256 digest is wrong there.
        SymmetricKey k = keyOf(KeyType.SHA256);
        responder.setKeys(KeyRing.of(List.of(k)));
        byte[] v4 = signedRequest(4, k);
        v4[0] = (byte) ((v4[0] & 0xC7) | (3 << 3));

        assertThat(decode(exchange(v4)).mac().isCryptoNak()).isTrue();
    }

    @Test
    void unsignedOrNakRequest_withKeys_plainReplyNothingCounted() {
        responder.setKeys(KeyRing.of(KEYS));
        byte[] plain = signedRequest(4, keyOf(KeyType.MD5));
        byte[] header = Arrays.copyOf(plain, NtpPacket.HEADER_LENGTH);
        byte[] nak = Arrays.copyOf(plain, NtpPacket.HEADER_LENGTH + 4);
        NtpCodec.putInt(nak, NtpPacket.HEADER_LENGTH, 0);

        assertThat(exchange(header)).hasSize(NtpPacket.HEADER_LENGTH);
        assertThat(exchange(nak)).hasSize(NtpPacket.HEADER_LENGTH);
        assertThat(stats.snapshot()).containsAllEntriesOf(Map.of(ServerCounter.AUTHENTICATED, 0L,
                ServerCounter.AUTH_BAD_MAC, 0L, ServerCounter.AUTH_UNKNOWN_KEY, 0L));
    }

    @Test
    void longestReply_v3Sha512_fitsMaxReplyLength() {
        SymmetricKey k = keyOf(KeyType.SHA512);
        responder.setKeys(KeyRing.of(List.of(k)));

        assertThat(exchange(signedRequest(3, k))).hasSize(ServerResponder.MAX_REPLY_LENGTH);
    }
}
