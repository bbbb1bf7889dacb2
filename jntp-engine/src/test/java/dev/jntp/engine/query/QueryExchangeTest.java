// Tests one client exchange: the request it sends and what it makes of every kind of reply, across the 2036 era rollover too.
package dev.jntp.engine.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.jntp.proto.DecodeResult;
import dev.jntp.proto.KissCode;
import dev.jntp.proto.LeapIndicator;
import dev.jntp.proto.Mode;
import dev.jntp.proto.NtpCodec;
import dev.jntp.proto.NtpPacket;
import dev.jntp.proto.NtpShort;
import dev.jntp.proto.NtpTimestamp;
import dev.jntp.proto.ReferenceId;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class QueryExchangeTest {

    private static final long SEED = 0x0E4C_4A46L;
    private static final long NANOS = 1_000_000_000L;
    /** Unix seconds of 2036-02-07T06:28:16Z, where NTP era 0 ends. */
    private static final long ROLLOVER_UNIX_SECONDS = (1L << 32) - NtpTimestamp.UNIX_EPOCH_OFFSET_SECONDS;
    /** T1 of most exchanges: 2026-01-01T00:00:00.123456789Z. */
    private static final long T1 = 1_767_225_600_123_456_789L;
    /** Offset and delay of the synthetic exchanges, exact in binary so that results compare exactly. */
    private static final long OFFSET_NANOS = 125_000_000L;
    private static final long DELAY_NANOS = 62_500_000L;
    /** How long the server holds the request, T3 - T2. */
    private static final long HOLD_NANOS = 1_000_000L;
    private static final int LOCAL_PRECISION = -20;

    private final QueryExchange exchange = new QueryExchange(4, new Random(SEED));

    /** The four timestamps of an exchange with the given T1, offset and delay. */
    private record Times(long t1, long t2, long t3, long t4) {
        static Times of(long t1, long offset, long delay) {
            long t2 = t1 + delay / 2 + offset;
            long t3 = t2 + HOLD_NANOS;
            return new Times(t1, t2, t3, t3 - offset + delay / 2);
        }
    }

    /** A server reply with the given header fields, T2 and T3 from {@code times}, and the given origin. */
    private static byte[] reply(LeapIndicator leap, Mode mode, int stratum, ReferenceId refId, NtpTimestamp origin,
            Times times) {
        return NtpCodec.encode(new NtpPacket(leap, 4, mode, stratum, 6, -24, NtpShort.ofSeconds(0.015625),
                NtpShort.ofSeconds(0.0078125), refId, NtpTimestamp.fromUnixNanos(times.t2() - 16 * NANOS), origin,
                NtpTimestamp.fromUnixNanos(times.t2()), NtpTimestamp.fromUnixNanos(times.t3()), List.of(), null));
    }

    private byte[] reply(LeapIndicator leap, Mode mode, int stratum, ReferenceId refId) {
        return reply(leap, mode, stratum, refId, exchange.cookie(), Times.of(T1, OFFSET_NANOS, DELAY_NANOS));
    }

    private byte[] goodReply() {
        return reply(LeapIndicator.NO_WARNING, Mode.SERVER, 2, ReferenceId.ofIpv4(new byte[] {(byte) 192, 0, 2, 1}));
    }

    private QueryOutcome evaluate(byte[] reply, Times times) {
        return exchange.evaluate(reply, reply.length, times.t1(), times.t4(), LOCAL_PRECISION);
    }

    private QueryOutcome evaluate(byte[] reply) {
        return evaluate(reply, Times.of(T1, OFFSET_NANOS, DELAY_NANOS));
    }

    @ParameterizedTest(name = "version {0}")
    @ValueSource(ints = {1, 2, 3, 4})
    void request_anyVersion_clientModeWithThatVersionAndCookieAsTransmit(int version) {
        QueryExchange ex = new QueryExchange(version, new Random(SEED));

        byte[] req = ex.request();
        DecodeResult r = NtpCodec.decode(req);

        assertThat(req).hasSize(NtpPacket.HEADER_LENGTH);
        assertThat(r).isInstanceOf(DecodeResult.Decoded.class);
        NtpPacket p = ((DecodeResult.Decoded) r).packet();
        assertThat(p.mode()).isEqualTo(Mode.CLIENT);
        assertThat(p.version()).isEqualTo(version);
        assertThat(ex.version()).isEqualTo(version);
        assertThat(p.transmitTimestamp()).isEqualTo(ex.cookie());
        assertThat(Arrays.copyOf(req, NtpCodec.OFF_TRANSMIT)).as("nothing but the first octet and transmit")
                .containsOnly(0, req[0]);
    }

    @Test
    void request_seededRandom_cookieIsTheRandomDraw() {
        assertThat(exchange.cookie().raw()).isEqualTo(new Random(SEED).nextLong());
    }

    @Test
    void request_twoExchanges_differentCookies() {
        Random random = new Random(SEED);

        assertThat(new QueryExchange(4, random).cookie()).isNotEqualTo(new QueryExchange(4, random).cookie());
    }

    @Test
    void request_mutatedCopy_exchangeUnchanged() {
        byte[] req = exchange.request();
        req[NtpCodec.OFF_TRANSMIT] ^= 1;

        assertThat(NtpCodec.getLong(exchange.request(), NtpCodec.OFF_TRANSMIT)).isEqualTo(exchange.cookie().raw());
    }

    @Test
    void evaluate_goodReply_exactOffsetAndDelay() {
        QueryOutcome o = evaluate(goodReply());

        assertThat(o).isInstanceOf(QueryOutcome.Answered.class);
        QuerySample s = ((QueryOutcome.Answered) o).sample();
        assertThat(s.offset()).isEqualTo(0.125);
        assertThat(s.delay()).isEqualTo(0.0625);
        assertThat(s.rootDistance()).isCloseTo((0.015625 + 0.0625) / 2 + 0.0078125 + Math.scalb(1.0, -24)
                + Math.scalb(1.0, LOCAL_PRECISION), within(1e-12));
        assertThat(s.stratum()).isEqualTo(2);
        assertThat(s.referenceName()).isEqualTo("192.0.2.1");
        assertThat(s.leap()).isEqualTo(LeapIndicator.NO_WARNING);
        assertThat(s.precision()).isEqualTo(-24);
        assertThat(s.rootDelay()).isEqualTo(0.015625);
        assertThat(s.rootDispersion()).isEqualTo(0.0078125);
        assertThat(s.version()).isEqualTo(4);
        assertThat(s.localReceiveUnixNanos()).isEqualTo(Times.of(T1, OFFSET_NANOS, DELAY_NANOS).t4());
    }

    @ParameterizedTest(name = "offset {0} ns, delay {1} ns")
    @CsvSource({"0, 0", "-125000000, 62500000", "3600000000000, 1000000", "-86400000000000, 250000000"})
    void evaluate_knownTimestamps_offsetAndDelayToTheNanosecond(long offset, long delay) {
        Times times = Times.of(T1, offset, delay);

        QuerySample s = ((QueryOutcome.Answered) evaluate(reply(LeapIndicator.NO_WARNING, Mode.SERVER, 3,
                ReferenceId.LOCAL, exchange.cookie(), times), times)).sample();

        assertThat(Math.round(s.offset() * 1e9)).isEqualTo(offset);
        assertThat(Math.round(s.delay() * 1e9)).isEqualTo(delay);
    }

    @Test
    void evaluate_originNotTheCookie_discardedOriginMismatch() {
        NtpTimestamp other = new NtpTimestamp(exchange.cookie().raw() ^ 1);
        byte[] reply = reply(LeapIndicator.NO_WARNING, Mode.SERVER, 2, ReferenceId.LOCAL, other,
                Times.of(T1, OFFSET_NANOS, DELAY_NANOS));

        QueryOutcome o = evaluate(reply);

        assertThat(o).isInstanceOf(QueryOutcome.Discarded.class);
        assertThat(((QueryOutcome.Discarded) o).reason()).isEqualTo(QueryOutcome.Reason.ORIGIN_MISMATCH);
    }

    @ParameterizedTest
    @EnumSource(value = Mode.class, names = {"RESERVED", "SYMMETRIC_ACTIVE", "SYMMETRIC_PASSIVE", "CLIENT", "BROADCAST"})
    void evaluate_notServerMode_discardedNotServerMode(Mode mode) {
        QueryOutcome o = evaluate(reply(LeapIndicator.NO_WARNING, mode, 2, ReferenceId.LOCAL));

        assertThat(o).isInstanceOf(QueryOutcome.Discarded.class);
        assertThat(((QueryOutcome.Discarded) o).reason()).isEqualTo(QueryOutcome.Reason.NOT_SERVER_MODE);
    }

    @ParameterizedTest
    @EnumSource(value = KissCode.class, names = {"RATE", "DENY", "RSTR", "INIT"})
    void evaluate_kissOfDeath_kissWithCode(KissCode code) {
        QueryOutcome o = evaluate(reply(LeapIndicator.UNSYNCHRONIZED, Mode.SERVER, 0, code.referenceId()));

        assertThat(o).isEqualTo(new QueryOutcome.Kiss(code, code.name()));
    }

    @Test
    void evaluate_kissWithUnregisteredCode_kissWithoutCodeButWithText() {
        QueryOutcome o = evaluate(reply(LeapIndicator.UNSYNCHRONIZED, Mode.SERVER, 0, ReferenceId.ofAscii("XYZZ")));

        assertThat(o).isEqualTo(new QueryOutcome.Kiss(null, "XYZZ"));
    }

    @Test
    void evaluate_kissWithWrongOrigin_discardedNotObeyed() {
        NtpTimestamp other = new NtpTimestamp(exchange.cookie().raw() + 1);
        byte[] reply = reply(LeapIndicator.UNSYNCHRONIZED, Mode.SERVER, 0, KissCode.DENY.referenceId(), other,
                Times.of(T1, OFFSET_NANOS, DELAY_NANOS));

        assertThat(evaluate(reply)).isInstanceOf(QueryOutcome.Discarded.class);
    }

    /** Leap 3 with a stratum, stratum 16, and leap 3 stratum 0 with no reference (chrony's and jntp's unsynchronised reply). */
    @ParameterizedTest(name = "leap {0}, stratum {1}")
    @CsvSource({"UNSYNCHRONIZED, 2", "NO_WARNING, 16", "UNSYNCHRONIZED, 0"})
    void evaluate_serverNotSynchronised_unsynchronisedWithSample(LeapIndicator leap, int stratum) {
        QueryOutcome o = evaluate(reply(leap, Mode.SERVER, stratum, ReferenceId.NONE));

        assertThat(o).isInstanceOf(QueryOutcome.Unsynchronised.class);
        QuerySample s = ((QueryOutcome.Unsynchronised) o).sample();
        assertThat(s.offset()).isEqualTo(0.125);
        assertThat(s.stratum()).isEqualTo(stratum);
        assertThat(s.leap()).isEqualTo(leap);
    }

    @Test
    void evaluate_malformed_discardedMalformed() {
        byte[] good = goodReply();
        byte[] modeSix = good.clone();
        modeSix[0] = (byte) ((modeSix[0] & ~7) | 6);
        byte[] versionZero = good.clone();
        versionZero[0] &= (byte) ~0x38;
        byte[] zeroTransmit = good.clone();
        NtpCodec.putLong(zeroTransmit, NtpCodec.OFF_TRANSMIT, 0);
        byte[] zeroReceive = good.clone();
        NtpCodec.putLong(zeroReceive, NtpCodec.OFF_RECEIVE, 0);

        for (byte[] bad : List.of(Arrays.copyOf(good, 47), new byte[0], Arrays.copyOf(good, 56), modeSix, versionZero,
                zeroTransmit, zeroReceive)) {
            QueryOutcome o = evaluate(bad);

            assertThat(o).as("%d octets", bad.length).isInstanceOf(QueryOutcome.Discarded.class);
            assertThat(((QueryOutcome.Discarded) o).reason()).isEqualTo(QueryOutcome.Reason.MALFORMED);
        }
    }

    @Test
    void rollover_constant_isFebruary2036() {
        assertThat(Instant.ofEpochSecond(ROLLOVER_UNIX_SECONDS)).isEqualTo(Instant.parse("2036-02-07T06:28:16Z"));
    }

    /**
     * T1 just before 2036-02-07T06:28:16Z and T4 just after, with the server's T2 and T3 on
     * either side: NTP seconds wrap from 2^32 - 1 to 0, and the offset must not notice.
     */
    @ParameterizedTest(name = "T1 = rollover {0} ns, offset {1} ns")
    @CsvSource({"-31250001, 0", "-31250001, 125000000", "-31250001, -125000000", "-1, 0", "-62500003, 31250000",
        "-50000000, 2000000000", "-50000000, -2000000000"})
    void evaluate_acrossEraRollover_sameOffsetAndDelay(long t1FromRollover, long offset) {
        long delay = DELAY_NANOS;
        Times times = Times.of(ROLLOVER_UNIX_SECONDS * NANOS + t1FromRollover, offset, delay);
        assertThat(times.t1()).isLessThan(ROLLOVER_UNIX_SECONDS * NANOS);
        assertThat(times.t4()).isGreaterThanOrEqualTo(ROLLOVER_UNIX_SECONDS * NANOS);

        QueryOutcome o = evaluate(reply(LeapIndicator.NO_WARNING, Mode.SERVER, 2, ReferenceId.LOCAL,
                exchange.cookie(), times), times);

        assertThat(o).isInstanceOf(QueryOutcome.Answered.class);
        QuerySample s = ((QueryOutcome.Answered) o).sample();
        assertThat(Math.round(s.offset() * 1e9)).isEqualTo(offset);
        assertThat(Math.round(s.delay() * 1e9)).isEqualTo(delay);
    }
}
