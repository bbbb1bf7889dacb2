// One upstream source: when to poll it, what to send, and whether its replies are usable.
package dev.jntp.engine.sync;

import dev.jntp.engine.auth.PacketMac;
import dev.jntp.proto.DecodeResult;
import dev.jntp.proto.KissCode;
import dev.jntp.proto.LeapIndicator;
import dev.jntp.proto.NtpCodec;
import dev.jntp.proto.NtpPacket;
import dev.jntp.proto.NtpTimestamp;
import dev.jntp.proto.ReferenceId;
import dev.jntp.proto.SymmetricKey;
import java.util.EnumSet;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * The client side of one association (RFC 5905 sections 8, 9 and 13): poll interval between
 * minpoll and maxpoll, the 8-bit reachability register, iburst, kiss-o'-death handling, and the
 * named packet tests of every reply. Requests carry a random transmit timestamp (RFC 9109); the
 * real send time stays here. Pure: the engine drives it with the local time.
 *
 * <p>With a symmetric key ({@link SourceConfig#keyId}), requests are signed ({@link PacketMac}) and
 * a reply passes test 5 only with a valid MAC of that key; as in chrony, a reply failing it is not
 * a valid reply (the request stays open for the genuine one), and its verdicts are kept for
 * status commands. When the key is missing from the key file, requests go unsigned and every
 * reply fails test 5.
 */
final class SourcePoller {

    /** Seconds between the packets of a burst. */
    static final long BURST_SPACING_NANOS = 2_000_000_000L;
    /** Requests in an initial burst (iburst). */
    static final int IBURST_COUNT = 8;
    /** Requests at the start of a burst that go out a quarter spacing apart. */
    static final int QUICK_REQUESTS = 3;
    /** Frequency tolerance of a clock (RFC 5905 PHI), s/s: how fast dispersion grows with age. */
    static final double PHI = 15e-6;
    /**
     * Test C (chrony's maxdelaydevratio, on a robust scale): a reply whose delay exceeds the smallest
     * recent one by more than this many typical excesses ({@link SourceStats#delaySpread}) spent the
     * extra time queued, most likely in one direction, and its offset is off by up to half of it.
     */
    static final double MAX_DELAY_DEV_RATIO = 4;
    /** Floor of the delay spread in test C, seconds: jitter below this is not worth rejecting samples for. */
    static final double MIN_DELAY_SPREAD = 10e-6;
    /** Replies failing test C in a row after which the next is let through: the path's delay has risen for good. */
    static final int MAX_DELAY_REJECTS = 4;
    /** Samples in the regression at which the poll interval may grow (chrony's polltarget). */
    static final int POLL_TARGET = 8;

    /** What a datagram turned out to be. */
    sealed interface Reply {
        /** Not a reply to the outstanding request (failed a test of the first group, or not NTP). */
        record Ignored(String why) implements Reply {}

        /** A kiss-o'-death. */
        record Kiss(KissCode code) implements Reply {}

        /** A valid reply whose sample is not used. */
        record Unusable(TestVerdicts verdicts) implements Reply {}

        /** A usable sample. */
        record Accepted(Sample sample, TestVerdicts verdicts) implements Reply {}
    }

    final int id;
    final SourceConfig config;
    /** The key of {@code config.keyId()}, or null (no key configured, or missing from the key file). */
    private final SymmetricKey key;
    private int poll;
    private int reach;
    private int pollScore;
    /** The shortest poll allowed now: minpoll, or what a RATE kiss asked for. */
    private int pollFloor;
    private int burstLeft;
    private String stopReason;
    private NtpTimestamp cookie;
    private long t1 = Long.MIN_VALUE;
    private long lastServerTransmit;
    private TestVerdicts lastVerdicts = TestVerdicts.ALL_PASSED;
    /** Stratum of the last synchronised reply, whether its sample was used or not; 16 before one. */
    private int stratum = 16;
    private long polls;
    private int delayRejects;
    /** Operator's switches (control socket): offline stops polling until put online again. */
    private boolean offline;
    /** Counters and the last valid reply, for {@code jntp ntpdata}. */
    private long replies;
    private long validReplies;
    private long goodReplies;
    private SourceDetail.ReplyHeader lastReply;
    /** The last reply to one of our requests, decoded (kisses included), or null. */
    private NtpPacket lastPacket;
    /** What the latest datagram measured in the raw time scale, or null when it was not a valid reply. */
    private Measurement lastMeasurement;

    SourcePoller(int id, SourceConfig config) {
        this(id, config, null);
    }

    /** A poller whose requests {@code key} signs; it must be the key of {@code config.keyId()}, or null. */
    SourcePoller(int id, SourceConfig config, SymmetricKey key) {
        if (key != null && key.id() != config.keyId()) {
            throw new IllegalArgumentException("key " + key.id() + " for a source of key " + config.keyId());
        }
        this.id = id;
        this.config = config;
        this.key = key;
        this.poll = config.minPoll();
        this.pollFloor = config.minPoll();
        this.burstLeft = config.iburst() ? IBURST_COUNT - 1 : 0;
    }

    int poll() {
        return poll;
    }

    int reach() {
        return reach;
    }

    long polls() {
        return polls;
    }

    boolean stopped() {
        return stopReason != null;
    }

    String stopReason() {
        return stopReason;
    }

    TestVerdicts lastVerdicts() {
        return lastVerdicts;
    }

    boolean offline() {
        return offline;
    }

    /** Takes the source offline (no more requests) or back online; the engine restarts the poll timer. */
    void setOffline(boolean off) {
        offline = off;
    }

    /** Stops polling for good, with the reason status commands show. */
    void stop(String reason) {
        stopReason = reason;
    }

    /**
     * Starts a burst: with the request the engine sends at once, {@value #IBURST_COUNT} requests go out
     * {@link #BURST_SPACING_NANOS} apart, as at an iburst start.
     */
    void startBurst() {
        burstLeft = IBURST_COUNT - 1;
    }

    boolean bursting() {
        return burstLeft > 0;
    }

    long replies() {
        return replies;
    }

    long validReplies() {
        return validReplies;
    }

    long goodReplies() {
        return goodReplies;
    }

    /** The last reply to one of our requests as decoded, or null. */
    NtpPacket lastPacket() {
        return lastPacket;
    }

    /** The header of the last reply to one of our requests, or null. */
    SourceDetail.ReplyHeader lastReply() {
        return lastReply;
    }

    /** What the latest datagram measured (raw time scale), or null when it was ignored or a kiss-o'-death. */
    Measurement lastMeasurement() {
        return lastMeasurement;
    }

    /**
     * The source's stratum as its last synchronised reply gave it, even when that reply's sample
     * failed a test (chrony's SRC_UpdateStatus): a source followed on older samples still shows
     * what it has become, which orphan mode needs.
     */
    int stratum() {
        return stratum;
    }

    /** Builds the next request; the caller sends it and reports the send time with {@link #sent}. */
    byte[] request(RandomGenerator random) {
        reach = (reach << 1) & 0xFF;
        polls++;
        cookie = new NtpTimestamp(random.nextLong());
        t1 = Long.MIN_VALUE;
        NtpPacket p = NtpPacket.clientRequest(config.version(), cookie).withPoll(poll);
        if (key == null) {
            return NtpCodec.encode(p);
        }
        byte[] out = new byte[NtpPacket.HEADER_LENGTH + PacketMac.trailerLength(key, p.version())];
        NtpCodec.encodeInto(p, out, 0);
        PacketMac.sign(key, p.version(), out, 0, NtpPacket.HEADER_LENGTH);
        return out;
    }

    /** Test 5: without a key, true; with one, whether the reply ends in a valid MAC of it. */
    private boolean authentic(NtpPacket p, byte[] buf, int len) {
        if (config.keyId() == 0) {
            return true;
        }
        return key != null && p.mac() != null && p.mac().keyId() == key.id()
                && PacketMac.verify(key, p.version(), buf, 0, len - p.mac().length(), len);
    }

    /** Records when the request left (read just before sending, in the engine's raw time scale). */
    void sent(long t1Nanos) {
        this.t1 = t1Nanos;
    }

    /**
     * Time until the next request: the burst spacing inside a burst, else the poll interval with
     * up to 1/16 of random spread so that polls of many clients do not synchronise.
     */
    long nextPollDelay(RandomGenerator random) {
        if (burstLeft > 0) {
            // Two seconds apart, or closer when minpoll is shorter: a burst never polls slower than minpoll.
            long spacing = Math.min(BURST_SPACING_NANOS, (long) (Math.scalb(1.0, config.minPoll()) * 1e9));
            // The second request follows the first after a quarter of that, so that the first update can
            // already choose the better of two samples: a first exchange held up on its way (cold caches, a
            // busy machine) is common, and alone it would set the clock by half its extra delay. A third
            // follows as quickly, so that one lost datagram delays the first update by a quarter spacing,
            // not by a whole one.
            boolean quick = burstLeft > IBURST_COUNT - QUICK_REQUESTS;
            burstLeft--;
            return quick ? spacing / 4 : spacing;
        }
        if (config.burst()) {
            burstLeft = IBURST_COUNT - 1;
        }
        long interval = (long) (Math.scalb(1.0, poll) * 1e9);
        return interval + (long) (random.nextDouble() * interval / 16);
    }

    /**
     * Evaluates a datagram from this source received at {@code t4}, in the same time scale as the
     * send time given to {@link #sent}; the sample's time and offset are in that scale too.
     *
     * @param localPrecision log2 seconds of the local clock's precision
     * @param maxDistance largest root distance accepted (maxdistance), seconds
     * @param ownIds reference IDs that would mean the source is synchronised to us
     * @param minDelay smallest delay of the source's recent samples (NaN: none)
     * @param delaySpread their typical excess over it (NaN: too few samples, test C off)
     */
    Reply onReply(byte[] buf, int len, long t4, int localPrecision, double maxDistance, Set<ReferenceId> ownIds,
            double minDelay, double delaySpread) {
        return onReply(buf, len, t4, localPrecision, maxDistance, ownIds, minDelay, delaySpread, true);
    }

    /** As the other {@code onReply}; {@code authentic} false (an NTS reply that did not verify) fails test 5. */
    Reply onReply(byte[] buf, int len, long t4, int localPrecision, double maxDistance, Set<ReferenceId> ownIds,
            double minDelay, double delaySpread, boolean authentic) {
        NtpPacket p;
        replies++;
        lastMeasurement = null;
        if (!(NtpCodec.decode(buf, 0, len) instanceof DecodeResult.Decoded d)) {
            return new Reply.Ignored("malformed");
        }
        p = d.packet();
        if (p.mode() != dev.jntp.proto.Mode.SERVER) {
            return new Reply.Ignored("mode " + p.mode().code());
        }
        Set<PacketTest> failed = EnumSet.noneOf(PacketTest.class);
        if (p.transmitTimestamp().raw() == lastServerTransmit && lastServerTransmit != 0) {
            failed.add(PacketTest.DUPLICATE);
        }
        if (cookie == null || t1 == Long.MIN_VALUE || !p.originTimestamp().equals(cookie)) {
            failed.add(PacketTest.BOGUS);
        }
        if (p.receiveTimestamp().isZero() || p.transmitTimestamp().isZero()) {
            failed.add(PacketTest.INVALID_TIMESTAMPS);
        }
        if (!authentic || !authentic(p, buf, len)) {
            failed.add(PacketTest.AUTHENTICATION);
        }
        if (!failed.isEmpty()) {
            TestVerdicts v = new TestVerdicts(failed);
            if (failed.equals(Set.of(PacketTest.AUTHENTICATION))) {
                lastVerdicts = v; // a reply to our request that failed only test 5: show it where the tests are
            }
            return new Reply.Ignored(v.bits());
        }
        cookie = null;
        lastServerTransmit = p.transmitTimestamp().raw();
        reach |= 1;
        validReplies++;
        lastPacket = p;
        lastReply = new SourceDetail.ReplyHeader(p.leap(), p.version(), p.stratum(), p.poll(), p.precision(),
                p.rootDelay().toSeconds(), p.rootDispersion().toSeconds(), p.referenceId(),
                p.referenceTime().isZero() ? 0 : p.referenceTime().toUnixNanos(t4),
                (p.transmitTimestamp().toUnixNanos(t4) - p.receiveTimestamp().toUnixNanos(t4)) / 1e9);
        if (p.kissCode().isPresent()) {
            KissCode k = p.kissCode().get();
            if (k.stopsPolling()) {
                stopReason = "kiss-o'-death " + k.name() + ": " + k.meaning();
            } else if (k == KissCode.RATE) {
                poll = Math.min(poll + 1, config.maxPoll());
                pollFloor = poll;
            }
            return new Reply.Kiss(k);
        }
        long t2 = p.receiveTimestamp().toUnixNanos(t4);
        long t3 = p.transmitTimestamp().toUnixNanos(t4);
        double precisions = Math.scalb(1.0, p.precision()) + Math.scalb(1.0, localPrecision);
        double offset = ((t2 - t1) + (t3 - t4)) / 2e9;
        double delay = Math.max(((t4 - t1) - (t3 - t2)) / 1e9, precisions);
        double rootDelay = p.rootDelay().toSeconds();
        double rootDisp = p.rootDispersion().toSeconds();
        if (p.leap() == LeapIndicator.UNSYNCHRONIZED || p.stratum() == 0 || p.stratum() >= 16
                || p.referenceTime().isZero()) {
            failed.add(PacketTest.SYNCHRONISED);
        }
        if (rootDelay / 2 + rootDisp >= maxDistance || (!p.referenceTime().isZero() && p.referenceTime().minus(p.transmitTimestamp()) > 0)) {
            failed.add(PacketTest.ROOT_DISTANCE);
        }
        if (delay > config.maxDelay()) {
            failed.add(PacketTest.MAX_DELAY);
        }
        if (!Double.isNaN(minDelay) && !Double.isNaN(delaySpread) && delayRejects < MAX_DELAY_REJECTS
                && delay - minDelay > MAX_DELAY_DEV_RATIO * Math.max(delaySpread, Math.max(precisions, MIN_DELAY_SPREAD))) {
            failed.add(PacketTest.DELAY_DEV_RATIO);
            delayRejects++;
        } else {
            delayRejects = 0;
        }
        if (p.stratum() > 1 && ownIds.contains(p.referenceId())) {
            failed.add(PacketTest.SYNC_LOOP);
        }
        lastVerdicts = new TestVerdicts(failed);
        if (!failed.contains(PacketTest.SYNCHRONISED) && !failed.contains(PacketTest.ROOT_DISTANCE)) {
            stratum = p.stratum();
        }
        Sample s = new Sample(t1 + (t4 - t1) / 2, offset, delay, precisions + PHI * delay, rootDelay, rootDisp,
                p.stratum(), p.referenceId(), p.leap());
        lastMeasurement = new Measurement(s.localNanos(), p.leap(), p.stratum(), p.poll(), p.referenceId(),
                lastVerdicts, poll, pollScore / 2.0, offset, delay, s.dispersion(), rootDelay, rootDisp,
                failed.isEmpty());
        if (!failed.isEmpty()) {
            return new Reply.Unusable(lastVerdicts);
        }
        goodReplies++;
        return new Reply.Accepted(s, lastVerdicts);
    }

    /** Adapts the poll interval after a sample: longer while the regression holds many samples (stable), shorter when it is trimmed. */
    void adaptPoll(int samplesInRegression) {
        pollScore += samplesInRegression >= POLL_TARGET ? 1 : -1;
        if (pollScore >= 2 && poll < config.maxPoll()) {
            poll++;
            pollScore = 0;
        } else if (pollScore <= -2 && poll > pollFloor) {
            poll--;
            pollScore = 0;
        }
        pollScore = Math.max(-2, Math.min(2, pollScore));
    }
}
