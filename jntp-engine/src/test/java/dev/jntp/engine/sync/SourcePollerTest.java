// Tests one association's client side: requests, poll timing, packet tests, kiss-o'-death, poll adaptation.
package dev.jntp.engine.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.jntp.proto.KissCode;
import dev.jntp.proto.LeapIndicator;
import dev.jntp.proto.Mode;
import dev.jntp.proto.NtpCodec;
import dev.jntp.proto.NtpPacket;
import dev.jntp.proto.NtpShort;
import dev.jntp.proto.NtpTimestamp;
import dev.jntp.proto.ReferenceId;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class SourcePollerTest {

    private static final long SEED = 0x5EED_9011L;
    private static final long SECOND = Replies.SECOND;
    private static final long T1 = Replies.EPOCH + 10 * SECOND;
    /** Offset and delay of the exchanges, exact in binary so that results compare exactly. */
    private static final long OFFSET = 125_000_000L;
    private static final long DELAY = 62_500_000L;
    private static final long HOLD = 1_000_000L;
    private static final int LOCAL_PRECISION = -20;
    private static final double MAX_DISTANCE = 3.0;

    private final SplittableRandom random = new SplittableRandom(SEED);
    private SourcePoller poller = new SourcePoller(0, SourceConfig.defaults("a"));
    private byte[] request;

    /** When the last request left; each request leaves one poll after the previous one. */
    private long t1 = T1 - 64 * SECOND;

    /** Sends a request. */
    private void send() {
        request = poller.request(random);
        t1 += 64 * SECOND;
        poller.sent(t1);
    }

    /** T4 of an exchange starting at the last T1 with the given offset and delay. */
    private long t4(long offset, long delay) {
        return t1 + delay + HOLD;
    }

    /** The server's reply (with header {@code h}) to the last request, for the given offset and delay. */
    private byte[] reply(Replies h, long offset, long delay) {
        long t2 = t1 + delay / 2 + offset;
        return h.replyTo(request, t2, t2 + HOLD);
    }

    private SourcePoller.Reply deliver(byte[] reply, long t4, double minDelay, double delaySd, Set<ReferenceId> own) {
        return poller.onReply(reply, reply.length, t4, LOCAL_PRECISION, MAX_DISTANCE, own, minDelay, delaySd);
    }

    private SourcePoller.Reply deliver(byte[] reply) {
        return deliver(reply, t4(OFFSET, DELAY), Double.NaN, 0, Set.of());
    }

    private SourcePoller.Reply exchange(Replies h) {
        send();
        return deliver(reply(h, OFFSET, DELAY));
    }

    @Test
    void reply_notAuthentic_isIgnoredWithTest5FailedAndTheRequestStaysOpen() {
        send();
        byte[] reply = reply(Replies.GOOD, OFFSET, DELAY);
        SourcePoller.Reply r = poller.onReply(reply, reply.length, t4(OFFSET, DELAY), LOCAL_PRECISION, MAX_DISTANCE,
                Set.of(), Double.NaN, 0, false);

        assertThat(r).isEqualTo(new SourcePoller.Reply.Ignored("111 011 1111"));
        assertThat(poller.reach()).isZero();
        assertThat(deliver(reply)).as("the genuine reply after a forged one").isInstanceOf(
                SourcePoller.Reply.Accepted.class);
    }

    @Test
    void request_defaults_clientModeVersion4WithPollAndOnlyARandomTransmit() {
        byte[] req = poller.request(random);

        NtpPacket p = Replies.decode(req);
        assertThat(req).hasSize(NtpPacket.HEADER_LENGTH);
        assertThat(p.mode()).isEqualTo(Mode.CLIENT);
        assertThat(p.version()).isEqualTo(4);
        assertThat(p.poll()).isEqualTo(6);
        assertThat(p.transmitTimestamp().isZero()).isFalse();
        assertThat(p.originTimestamp()).isEqualTo(NtpTimestamp.ZERO);
        assertThat(p.receiveTimestamp()).isEqualTo(NtpTimestamp.ZERO);
        assertThat(p.referenceTime()).isEqualTo(NtpTimestamp.ZERO);
        assertThat(p.stratum()).isZero();
        assertThat(poller.polls()).isEqualTo(1);
    }

    @Test
    void request_configuredVersionAndPoll_carriedInTheRequest() {
        poller = new SourcePoller(0, new SourceConfig("a", 4, 8, false, false, false, false, 3.0, 3));

        NtpPacket p = Replies.decode(poller.request(random));

        assertThat(p.version()).isEqualTo(3);
        assertThat(p.poll()).isEqualTo(4);
    }

    @Test
    void request_manyRequests_transmitDiffersEachTime() {
        Set<Long> transmits = new HashSet<>();
        for (int i = 0; i < 100; i++) {
            transmits.add(Replies.decode(poller.request(random)).transmitTimestamp().raw());
        }

        assertThat(transmits).as("seed %d", SEED).hasSize(100);
    }

    @Test
    void request_eachPoll_shiftsReachAndARepliesSetsBitZero() {
        assertThat(exchange(Replies.GOOD)).isInstanceOf(SourcePoller.Reply.Accepted.class);
        assertThat(poller.reach()).isEqualTo(1);
        exchange(Replies.GOOD);
        assertThat(poller.reach()).isEqualTo(0b11);

        send();
        assertThat(poller.reach()).isEqualTo(0b110);
        for (int i = 0; i < 7; i++) {
            send();
        }
        assertThat(poller.reach()).as("eight polls without reply").isZero();
    }

    /** The delays of the next {@code n} wakes. */
    private long[] nextDelays(int n) {
        long[] delays = new long[n];
        for (int i = 0; i < n; i++) {
            delays[i] = poller.nextPollDelay(random);
        }
        return delays;
    }

    @Test
    void nextPollDelay_iburst_secondAndThirdRequestsHalfASecondApartThenTwoSecondsThenThePollInterval() {
        poller = new SourcePoller(0, SourceConfig.defaults("a").withIburst(true));
        int burst = SourcePoller.IBURST_COUNT - 1;

        long[] delays = nextDelays(burst + 3);

        assertThat(delays[0]).isEqualTo(SECOND / 2);
        assertThat(delays[1]).isEqualTo(SECOND / 2);
        assertThat(Arrays.copyOfRange(delays, 2, burst)).containsOnly(SourcePoller.BURST_SPACING_NANOS);
        assertThat(SourcePoller.BURST_SPACING_NANOS).isEqualTo(2 * SECOND);
        for (int i = burst; i < delays.length; i++) {
            assertThat(delays[i]).isBetween(64 * SECOND, 64 * SECOND + 4 * SECOND);
        }
    }

    @Test
    void nextPollDelay_iburstWithMinpollBelowOne_burstAtTheMinpollInterval() {
        poller = new SourcePoller(0, SourceConfig.defaults("a").withIburst(true).withPolls(-1, 2));
        int burst = SourcePoller.IBURST_COUNT - 1;

        long[] delays = nextDelays(burst);

        assertThat(delays[0]).isEqualTo(SECOND / 8);
        assertThat(delays[1]).isEqualTo(SECOND / 8);
        assertThat(Arrays.copyOfRange(delays, 2, burst)).containsOnly(SECOND / 2);
    }

    @Test
    void nextPollDelay_noIburst_pollIntervalRightAwaySpreadUpToASixteenth() {
        Set<Long> seen = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            long d = poller.nextPollDelay(random);
            assertThat(d).as("seed %d", SEED).isGreaterThanOrEqualTo(64 * SECOND).isLessThan(68 * SECOND);
            seen.add(d);
        }
        assertThat(seen).as("spread").hasSizeGreaterThan(900);
    }

    @Test
    void nextPollDelay_burst_quickWakesAfterEveryPoll() {
        poller = new SourcePoller(0, new SourceConfig("a", 6, 10, false, true, false, false, 3.0, 4));
        int burst = SourcePoller.IBURST_COUNT - 1;

        long[] delays = nextDelays(2 * (burst + 1));

        assertThat(delays[0]).isGreaterThanOrEqualTo(64 * SECOND);
        assertThat(delays[1]).isEqualTo(SECOND / 2);
        assertThat(delays[2]).isEqualTo(SECOND / 2);
        assertThat(Arrays.copyOfRange(delays, 3, burst + 1)).containsOnly(2 * SECOND);
        assertThat(delays[burst + 1]).isGreaterThanOrEqualTo(64 * SECOND);
        assertThat(delays[burst + 2]).isEqualTo(SECOND / 2);
        assertThat(delays[burst + 3]).isEqualTo(SECOND / 2);
        assertThat(Arrays.copyOfRange(delays, burst + 4, delays.length)).containsOnly(2 * SECOND);
    }

    @Test
    void onReply_goodReply_acceptedWithExactOffsetDelayAndSample() {
        SourcePoller.Reply r = exchange(Replies.GOOD);

        assertThat(r).isInstanceOf(SourcePoller.Reply.Accepted.class);
        SourcePoller.Reply.Accepted a = (SourcePoller.Reply.Accepted) r;
        Sample s = a.sample();
        assertThat(s.offset()).isEqualTo(0.125);
        assertThat(s.delay()).isEqualTo(0.0625);
        assertThat(s.localNanos()).isEqualTo(t1 + (DELAY + HOLD) / 2);
        double precisions = 2 * Math.scalb(1.0, -20);
        assertThat(s.dispersion()).isCloseTo(precisions + SourcePoller.PHI * 0.0625, within(1e-15));
        assertThat(s.rootDelay()).isEqualTo(1.0 / 256);
        assertThat(s.rootDispersion()).isEqualTo(1.0 / 512);
        assertThat(s.stratum()).isEqualTo(2);
        assertThat(s.referenceId()).isEqualTo(Replies.UPSTREAM);
        assertThat(s.leap()).isEqualTo(LeapIndicator.NO_WARNING);
        assertThat(s.rootDistance()).isCloseTo((1.0 / 256 + 0.0625) / 2 + 1.0 / 512 + s.dispersion(), within(1e-15));
        assertThat(a.verdicts().passed()).isTrue();
        assertThat(poller.lastVerdicts().bits()).isEqualTo("111 111 1111");
        assertThat(poller.reach()).isEqualTo(1);
    }

    @ParameterizedTest(name = "offset {0} ns, delay {1} ns")
    @CsvSource({"0, 0", "-125000000, 62500000", "3600000000000, 1000000", "-86400000000000, 250000000"})
    void onReply_chosenTimestamps_offsetAndDelayToTheNanosecond(long offset, long delay) {
        send();

        SourcePoller.Reply r = deliver(reply(Replies.GOOD, offset, delay), t4(offset, delay), Double.NaN, 0, Set.of());

        Sample s = ((SourcePoller.Reply.Accepted) r).sample();
        assertThat(Math.round(s.offset() * 1e9)).isEqualTo(offset);
        assertThat(s.delay()).as("never below the two precisions")
                .isCloseTo(Math.max(delay / 1e9, 2 * Math.scalb(1.0, -20)), within(1e-9));
    }

    @Test
    void onReply_wrongOrigin_ignoredAsBogusReachUnchanged() {
        send();
        NtpTimestamp wrong = new NtpTimestamp(Replies.decode(request).transmitTimestamp().raw() ^ 1);
        long t2 = t1 + DELAY / 2 + OFFSET;

        SourcePoller.Reply r = deliver(Replies.GOOD.reply(wrong, t2, t2 + HOLD));

        assertThat(r).isEqualTo(new SourcePoller.Reply.Ignored("101 111 1111"));
        assertThat(poller.reach()).isZero();
        assertThat(deliver(reply(Replies.GOOD, OFFSET, DELAY))).as("the real reply still counts")
                .isInstanceOf(SourcePoller.Reply.Accepted.class);
    }

    @Test
    void onReply_sendTimeNotRecorded_ignored() {
        request = poller.request(random);

        assertThat(deliver(reply(Replies.GOOD, OFFSET, DELAY))).isInstanceOf(SourcePoller.Reply.Ignored.class);
    }

    @Test
    void onReply_replyToThePreviousRequest_ignored() {
        send();
        byte[] late = reply(Replies.GOOD, OFFSET, DELAY);
        send();

        assertThat(deliver(late)).isInstanceOf(SourcePoller.Reply.Ignored.class);
        assertThat(poller.reach()).isZero();
    }

    @Test
    void onReply_duplicate_ignoredAndReachUnchanged() {
        send();
        byte[] reply = reply(Replies.GOOD, OFFSET, DELAY);
        deliver(reply);
        int reach = poller.reach();

        SourcePoller.Reply again = deliver(reply);

        assertThat(again).isEqualTo(new SourcePoller.Reply.Ignored("001 111 1111"));
        assertThat(poller.reach()).isEqualTo(reach);
    }

    @Test
    void onReply_zeroTransmitTimestamp_ignoredInvalidTimestamps() {
        send();
        NtpPacket p = Replies.decode(reply(Replies.GOOD, OFFSET, DELAY)).withTransmitTimestamp(NtpTimestamp.ZERO);

        SourcePoller.Reply r = deliver(NtpCodec.encode(p));

        assertThat(r).isEqualTo(new SourcePoller.Reply.Ignored("110 111 1111"));
    }

    @Test
    void onReply_zeroReceiveTimestamp_ignoredInvalidTimestamps() {
        send();

        long ntpEpoch = -NtpTimestamp.UNIX_EPOCH_OFFSET_SECONDS * SECOND;

        SourcePoller.Reply r = deliver(Replies.GOOD.reply(Replies.decode(request).transmitTimestamp(), ntpEpoch,
                t1 + OFFSET));

        assertThat(r).isEqualTo(new SourcePoller.Reply.Ignored("110 111 1111"));
    }

    @ParameterizedTest
    @EnumSource(value = Mode.class, names = {"CLIENT", "SYMMETRIC_ACTIVE", "BROADCAST"})
    void onReply_notServerMode_ignored(Mode mode) {
        send();
        byte[] reply = reply(Replies.GOOD, OFFSET, DELAY);
        reply[0] = (byte) ((reply[0] & ~7) | mode.code());

        assertThat(deliver(reply)).isInstanceOf(SourcePoller.Reply.Ignored.class);
    }

    @Test
    void onReply_truncated_ignoredMalformed() {
        send();
        byte[] reply = reply(Replies.GOOD, OFFSET, DELAY);

        assertThat(poller.onReply(reply, 47, t4(OFFSET, DELAY), LOCAL_PRECISION, MAX_DISTANCE, Set.of(), Double.NaN, 0))
                .isEqualTo(new SourcePoller.Reply.Ignored("malformed"));
    }

    /** Leap 3, stratum 0 without a kiss code, and stratum 16 all mean "not synchronised". */
    static List<Replies> unsynchronisedServers() {
        return List.of(Replies.GOOD.withLeap(LeapIndicator.UNSYNCHRONIZED),
                Replies.GOOD.withStratum(0, ReferenceId.NONE),
                Replies.GOOD.withStratum(16, Replies.UPSTREAM));
    }

    @ParameterizedTest
    @MethodSource("unsynchronisedServers")
    void onReply_serverNotSynchronised_unusableSynchronisedFailedReachSet(Replies server) {
        SourcePoller.Reply r = exchange(server);

        assertThat(r).isInstanceOf(SourcePoller.Reply.Unusable.class);
        TestVerdicts v = ((SourcePoller.Reply.Unusable) r).verdicts();
        assertThat(v.failed()).containsExactly(PacketTest.SYNCHRONISED);
        assertThat(v.bits()).isEqualTo("111 101 1111");
        assertThat(poller.lastVerdicts()).isEqualTo(v);
        assertThat(poller.reach()).as("a valid reply all the same").isEqualTo(1);
    }

    @Test
    void onReply_referenceTimeZero_unusableSynchronisedFailed() {
        SourcePoller.Reply r = exchange(Replies.GOOD.withReferenceAge(Long.MIN_VALUE));

        assertThat(((SourcePoller.Reply.Unusable) r).verdicts().failed()).contains(PacketTest.SYNCHRONISED);
    }

    /** A zero reference time is "unset" (test 6), not a time after the reply: test 7 must not fail too. */
    @Test
    void onReply_referenceTimeZero_onlySynchronisedFailed() {
        SourcePoller.Reply r = exchange(Replies.GOOD.withReferenceAge(Long.MIN_VALUE));

        assertThat(((SourcePoller.Reply.Unusable) r).verdicts().bits()).isEqualTo("111 101 1111");
    }

    @Test
    void onReply_rootDistanceTooLarge_unusable() {
        SourcePoller.Reply r = exchange(Replies.GOOD.withRoot(2.0, 2.0));

        assertThat(((SourcePoller.Reply.Unusable) r).verdicts().bits()).isEqualTo("111 110 1111");
    }

    @Test
    void onReply_rootDistanceJustBelowTheMaximum_accepted() {
        assertThat(exchange(Replies.GOOD.withRoot(2.0, 1.9))).isInstanceOf(SourcePoller.Reply.Accepted.class);
    }

    @Test
    void onReply_referenceTimeAfterTransmit_rootDistanceFailed() {
        SourcePoller.Reply r = exchange(Replies.GOOD.withReferenceAge(-10 * SECOND));

        assertThat(((SourcePoller.Reply.Unusable) r).verdicts().failed()).containsExactly(PacketTest.ROOT_DISTANCE);
    }

    @Test
    void onReply_delayAboveMaxDelay_unusable() {
        poller = new SourcePoller(0, new SourceConfig("a", 6, 10, false, false, false, false, 0.05, 4));

        SourcePoller.Reply r = exchange(Replies.GOOD);

        assertThat(((SourcePoller.Reply.Unusable) r).verdicts().bits()).isEqualTo("111 111 0111");
    }

    @Test
    void onReply_delayFarAboveTheMinimumComparedWithItsSpread_delayDeviationFailed() {
        send();

        SourcePoller.Reply r = deliver(reply(Replies.GOOD, OFFSET, DELAY), t4(OFFSET, DELAY), 0.001, 0.001, Set.of());

        assertThat(((SourcePoller.Reply.Unusable) r).verdicts().bits()).isEqualTo("111 111 1101");
    }

    @Test
    void onReply_delayRisenForGood_rejectedFourTimesThenLetThrough() {
        for (int i = 0; i < SourcePoller.MAX_DELAY_REJECTS; i++) {
            send();
            assertThat(deliver(reply(Replies.GOOD, OFFSET, DELAY), t4(OFFSET, DELAY), 0.001, 0.001, Set.of()))
                    .as("reply %d", i).isInstanceOf(SourcePoller.Reply.Unusable.class);
        }
        send();

        assertThat(deliver(reply(Replies.GOOD, OFFSET, DELAY), t4(OFFSET, DELAY), 0.001, 0.001, Set.of()))
                .isInstanceOf(SourcePoller.Reply.Accepted.class);
    }

    @Test
    void onReply_fewSamplesNoDelaySpread_delayTestSkipped() {
        send();

        assertThat(deliver(reply(Replies.GOOD, OFFSET, DELAY), t4(OFFSET, DELAY), 0.001, Double.NaN, Set.of()))
                .isInstanceOf(SourcePoller.Reply.Accepted.class);
    }

    @Test
    void onReply_delayNearTheMinimum_accepted() {
        send();

        assertThat(deliver(reply(Replies.GOOD, OFFSET, DELAY), t4(OFFSET, DELAY), 0.06, 0.001, Set.of()))
                .isInstanceOf(SourcePoller.Reply.Accepted.class);
    }

    @Test
    void onReply_sourceSynchronisedToUs_syncLoop() {
        send();
        ReferenceId us = ReferenceId.ofIpv4(new byte[] {10, 0, 0, 1});

        SourcePoller.Reply r = deliver(reply(Replies.GOOD.withStratum(3, us), OFFSET, DELAY), t4(OFFSET, DELAY),
                Double.NaN, 0, Set.of(us));

        assertThat(((SourcePoller.Reply.Unusable) r).verdicts().bits()).isEqualTo("111 111 1110");
    }

    @Test
    void onReply_stratumOneWithOurIdAsClockName_noLoop() {
        send();
        ReferenceId gps = ReferenceId.ofAscii("GPS");

        assertThat(deliver(reply(Replies.GOOD.withStratum(1, gps), OFFSET, DELAY), t4(OFFSET, DELAY), Double.NaN, 0,
                Set.of(gps))).isInstanceOf(SourcePoller.Reply.Accepted.class);
    }

    @Test
    void onReply_kissRate_pollRaised() {
        SourcePoller.Reply r = exchange(Replies.kiss(KissCode.RATE));

        assertThat(r).isEqualTo(new SourcePoller.Reply.Kiss(KissCode.RATE));
        assertThat(poller.poll()).isEqualTo(7);
        assertThat(poller.stopped()).isFalse();
    }

    /** RATE kisses must not push the poll past maxpoll: past 127 no request encodes, past 33 the delay overflows. */
    @Test
    void onReply_manyKissRate_pollStaysWithinMaxPoll() {
        for (int i = 0; i < 130; i++) {
            exchange(Replies.kiss(KissCode.RATE));
            assertThat(poller.poll()).as("after %d kisses", i + 1).isLessThanOrEqualTo(10);
            assertThat(poller.nextPollDelay(random)).isPositive();
        }
    }

    @ParameterizedTest
    @EnumSource(value = KissCode.class, names = {"DENY", "RSTR"})
    void onReply_kissDenyOrRestrict_stopsPollingWithAReason(KissCode code) {
        SourcePoller.Reply r = exchange(Replies.kiss(code));

        assertThat(r).isEqualTo(new SourcePoller.Reply.Kiss(code));
        assertThat(poller.stopped()).isTrue();
        assertThat(poller.stopReason()).contains(code.name()).contains(code.meaning());
    }

    @Test
    void onReply_kissWithWrongOrigin_ignoredNotObeyed() {
        send();
        NtpTimestamp wrong = new NtpTimestamp(Replies.decode(request).transmitTimestamp().raw() + 1);

        SourcePoller.Reply r = deliver(Replies.kiss(KissCode.DENY).reply(wrong, t1, t1 + HOLD));

        assertThat(r).isInstanceOf(SourcePoller.Reply.Ignored.class);
        assertThat(poller.stopped()).isFalse();
    }

    @Test
    void onReply_informationalKiss_neitherStopsNorSlowsDown() {
        SourcePoller.Reply r = exchange(Replies.kiss(KissCode.INIT));

        assertThat(r).isEqualTo(new SourcePoller.Reply.Kiss(KissCode.INIT));
        assertThat(poller.stopped()).isFalse();
        assertThat(poller.poll()).isEqualTo(6);
    }

    @Test
    void adaptPoll_manySamples_raisesPollStepByStepUpToMaxPoll() {
        int[] polls = new int[12];
        for (int i = 0; i < polls.length; i++) {
            poller.adaptPoll(SourcePoller.POLL_TARGET);
            polls[i] = poller.poll();
        }

        assertThat(polls).containsExactly(6, 7, 7, 8, 8, 9, 9, 10, 10, 10, 10, 10);
    }

    @Test
    void adaptPoll_fewSamples_lowersPollDownToMinPoll() {
        for (int i = 0; i < 20; i++) {
            poller.adaptPoll(64);
        }
        assertThat(poller.poll()).isEqualTo(10);

        int[] polls = new int[11];
        for (int i = 0; i < polls.length; i++) {
            poller.adaptPoll(SourcePoller.POLL_TARGET - 1);
            polls[i] = poller.poll();
        }

        // The score saturated at +2 at maxpoll, so the first step down takes two more samples.
        assertThat(polls).containsExactly(10, 10, 10, 9, 9, 8, 8, 7, 7, 6, 6);
    }

    @Test
    void adaptPoll_alternatingSampleCounts_pollStays() {
        for (int i = 0; i < 20; i++) {
            poller.adaptPoll(i % 2 == 0 ? 20 : 2);
        }

        assertThat(poller.poll()).isEqualTo(6);
    }

    @Test
    void rootDelayField_wireRounding_sampleSeesTheWireValue() {
        SourcePoller.Reply r = exchange(Replies.GOOD.withRoot(0.1, 0.05));

        Sample s = ((SourcePoller.Reply.Accepted) r).sample();
        assertThat(s.rootDelay()).isEqualTo(NtpShort.ofSeconds(0.1).toSeconds());
        assertThat(s.rootDispersion()).isEqualTo(NtpShort.ofSeconds(0.05).toSeconds());
    }
}
