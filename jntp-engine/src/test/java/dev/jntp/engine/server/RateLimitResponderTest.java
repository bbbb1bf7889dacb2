// Tests the responder with a rate limiter: drops and KoD RATE replies counted, the KoD's fields as chrony's, poll hint.
package dev.jntp.engine.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jntp.proto.LeapIndicator;
import dev.jntp.proto.Mode;
import dev.jntp.proto.NtpCodec;
import dev.jntp.proto.NtpPacket;
import dev.jntp.proto.NtpShort;
import dev.jntp.proto.NtpTimestamp;
import dev.jntp.proto.ReferenceId;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class RateLimitResponderTest {

    private static final long SEED = 0x5EED_0C0DL;
    private static final byte[] CLIENT = {(byte) 192, 0, 2, 10};
    private static final NtpTimestamp RECEIVE = NtpTimestamp.fromUnixNanos(1_767_225_600_123_456_789L);
    private static final ReferenceState SYNCED = new ReferenceState(LeapIndicator.NO_WARNING, 2, -23,
            ReferenceId.ofIpv4(new byte[] {(byte) 192, 0, 2, 1}), new NtpShort(0x0001_8000), new NtpShort(0x0000_4321),
            RECEIVE.plusNanos(-64_000_000_000L));
    private static final long TRANSMIT = 0xF00D_CAFE_1234_5678L;

    private final ServerStats stats = new ServerStats();

    private ServerResponder responder(RateLimiter.Settings settings) {
        return new ServerResponder(AccessFilter.of(List.of(new AccessFilter.Rule(true, false, null))), stats,
                new RateLimiter(settings, new ClientTable(1 << 16), SEED));
    }

    private static byte[] request(int poll, int length) {
        byte[] r = new byte[length];
        r[0] = (byte) ((4 << 3) | Mode.CLIENT.code());
        r[NtpCodec.OFF_POLL] = (byte) poll;
        NtpCodec.putLong(r, NtpCodec.OFF_TRANSMIT, TRANSMIT);
        if (length > NtpPacket.HEADER_LENGTH) {
            NtpCodec.putInt(r, NtpPacket.HEADER_LENGTH, 1); // key 1, a 16-octet digest: a crypto-NAK reply
        }
        return r;
    }

    @Test
    void respond_floodWithKod1_answersKissesAndDropsCountedAndKissIsChronys() {
        ServerResponder r = responder(new RateLimiter.Settings(3, 8, 2, 1));
        byte[] req = request(6, NtpPacket.HEADER_LENGTH);
        byte[] out = new byte[ServerResponder.MAX_REPLY_LENGTH];
        byte[] kiss = null;
        int n = 4000;
        for (int i = 0; i < n; i++) {
            Arrays.fill(out, (byte) 0xEE);
            int len = r.respond(req, req.length, CLIENT, RECEIVE, SYNCED, out);
            if (len > 0 && out[NtpCodec.OFF_STRATUM] == 0) {
                kiss = Arrays.copyOf(out, len);
            }
        }

        long answered = stats.get(ServerCounter.ANSWERED);
        long kod = stats.get(ServerCounter.KOD_RATE);
        long limited = stats.get(ServerCounter.RATE_LIMITED);
        assertThat(answered + kod + limited).isEqualTo(n);
        assertThat(answered).as("8 + 1/4 of the rest").isBetween(8 + 850L, 8 + 1150L);
        assertThat(kod).as("1/2 of the 3/4 not leaked").isBetween(1300L, 1700L);
        assertThat(kiss).as("a KoD was sent").isNotNull().hasSize(NtpPacket.HEADER_LENGTH);
        assertThat((kiss[0] >> 6) & 3).as("leap: unsynchronised").isEqualTo(3);
        assertThat((kiss[0] >> 3) & 7).as("version echoed").isEqualTo(4);
        assertThat(kiss[0] & 7).as("server mode").isEqualTo(Mode.SERVER.code());
        assertThat(kiss[NtpCodec.OFF_STRATUM]).as("stratum 0: a kiss").isZero();
        assertThat(NtpCodec.getInt(kiss, NtpCodec.OFF_REFERENCE_ID)).as("kiss code RATE").isEqualTo(0x52415445);
        assertThat(NtpCodec.getLong(kiss, NtpCodec.OFF_ORIGIN)).as("origin echoed, so the client accepts it")
                .isEqualTo(TRANSMIT);
        assertThat(NtpCodec.getLong(kiss, NtpCodec.OFF_RECEIVE)).isEqualTo(RECEIVE.raw());
        assertThat(kiss[NtpCodec.OFF_POLL]).isEqualTo((byte) 6);
    }

    @Test
    void respond_kissForARequestWithMac_droppedNotNakked() {
        ServerResponder r = responder(new RateLimiter.Settings(3, 1, 4, 1));
        byte[] req = request(6, NtpPacket.HEADER_LENGTH + 20);
        byte[] out = new byte[ServerResponder.MAX_REPLY_LENGTH];
        int replies = 0;
        for (int i = 0; i < 1000; i++) {
            int len = r.respond(req, req.length, CLIENT, RECEIVE, SYNCED, out);
            if (len > 0) {
                replies++;
                assertThat(len).as("a header and a crypto-NAK").isEqualTo(NtpPacket.HEADER_LENGTH + 4);
                assertThat(out[NtpCodec.OFF_STRATUM]).as("crypto-NAKs only, never a KoD").isNotZero();
            }
        }
        assertThat(stats.get(ServerCounter.KOD_RATE)).isZero();
        assertThat(stats.get(ServerCounter.ANSWERED)).isEqualTo(replies);
        assertThat(stats.get(ServerCounter.RATE_LIMITED)).isEqualTo(1000 - replies);
    }

    @Test
    void respond_withLimiter_pollAtLeastTheInterval() {
        ServerResponder r = responder(new RateLimiter.Settings(5, 8, 2, 0));
        byte[] out = new byte[ServerResponder.MAX_REPLY_LENGTH];

        r.respond(request(3, 48), 48, CLIENT, RECEIVE, SYNCED, out);
        assertThat(out[NtpCodec.OFF_POLL]).isEqualTo((byte) 5);
        r.respond(request(10, 48), 48, CLIENT, RECEIVE, SYNCED, out);
        assertThat(out[NtpCodec.OFF_POLL]).isEqualTo((byte) 10);
        r.respond(request(-3, 48), 48, CLIENT, RECEIVE, SYNCED, out);
        assertThat(out[NtpCodec.OFF_POLL]).isEqualTo((byte) 5);
    }

    @Test
    void respond_deniedOrMalformed_neverReachTheLimiter() {
        ClientTable table = new ClientTable(1 << 16);
        ServerResponder r = new ServerResponder(AccessFilter.denyAll(), stats,
                new RateLimiter(RateLimiter.Settings.DEFAULTS, table, SEED));
        byte[] out = new byte[ServerResponder.MAX_REPLY_LENGTH];

        r.respond(request(6, 48), 48, CLIENT, RECEIVE, SYNCED, out);
        ServerResponder open = new ServerResponder(AccessFilter.of(List.of(new AccessFilter.Rule(true, false, null))),
                stats, new RateLimiter(RateLimiter.Settings.DEFAULTS, table, SEED));
        open.respond(Arrays.copyOf(request(6, 48), 47), 47, CLIENT, RECEIVE, SYNCED, out);

        assertThat(table.entries()).as("no record for requests that are not answered anyway").isEmpty();
        assertThat(stats.get(ServerCounter.DENIED)).isEqualTo(1);
        assertThat(stats.get(ServerCounter.MALFORMED)).isEqualTo(1);
    }
}
