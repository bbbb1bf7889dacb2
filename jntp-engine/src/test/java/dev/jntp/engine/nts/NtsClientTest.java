// Tests of one source's NTS client state against jntp's own NTS server code: cookie jar, replies, NAKs, NTS-KE back-off.
package dev.jntp.engine.nts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jntp.proto.DecodeResult;
import dev.jntp.proto.ExtensionField;
import dev.jntp.proto.ExtensionFieldType;
import dev.jntp.proto.NtpCodec;
import dev.jntp.proto.NtpPacket;
import dev.jntp.proto.NtpTimestamp;
import java.util.Random;
import org.junit.jupiter.api.Test;

class NtsClientTest {

    private static final long SEED = 0x8915_0001L;
    private static final long S = 1_000_000_000L;
    private static final long T0 = 1_000 * S;

    private final NtsServerFixture server = new NtsServerFixture(SEED);
    private final NtsClient client = new NtsClient(new Random(SEED + 1));
    private long headerCount;

    private byte[] header() {
        return NtpCodec.encode(NtpPacket.clientRequest(4, new NtpTimestamp(0x0102_0304_0506_0000L + headerCount++)));
    }

    private byte[] send(long now) {
        NtsClient.Poll p = client.poll(now, header());
        assertThat(p).as("poll at %d s", now / S).isInstanceOf(NtsClient.Poll.Send.class);
        return ((NtsClient.Poll.Send) p).request();
    }

    private static int count(byte[] packet, ExtensionFieldType type) {
        NtpPacket p = ((DecodeResult.Decoded) NtpCodec.decode(packet)).packet();
        return (int) p.extensions().stream().filter(f -> f.type() == type.code()).count();
    }

    private NtsClient.Check exchange(long now) {
        byte[] reply = server.answer(send(now));
        return client.onReply(reply, reply.length);
    }

    @Test
    void poll_withoutCookies_asksForNtsKeOnceAndWaitsWhileItRuns() {
        assertThat(client.poll(T0, header())).isInstanceOf(NtsClient.Poll.KeyExchange.class);
        assertThat(client.keyExchangeRunning()).isTrue();
        assertThat(client.poll(T0 + 2 * S, header())).isInstanceOfSatisfying(NtsClient.Poll.Wait.class,
                w -> assertThat(w.why()).contains("in progress"));
        client.onKeyExchange(T0 + 3 * S, server.keyExchange());
        assertThat(client.cookies()).isEqualTo(8);
        assertThat(client.status(T0 + 3 * S).state()).isEqualTo("ready");
    }

    @Test
    void request_fullJar_oneCookieNoPlaceholder_repliesKeepTheJarFull() {
        client.poll(T0, header());
        client.onKeyExchange(T0, server.keyExchange());
        for (int i = 0; i < 20; i++) {
            byte[] request = send(T0 + i * S);
            assertThat(count(request, ExtensionFieldType.NTS_COOKIE)).isEqualTo(1);
            assertThat(count(request, ExtensionFieldType.NTS_COOKIE_PLACEHOLDER)).as("jar of 7 lacks one").isZero();
            byte[] reply = server.answer(request);
            assertThat(client.onReply(reply, reply.length)).isEqualTo(NtsClient.Check.AUTHENTICATED);
            assertThat(client.cookies()).isEqualTo(8);
        }
        assertThat(client.status(T0).authenticated()).isEqualTo(20);
        assertThat(client.status(T0).cookieLength()).isEqualTo(104);
    }

    @Test
    void request_jarRunningLow_placeholdersRefillItToEight() {
        client.poll(T0, header());
        client.onKeyExchange(T0, server.keyExchange(8, null, -1));
        // Three requests go unanswered: the jar falls to 5.
        for (int i = 0; i < 3; i++) {
            send(T0 + i * S);
        }
        assertThat(client.cookies()).isEqualTo(5);
        byte[] request = send(T0 + 3 * S);
        assertThat(count(request, ExtensionFieldType.NTS_COOKIE_PLACEHOLDER)).as("4 held, 4 wanted: 1 + 3").isEqualTo(3);
        byte[] reply = server.answer(request);
        assertThat(client.onReply(reply, reply.length)).isEqualTo(NtsClient.Check.AUTHENTICATED);
        assertThat(client.cookies()).isEqualTo(8);
        assertThat(server.stats.get(NtsCounter.AUTHENTICATED)).isEqualTo(1);
    }

    @Test
    void request_oneCookieFromKe_asksForSevenMore() {
        client.poll(T0, header());
        client.onKeyExchange(T0, server.keyExchange(1, null, -1));
        byte[] request = send(T0);
        assertThat(count(request, ExtensionFieldType.NTS_COOKIE_PLACEHOLDER)).isEqualTo(7);
        byte[] reply = server.answer(request);
        assertThat(client.onReply(reply, reply.length)).isEqualTo(NtsClient.Check.AUTHENTICATED);
        assertThat(client.cookies()).isEqualTo(8);
    }

    @Test
    void request_headerOfAnotherVersion_goesOutAsNtpv4() {
        client.poll(T0, header());
        client.onKeyExchange(T0, server.keyExchange());
        byte[] v3 = NtpCodec.encode(NtpPacket.clientRequest(3, new NtpTimestamp(42)));
        byte[] request = ((NtsClient.Poll.Send) client.poll(T0, v3)).request();
        assertThat(((DecodeResult.Decoded) NtpCodec.decode(request)).packet().version()).isEqualTo(4);
    }

    @Test
    void request_eachHasAFreshUniqueIdentifierAndCookie() {
        client.poll(T0, header());
        client.onKeyExchange(T0, server.keyExchange());
        byte[] a = send(T0);
        byte[] b = send(T0 + S);
        assertThat(field(a, ExtensionFieldType.NTS_UNIQUE_IDENTIFIER)).hasSize(NtsClient.UID_LENGTH)
                .isNotEqualTo(field(b, ExtensionFieldType.NTS_UNIQUE_IDENTIFIER));
        assertThat(field(a, ExtensionFieldType.NTS_COOKIE)).isNotEqualTo(field(b, ExtensionFieldType.NTS_COOKIE));
    }

    private static byte[] field(byte[] packet, ExtensionFieldType type) {
        NtpPacket p = ((DecodeResult.Decoded) NtpCodec.decode(packet)).packet();
        return p.extensions().stream().filter(f -> f.type() == type.code()).findFirst().map(ExtensionField::body)
                .orElseThrow();
    }

    @Test
    void reply_toAnEarlierRequest_isInvalid() {
        client.poll(T0, header());
        client.onKeyExchange(T0, server.keyExchange());
        byte[] first = server.answer(send(T0));
        send(T0 + S); // a new request: the first one's identifier is forgotten
        assertThat(client.onReply(first, first.length)).isEqualTo(NtsClient.Check.INVALID);
        assertThat(client.status(T0).lastRejection()).contains("another Unique Identifier");
    }

    @Test
    void reply_secondCopy_isInvalid() {
        client.poll(T0, header());
        client.onKeyExchange(T0, server.keyExchange());
        byte[] reply = server.answer(send(T0));
        assertThat(client.onReply(reply, reply.length)).isEqualTo(NtsClient.Check.AUTHENTICATED);
        assertThat(client.onReply(reply, reply.length)).isEqualTo(NtsClient.Check.INVALID);
        assertThat(client.status(T0).lastRejection()).contains("no NTS request in flight");
    }

    @Test
    void reply_tamperedAnywhere_isInvalidAndTakesNoCookie() {
        client.poll(T0, header());
        client.onKeyExchange(T0, server.keyExchange());
        for (int offset : new int[] {NtpCodec.OFF_TRANSMIT + 7, NtpCodec.OFF_STRATUM, 48 + 10, 100, 200}) {
            byte[] reply = server.answer(send(T0));
            int before = client.cookies();
            reply[offset] ^= 1;
            assertThat(client.onReply(reply, reply.length)).as("octet %d flipped", offset)
                    .isEqualTo(NtsClient.Check.INVALID);
            assertThat(client.cookies()).isEqualTo(before);
        }
        assertThat(client.status(T0).rejected()).isEqualTo(5);
        assertThat(client.status(T0).authenticated()).isZero();
    }

    @Test
    void reply_plainNtpWithoutNts_isInvalid() {
        client.poll(T0, header());
        client.onKeyExchange(T0, server.keyExchange());
        byte[] request = send(T0);
        byte[] plain = server.answer(java.util.Arrays.copyOf(request, 48));
        assertThat(plain).hasSize(48);
        assertThat(client.onReply(plain, plain.length)).isEqualTo(NtsClient.Check.INVALID);
        assertThat(client.status(T0).lastRejection()).isEqualTo("no Unique Identifier");
    }

    @Test
    void nak_unansweredUntilTheNextPoll_dropsTheCookiesAndAsksForNtsKe() {
        client.poll(T0, header());
        client.onKeyExchange(T0, server.keyExchange());
        assertThat(exchange(T0)).isEqualTo(NtsClient.Check.AUTHENTICATED);
        server.rotateAway(); // the server lost its keys (a restart without ntsdumpdir)
        byte[] nak = server.answer(send(T0 + S));
        assertThat(client.onReply(nak, nak.length)).isEqualTo(NtsClient.Check.NAK);
        assertThat(client.status(T0).nak()).isTrue();
        assertThat(client.cookies()).isEqualTo(7);
        assertThat(client.poll(T0 + 2 * S, header())).isInstanceOf(NtsClient.Poll.KeyExchange.class);
        assertThat(client.cookies()).isZero();
        assertThat(client.status(T0 + 2 * S).naks()).isEqualTo(1);
    }

    @Test
    void nak_withoutEverAnAuthenticatedReply_newNtsKeOnlyAfterTheBackOff() {
        client.poll(T0, header());
        client.onKeyExchange(T0, server.keyExchange());
        server.rotateAway();
        byte[] nak = server.answer(send(T0));
        assertThat(client.onReply(nak, nak.length)).isEqualTo(NtsClient.Check.NAK);
        assertThat(client.poll(T0 + S, header())).as("a server that NAKs fresh cookies is not asked again at once")
                .isInstanceOf(NtsClient.Poll.Wait.class);
        assertThat(client.poll(T0 + 1024 * S, header())).isInstanceOf(NtsClient.Poll.KeyExchange.class);
    }

    @Test
    void nak_thenAValidReplyToTheSameRequest_keepsTheCookies() {
        client.poll(T0, header());
        client.onKeyExchange(T0, server.keyExchange());
        byte[] request = send(T0);
        byte[] good = server.answer(request);
        NtsServerFixture other = new NtsServerFixture(SEED + 7);
        byte[] nak = other.answer(request);
        assertThat(client.onReply(nak, nak.length)).isEqualTo(NtsClient.Check.NAK);
        assertThat(client.onReply(good, good.length)).isEqualTo(NtsClient.Check.AUTHENTICATED);
        assertThat(client.poll(T0 + S, header())).isInstanceOf(NtsClient.Poll.Send.class);
    }

    @Test
    void keyExchange_failures_backOffAsChrony() {
        assertThat(client.poll(T0, header())).isInstanceOf(NtsClient.Poll.KeyExchange.class);
        client.onKeyExchange(T0, new NtsKeResult.Failure("connection refused", false));
        assertThat(client.poll(T0 + 15 * S, header())).isInstanceOf(NtsClient.Poll.Wait.class);
        assertThat(client.poll(T0 + 16 * S, header())).as("2^4 s after the first failure")
                .isInstanceOf(NtsClient.Poll.KeyExchange.class);
        client.onKeyExchange(T0 + 16 * S, new NtsKeResult.Failure("connection refused", false));
        assertThat(client.poll(T0 + 47 * S, header())).isInstanceOf(NtsClient.Poll.Wait.class);
        assertThat(client.poll(T0 + 48 * S, header())).as("2^5 s after the second")
                .isInstanceOf(NtsClient.Poll.KeyExchange.class);
        client.onKeyExchange(T0 + 48 * S, new NtsKeResult.Failure("certificate not trusted", true));
        long after = T0 + 48 * S;
        assertThat(client.poll(after + 4095 * S, header())).isInstanceOf(NtsClient.Poll.Wait.class);
        assertThat(client.poll(after + 4096 * S, header())).as("2^(10 + 3 - 1) s after a TLS failure")
                .isInstanceOf(NtsClient.Poll.KeyExchange.class);
        NtsClientStatus st = client.status(after);
        assertThat(st.keAttempts()).isEqualTo(4);
        assertThat(st.keFailures()).isEqualTo(3);
        assertThat(st.lastKeFailure()).isEqualTo("certificate not trusted");
    }

    @Test
    void keyExchange_backOffLimit_isTwoToTheNineteenSeconds() {
        long now = T0;
        for (int i = 0; i < 30; i++) {
            while (!(client.poll(now, header()) instanceof NtsClient.Poll.KeyExchange)) {
                now += 3600 * S;
            }
            client.onKeyExchange(now, new NtsKeResult.Failure("handshake failed", true));
        }
        assertThat(client.poll(now + (1L << 19) * S - S, header())).isInstanceOf(NtsClient.Poll.Wait.class);
        assertThat(client.poll(now + (1L << 19) * S, header())).isInstanceOf(NtsClient.Poll.KeyExchange.class);
    }

    @Test
    void keyExchange_succeededButNoReplies_nextSessionWaitsTheLongInterval() {
        client.poll(T0, header());
        client.onKeyExchange(T0, server.keyExchange(2, null, -1));
        send(T0);
        send(T0 + S);
        assertThat(client.poll(T0 + 2 * S, header())).isInstanceOf(NtsClient.Poll.Wait.class);
        assertThat(client.poll(T0 + 1024 * S, header())).isInstanceOf(NtsClient.Poll.KeyExchange.class);
    }

    @Test
    void authenticatedReply_endsTheBackOff() {
        client.poll(T0, header());
        client.onKeyExchange(T0, server.keyExchange(1, null, -1));
        NtsClient.Check c = exchange(T0);
        assertThat(c).isEqualTo(NtsClient.Check.AUTHENTICATED);
        server.rotateAway();
        for (int i = 1; i <= 8; i++) {
            send(T0 + i * S); // cookies the server no longer knows: no replies
        }
        assertThat(client.poll(T0 + 9 * S, header())).as("cookies ran out, no back-off pending")
                .isInstanceOf(NtsClient.Poll.KeyExchange.class);
        assertThat(client.status(T0).keAttempts()).isEqualTo(1);
    }

    @Test
    void keys_olderThanTheRefreshInterval_areRenewed() {
        NtsClient c = new NtsClient(new Random(SEED), 3600);
        c.poll(T0, header());
        c.onKeyExchange(T0, server.keyExchange());
        assertThat(c.poll(T0 + 3600 * S, header())).isInstanceOf(NtsClient.Poll.Send.class);
        assertThat(c.poll(T0 + 3601 * S, header())).isInstanceOf(NtsClient.Poll.KeyExchange.class);
    }

    @Test
    void keyExchange_serverAndPortRecords_areKeptForTheShell() {
        client.poll(T0, header());
        client.onKeyExchange(T0, server.keyExchange(8, "ntp.example.net", 11123));
        NtsClientStatus st = client.status(T0 + 5 * S);
        assertThat(st.server()).isEqualTo("ntp.example.net");
        assertThat(st.port()).isEqualTo(11123);
        assertThat(st.keyId()).isEqualTo(1);
        assertThat(st.aead()).isEqualTo(AeadAlgorithm.AES_SIV_CMAC_256);
        assertThat(st.lastKeyExchangeNanos()).isEqualTo(T0);
        assertThat(st.keyExchanged()).isTrue();
        assertThat(new NtsClient(new Random(1)).status(T0).keyExchanged()).isFalse();
    }

    @Test
    void onReply_anyOctets_neverThrowsAndAcceptsAtMostOneReply() {
        client.poll(T0, header());
        client.onKeyExchange(T0, server.keyExchange());
        byte[] good = server.answer(send(T0));
        Random r = new Random(SEED);
        int accepted = 0;
        for (int i = 0; i < 5_000; i++) {
            byte[] b = good.clone();
            int len = r.nextInt(b.length + 1);
            b[r.nextInt(b.length)] ^= (byte) (1 + r.nextInt(255));
            if (client.onReply(b, len) == NtsClient.Check.AUTHENTICATED) {
                accepted++;
            }
        }
        assertThat(accepted).as("seed %d: one reply per request at most", SEED).isLessThanOrEqualTo(1);
        assertThat(client.onReply(null, 0)).isEqualTo(NtsClient.Check.INVALID);
        assertThat(client.onReply(good, good.length + 1)).isEqualTo(NtsClient.Check.INVALID);
    }
}
