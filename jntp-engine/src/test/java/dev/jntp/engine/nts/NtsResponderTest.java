// Tests of the server's NTS replies through ServerResponder: authenticated replies, cookies, NAKs, drops, sizes.
package dev.jntp.engine.nts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.jntp.engine.server.AccessFilter;
import dev.jntp.engine.server.ReferenceState;
import dev.jntp.engine.server.ServerCounter;
import dev.jntp.engine.server.ServerResponder;
import dev.jntp.engine.server.ServerStats;
import dev.jntp.proto.DecodeResult;
import dev.jntp.proto.ExtensionField;
import dev.jntp.proto.KissCode;
import dev.jntp.proto.LeapIndicator;
import dev.jntp.proto.NtpCodec;
import dev.jntp.proto.NtpPacket;
import dev.jntp.proto.NtpShort;
import dev.jntp.proto.NtpTimestamp;
import dev.jntp.proto.ReferenceId;
import dev.jntp.proto.nts.EncryptedField;
import dev.jntp.proto.nts.NtsField;
import dev.jntp.proto.nts.NtsFields;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class NtsResponderTest {

    private static final long SEED = 0x4E54_534EL;
    private static final long NOW = 1_767_225_600L;
    private static final byte[] CLIENT = {127, 0, 0, 1};
    private static final NtpTimestamp RECEIVE = NtpTimestamp.fromUnixNanos(NOW * 1_000_000_000L + 123_456_789L);
    private static final NtpTimestamp TRANSMIT = RECEIVE.plusNanos(25_000);
    private static final ReferenceState SYNCED = new ReferenceState(LeapIndicator.NO_WARNING, 2, -23,
            ReferenceId.LOCAL, NtpShort.ZERO, new NtpShort(0x0000_4321), RECEIVE.plusNanos(-64_000_000_000L));

    private final Random rnd = new Random(SEED);
    private final CookieKeys ring = CookieKeys.empty().rotate(NOW, 604_800, rnd);
    private final ServerStats stats = new ServerStats();
    private final NtsStats nts = new NtsStats();
    private final ServerResponder responder = responder(ring, stats, nts);
    private final NtsKeys keys = CookiesTest.keys(rnd, AeadAlgorithm.AES_SIV_CMAC_256);
    private final byte[] uid = bytes(32);

    private ServerResponder responder(CookieKeys keyRing, ServerStats s, NtsStats n) {
        ServerResponder r = new ServerResponder(AccessFilter.of(List.of(new AccessFilter.Rule(true, true, null))), s);
        r.setNts(new NtsResponder(keyRing, NOW, () -> TRANSMIT, new Random(SEED + 1), n));
        return r;
    }

    private byte[] bytes(int n) {
        byte[] b = new byte[n];
        rnd.nextBytes(b);
        return b;
    }

    private static byte[] header() {
        byte[] h = new byte[NtpPacket.HEADER_LENGTH];
        h[0] = 0x23;
        NtpCodec.putLong(h, NtpCodec.OFF_TRANSMIT, 0x1122_3344_5566_7788L);
        return h;
    }

    private byte[] cookie() {
        return Cookies.seal(keys, ring.current(NOW).orElseThrow(), bytes(16));
    }

    private byte[] request(byte[] cookie, int placeholders) {
        return NtsClientPackets.request(header(), uid, cookie, placeholders, keys, bytes(16));
    }

    private byte[] respond(ServerResponder r, byte[] request) {
        byte[] out = new byte[65_536];
        int n = r.respond(request, request.length, CLIENT, RECEIVE, SYNCED, out);
        ServerResponder.stampTransmit(out, TRANSMIT.plusNanos(1_000_000));
        return Arrays.copyOf(out, n);
    }

    private NtsClientPackets.Reply check(byte[] reply) {
        return NtsClientPackets.check(reply, uid, keys);
    }

    @Test
    void respond_chronyLikeRequest_authenticatedReplyOfTheSameLengthWithOneFreshCookie() {
        byte[] request = request(cookie(), 0);
        byte[] reply = respond(responder, request);
        assertThat(reply).hasSize(request.length);
        assertThat(check(reply)).isInstanceOfSatisfying(NtsClientPackets.Reply.Authenticated.class, a -> {
            assertThat(a.cookies()).hasSize(1);
            assertThat(a.cookies().getFirst()).hasSize(104);
            assertThat(Cookies.open(a.cookies().getFirst(), ring)).isInstanceOfSatisfying(CookieOpening.Opened.class,
                    o -> assertThat(o.keys()).isEqualTo(keys));
            assertThat(a.packet().transmitTimestamp()).as("stamped before sealing, kept by stampTransmit")
                    .isEqualTo(TRANSMIT);
            assertThat(a.packet().stratum()).isEqualTo(2);
            assertThat(a.packet().originTimestamp().raw()).isEqualTo(0x1122_3344_5566_7788L);
        });
        assertThat(nts.get(NtsCounter.AUTHENTICATED)).isEqualTo(1);
        assertThat(stats.get(ServerCounter.ANSWERED)).isEqualTo(1);
        // 48 header + 36 identifier + 148 authenticator (4 + 4 + 16 nonce + 16 tag + 108 cookie field).
        assertThat(reply).hasSize(232);
    }

    @Test
    void respond_placeholders_oneCookieEachUpToEightAndNeverLongerThanTheRequest() {
        for (int placeholders = 0; placeholders <= 10; placeholders++) {
            byte[] request = request(cookie(), placeholders);
            byte[] reply = respond(responder, request);
            assertThat(reply).as("%d placeholders", placeholders).hasSize(request.length);
            NtsClientPackets.Reply.Authenticated a = (NtsClientPackets.Reply.Authenticated) check(reply);
            assertThat(a.cookies()).hasSize(Math.min(8, 1 + placeholders));
        }
    }

    @Test
    void respond_encryptedPlaceholders_countAsRequests() {
        byte[] cookie = cookie();
        List<ExtensionField> clear = List.of(NtsFields.encode(new NtsField.UniqueIdentifier(uid)),
                NtsFields.encode(new NtsField.Cookie(cookie)));
        byte[] ad = with(header(), clear);
        byte[] plain = NtsFields.encodePlaintext(List.of(new EncryptedField(0x0304, new byte[104]),
                new EncryptedField(0x0304, new byte[104])));
        byte[] nonce = bytes(16);
        byte[] request = with(ad, List.of(NtsFields.authenticator(nonce, AesSiv.seal(keys.c2s(), plain, ad, nonce), 0)));
        NtsClientPackets.Reply.Authenticated a = (NtsClientPackets.Reply.Authenticated) check(respond(responder,
                request));
        assertThat(a.cookies()).hasSize(3);
    }

    @Test
    void respond_cookieOfAnotherServer_isNtsNakWithTheIdentifierOnly() {
        CookieKeys other = CookieKeys.empty().rotate(NOW, 604_800, new Random(SEED + 9));
        byte[] foreign = Cookies.seal(keys, other.keys().getFirst(), bytes(16));
        byte[] reply = respond(responder, request(foreign, 2));
        assertNak(reply);
        assertThat(nts.get(NtsCounter.NAK_UNKNOWN_KEY)).isEqualTo(1);
        assertThat(stats.get(ServerCounter.ANSWERED)).isEqualTo(1);
    }

    private void assertNak(byte[] reply) {
        assertThat(check(reply)).isInstanceOf(NtsClientPackets.Reply.Nak.class);
        NtpPacket p = ((DecodeResult.Decoded) NtpCodec.decode(reply)).packet();
        assertThat(p.kissCode()).contains(KissCode.NTSN);
        assertThat(p.leap()).isEqualTo(LeapIndicator.UNSYNCHRONIZED);
        assertThat(p.extensions()).hasSize(1);
        assertThat(p.transmitTimestamp()).isEqualTo(TRANSMIT.plusNanos(1_000_000));
        assertThat(reply).hasSize(48 + 36);
    }

    @Test
    void respond_headerChangedAfterSealing_isNakForBadAuthentication() {
        byte[] request = request(cookie(), 0);
        request[NtpCodec.OFF_POLL] ^= 1;
        assertNak(respond(responder, request));
        assertThat(nts.get(NtsCounter.NAK_BAD_AUTH)).isEqualTo(1);
    }

    @Test
    void respond_cookieTampered_isNak() {
        byte[] cookie = cookie();
        cookie[50] ^= 1;
        assertNak(respond(responder, request(cookie, 0)));
        assertThat(nts.get(NtsCounter.NAK_BAD_AUTH)).isEqualTo(1);
    }

    @Test
    void respond_afterTheKeyRetires_previousKeysStillOpenAndOldOnesNak() {
        byte[] old = cookie();
        long week = 604_800;
        CookieKeys later = ring;
        for (long t = NOW; t <= NOW + 3 * week; t += 3600) {
            later = later.rotate(t, week, rnd);
        }
        ServerResponder two = responder(ring.rotate(NOW + 2 * week, week, rnd), new ServerStats(), new NtsStats());
        assertThat(check(respond(two, request(old, 0)))).isInstanceOf(NtsClientPackets.Reply.Authenticated.class);
        ServerResponder four = responder(later, new ServerStats(), new NtsStats());
        assertThat(check(respond(four, request(old, 0)))).isInstanceOf(NtsClientPackets.Reply.Nak.class);
    }

    @Test
    void respond_serversSharingKeys_acceptEachOthersCookies() {
        NtsStats otherStats = new NtsStats();
        ServerResponder sibling = responder(ring, new ServerStats(), otherStats);
        NtsClientPackets.Reply.Authenticated a = (NtsClientPackets.Reply.Authenticated) check(respond(responder,
                request(cookie(), 1)));
        for (byte[] c : a.cookies()) {
            assertThat(check(respond(sibling, request(c, 0)))).isInstanceOf(NtsClientPackets.Reply.Authenticated.class);
        }
        assertThat(otherStats.get(NtsCounter.AUTHENTICATED)).isEqualTo(2);
    }

    @Test
    void respond_missingOrMisplacedFields_areDroppedAsMalformed() {
        byte[] good = request(cookie(), 1);
        List<ExtensionField> efs = ((DecodeResult.Decoded) NtpCodec.decode(good)).packet().extensions();
        ExtensionField uidField = efs.get(0);
        ExtensionField cookieField = efs.get(1);
        ExtensionField placeholder = efs.get(2);
        ExtensionField auth = efs.get(3);
        ExtensionField shortPlaceholder = NtsFields.encode(new NtsField.CookiePlaceholder(100));
        List<List<ExtensionField>> bad = List.of(List.of(cookieField, placeholder, auth),
                List.of(uidField, placeholder, auth), List.of(uidField, cookieField, placeholder),
                List.of(uidField, cookieField, auth, placeholder), List.of(uidField, uidField, cookieField, auth),
                List.of(uidField, cookieField, cookieField, auth), List.of(uidField, cookieField, shortPlaceholder, auth),
                List.of(uidField, cookieField, placeholder, shortPlaceholder, auth));
        for (List<ExtensionField> fields : bad) {
            assertThat(respond(responder, with(header(), fields))).as("%s", fields).isEmpty();
        }
        assertThat(nts.get(NtsCounter.MALFORMED)).isEqualTo(bad.size());
        assertThat(stats.get(ServerCounter.MALFORMED)).isEqualTo(bad.size());
    }

    @Test
    void respond_ntsOff_answersAPlainReplyAsBefore() {
        ServerResponder plain = new ServerResponder(AccessFilter.of(List.of(new AccessFilter.Rule(true, true, null))),
                new ServerStats());
        byte[] reply = respond(plain, request(cookie(), 0));
        assertThat(reply).hasSize(48);
    }

    @Test
    void respond_mutatedRequests_neverThrowNeverLongerThanRequestOnlyIntactOnesAuthenticated() {
        Random r = new Random(SEED);
        List<byte[]> seeds = new ArrayList<>();
        for (int p = 0; p < 3; p++) {
            seeds.add(request(cookie(), p));
        }
        byte[] out = new byte[2048];
        for (int i = 0; i < 20_000; i++) {
            byte[] seed = seeds.get(r.nextInt(seeds.size()));
            byte[] req = seed.clone();
            int len = req.length;
            for (int ops = 1 + r.nextInt(3); ops > 0; ops--) {
                switch (r.nextInt(3)) {
                    case 0 -> req[r.nextInt(Math.max(1, len))] ^= (byte) (1 << r.nextInt(8));
                    case 1 -> len = r.nextInt(len + 1);
                    default -> req[48 + r.nextInt(len - 48 > 0 ? len - 48 : 1)] = (byte) r.nextInt(256);
                }
            }
            long before = nts.get(NtsCounter.AUTHENTICATED);
            int n = responder.respond(req, len, CLIENT, RECEIVE, SYNCED, out);
            boolean unchanged = len == seed.length && Arrays.equals(req, seed);
            if (n > len || (nts.get(NtsCounter.AUTHENTICATED) > before && !unchanged)) {
                fail("seed %d, iteration %d: %d-octet request %s got %d octets", SEED, i, len,
                        HexFormat.of().formatHex(req, 0, len), n);
            }
        }
    }

    @Test
    void respond_smallOutputBuffer_dropsRatherThanOverflows() {
        byte[] request = request(cookie(), 0);
        byte[] out = new byte[ServerResponder.MAX_REPLY_LENGTH];
        assertThat(responder.respond(request, request.length, CLIENT, RECEIVE, SYNCED, out)).isZero();
    }

    private static byte[] with(byte[] header, List<ExtensionField> fields) {
        int n = header.length;
        for (ExtensionField f : fields) {
            n += f.length();
        }
        byte[] out = Arrays.copyOf(header, n);
        int pos = header.length;
        for (ExtensionField f : fields) {
            NtpCodec.putShort(out, pos, f.type());
            NtpCodec.putShort(out, pos + 2, f.length());
            System.arraycopy(f.body(), 0, out, pos + 4, f.length() - 4);
            pos += f.length();
        }
        return out;
    }
}
