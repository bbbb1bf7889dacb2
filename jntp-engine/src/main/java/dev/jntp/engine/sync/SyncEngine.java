// The synchronisation engine: polls sources, selects and combines them, and disciplines the clock.
package dev.jntp.engine.sync;

import dev.jntp.engine.auth.KeyRing;
import dev.jntp.engine.leap.LeapTable;
import dev.jntp.engine.nts.NtsClient;
import dev.jntp.engine.nts.NtsClientStatus;
import dev.jntp.engine.nts.NtsKeResult;
import dev.jntp.proto.LeapIndicator;
import dev.jntp.proto.ReferenceId;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * The client half of jntp, without IO (RFC 5905 sections 9 to 12, chrony's data flow:
 * sources, sourcestats, selection, reference). Events in, {@link SyncAction}s out; every
 * method takes the local clock time {@code now} in nanoseconds.
 *
 * <p>Discipline: each source's raw offsets (against the free-running clock, see {@link
 * ClockModel}) are fitted by weighted regression ({@link SourceStats}); selection combines the
 * survivors; the clock then gets the combined frequency estimate as its frequency correction and
 * the combined offset as a slew (or a step when {@code makestep} allows). Why regression and not
 * RFC 5905's PLL/FLL: the regression measures the frequency error directly from the samples, so
 * a 100 ppm error is corrected after the initial burst instead of over hours of loop settling,
 * and it averages jitter over all recent samples instead of keeping one in eight; chrony uses
 * the same approach and is the accuracy reference jntp is measured against.
 *
 * <p>Bad sources (unreachable, persistent falsetickers, kissed off) are named by {@link
 * #replaceable} and can be given a new server in place with {@link #replaceSource}, as chrony
 * replaces pool members; which address comes instead is the shell's business (name resolution).
 *
 * <p>Source options, after chrony (chrony.conf(5), sources.c): {@code trust} changes how
 * selection counts votes ({@link Selection}); with {@code require} on any source, the clock is
 * updated only while a required source is among the truechimers, else the alarm names the
 * required sources (chrony checks this after the majority, as here, and counts a required source
 * even when it is noselect or unreachable).
 *
 * <p>Local reference ({@link #setLocalReference}, chrony's {@code local}; reference.c
 * REF_GetReferenceParams): while no source can be followed the engine publishes the local
 * clock as reference at the local stratum ({@link SystemState#servesLocalReference()}); the
 * clock itself runs on with the frequency in force. Plain {@code local stratum N} is active from
 * the start and whenever the clock is not synchronised. With {@code orphan} (sources.c
 * SRC_SelectSource), sources whose stratum is the local stratum or higher are left out of
 * selection: they serve some server's local clock, or follow one. Only when no other source is
 * selectable is the reachable one at exactly the local stratum with the smallest reference ID
 * considered, and followed if that ID is smaller than ours; otherwise this host activates its
 * local reference. A group of servers polling each other with the same {@code local stratum N
 * orphan} line thus settles with the one of smallest ID serving its clock at stratum N and the
 * others following it at N + 1. The stratum compared is the one of the source's last
 * synchronised reply, even when its sample failed a test (chrony's SRC_UpdateStatus), and a
 * source whose last reply says it follows this host (the loop test) is not a candidate, however
 * recent its older samples: otherwise servers that lose their upstream together keep following
 * each other on stale samples. The reference IDs compared: chrony compares the address-derived
 * ID of the source ({@code UTI_IPToRefid} of its address) with that of its own address on the
 * socket towards that source; jntp compares the same source ID with one ID of its own, given in
 * the {@link LocalReference} (the daemon's address, see NtpDaemon). What jntp leaves out:
 * chrony's {@code waitunsynced} (in orphan mode chrony waits 300 s unsynchronised before
 * activating; jntp waits until every source has answered or missed two polls, as for the first
 * clock update, and afterwards activates at once) and the {@code distance}/{@code activate}
 * thresholds that let chrony activate the local reference while still synchronised to a source
 * whose root distance has grown large: jntp activates it only once it is not synchronised.
 */
public final class SyncEngine {

    /** Recent offsets kept for the RMS figure. */
    private static final int RMS_WINDOW = 32;

    /** One source with its poller, statistics and last figures. */
    private static final class Source {
        final SourcePoller poller;
        final SourceStats stats;
        final ReferenceId addressRefId;
        Sample last;
        double lastOffset;
        long lastRawNanos;
        /** Local time the last sample arrived; whether the operator deleted the source. */
        long lastSampleNanos;
        boolean removed;
        SourceState state = SourceState.UNUSABLE;
        /** The header of the last reply that passed the first packet tests, or null. */
        SourceReply lastReply;
        /** The source's own samples judged falsetickers in a row, and the last one counted. */
        int falseSamples;
        long falseSampleAt = Long.MIN_VALUE;
        /** What the latest datagram measured and the regression after it, for statistics logs (or null). */
        Measurement measured;
        Regression regression;
        /** NTS state for a source with the {@code nts} option, else null. */
        NtsClient nts;

        Source(SourcePoller poller, SourceStats stats, ReferenceId addressRefId) {
            this.poller = poller;
            this.stats = stats;
            this.addressRefId = addressRefId;
        }

        /** Counts a falseticker verdict once per sample of the source; a truechimer verdict starts again. */
        void judged() {
            if (state == SourceState.FALSETICKER && falseSampleAt != lastRawNanos) {
                falseSamples++;
                falseSampleAt = lastRawNanos;
            } else if (state != SourceState.FALSETICKER && state != SourceState.UNUSABLE) {
                falseSamples = 0;
            }
        }
    }

    private final SyncSettings settings;
    private final int localPrecision;
    private final RandomGenerator random;
    private final List<Source> sources = new ArrayList<>();
    private final ClockModel clock;
    private Set<ReferenceId> ownIds = Set.of();
    /** chrony's 'local' directive, or null. */
    private LocalReference local;
    /** {@link #ownIds} and, with a local reference, its ID: what a looping source announces. */
    private Set<ReferenceId> loopIds = Set.of();
    private long updates;
    private int steps;
    private final double[] recentOffsets = new double[RMS_WINDOW];
    private SystemState state;
    /** Error bound of the frequency in force, ppm, when it was set; it grows with time (wander). */
    private double frequencySkewPpm;
    private long frequencySetNanos;
    /** The last clock update's figures for statistics logs, or null before one. */
    private ClockUpdate lastUpdate;

    /** Consecutive selections without a majority that a synchronised engine rides out. */
    static final int TOLERATED_DISAGREEMENTS = 3;
    private int disagreements;
    private LeapTable leapTable;
    /** The symmetric keys of sources with a {@code key} option. */
    private KeyRing keys = KeyRing.EMPTY;

    /** Polls without a reply after which a source counts as unreachable: the whole reach register. */
    static final int UNREACHABLE_POLLS = 8;
    /** Consecutive samples of a source judged falsetickers after which it is worth replacing. */
    static final int FALSETICKER_SAMPLES = 4;

    /** The skew of a frequency nobody has measured. */
    static final double UNKNOWN_SKEW_PPM = 1e6;
    /** How fast the error bound of an unrefreshed frequency grows, ppm per second (1e-9/s wander). */
    static final double SKEW_GROWTH_PPM_PER_SECOND = 1e-3;

    /**
     * @param settings system settings
     * @param now local time at start
     * @param initialFrequencyPpm frequency correction already in force (from the drift file)
     * @param localPrecision log2 seconds of the local clock's precision
     * @param random source of request cookies and poll spread
     */
    public SyncEngine(SyncSettings settings, long now, double initialFrequencyPpm, int localPrecision,
            RandomGenerator random) {
        this(settings, now, initialFrequencyPpm, UNKNOWN_SKEW_PPM, localPrecision, random);
    }

    /**
     * As the other constructor, with the error bound of the initial frequency (the drift file's
     * skew): a frequency estimate is applied only when it is better known than the frequency in
     * force, so a good drift file is not overridden by the first noisy burst.
     */
    public SyncEngine(SyncSettings settings, long now, double initialFrequencyPpm, double initialSkewPpm,
            int localPrecision, RandomGenerator random) {
        this.frequencySkewPpm = initialSkewPpm;
        this.frequencySetNanos = now;
        this.settings = settings;
        this.localPrecision = localPrecision;
        this.random = random;
        this.clock = new ClockModel(now, initialFrequencyPpm);
        this.state = new SystemState(false, 16, ReferenceId.NONE, 0, 0, 0, initialFrequencyPpm, 0, 0, 0,
                LeapIndicator.UNSYNCHRONIZED, -1, "no source selected yet", 0);
    }

    /**
     * Adds a source and returns its id; the first poll is due at once (the caller performs the
     * returned wake). {@code addressRefId} is the reference ID jntp will announce when this
     * source is the system peer (its IPv4 address, or the hash of its IPv6 address).
     */
    public int addSource(SourceConfig config, ReferenceId addressRefId, List<SyncAction> out) {
        int id = sources.size();
        sources.add(newSource(id, config, addressRefId, out));
        return id;
    }

    /** A fresh source numbered {@code id}, whose first poll is due at once (the wake goes to {@code out}). */
    private Source newSource(int id, SourceConfig config, ReferenceId addressRefId, List<SyncAction> out) {
        out.add(new SyncAction.Wake(id, (long) (random.nextDouble() * 100_000_000L)));
        return new Source(new SourcePoller(id, config, keys.key(config.keyId()).orElse(null)),
                new SourceStats(Math.scalb(1.0, localPrecision)), addressRefId);
    }

    /**
     * The sources worth replacing by another address of the same name, as chrony replaces pool
     * members and named servers (its sources.c hands such sources to NSR_HandleBadSource):
     * unreachable (the reach register is 0 after {@value #UNREACHABLE_POLLS} polls), judged a
     * falseticker on {@value #FALSETICKER_SAMPLES} of its own samples in a row, or stopped by a
     * DENY or RSTR kiss-o'-death. The system peer is never among them.
     */
    public List<Integer> replaceable() {
        List<Integer> out = new ArrayList<>();
        for (Source s : sources) {
            boolean unreachable = s.poller.reach() == 0 && s.poller.polls() >= UNREACHABLE_POLLS;
            if (s.poller.id != state.systemPeer() && !s.removed && !s.poller.offline()
                    && (unreachable || s.poller.stopped() || s.falseSamples >= FALSETICKER_SAMPLES)) {
                out.add(s.poller.id);
            }
        }
        return out;
    }

    /**
     * Puts a new server in the place of source {@code id}, keeping the number: poll state,
     * samples, statistics and verdicts start afresh, and its first poll is due at once (with a
     * burst when {@code config} says iburst). The caller must drop any wake it still holds for
     * {@code id} before performing {@code out}, or the old poll timer would poll the new
     * server a second time. Replacing the system peer (which {@link #replaceable} never
     * offers) leaves the engine unsynchronised until the next selection.
     */
    public void replaceSource(int id, SourceConfig config, ReferenceId addressRefId, List<SyncAction> out) {
        sources.set(id, newSource(id, config, addressRefId, out));
        if (state.systemPeer() == id) {
            state = unsynchronised("the system peer was replaced");
            out.add(new SyncAction.SetSynchronised(false, 16, 16));
        }
    }

    /**
     * The leap second table of {@code leapsectz} or {@code leapseclist}, or null for the sources'
     * announcements alone. Takes effect at the next clock update; see {@link #leapStatus}.
     */
    public void setLeapTable(LeapTable table) {
        this.leapTable = table;
    }

    /**
     * The symmetric keys ({@code keyfile}) that sign the requests of sources with a key id; sources
     * added from now on use them. A source whose key is not among them sends unsigned requests and
     * accepts no reply (test 5 fails).
     */
    public void setKeys(KeyRing keys) {
        this.keys = keys;
    }

    /** Reference IDs that mean a source is synchronised to this host (a loop). */
    public void setOwnReferenceIds(Set<ReferenceId> ids) {
        this.ownIds = Set.copyOf(ids);
        this.loopIds = loopIds();
    }

    /**
     * Serves the local clock as reference when no source can be followed (chrony's {@code
     * local}), with orphan mode if {@code local.orphan()}; see the class comment. Call before
     * the first event.
     */
    public void setLocalReference(LocalReference local) {
        this.local = local;
        this.loopIds = loopIds();
        if (!state.synchronised() && !local.orphan()) {
            state = unsynchronised(state.alarm());
        }
    }

    private Set<ReferenceId> loopIds() {
        Set<ReferenceId> ids = new java.util.HashSet<>(ownIds);
        if (local != null && !local.referenceId().equals(ReferenceId.NONE)) {
            ids.add(local.referenceId());
        }
        return Set.copyOf(ids);
    }

    /** A source's poll timer fired: returns the request to send and the next wake. */
    public List<SyncAction> onWake(int id, long now) {
        Source s = sources.get(id);
        if (s.poller.stopped() || s.poller.offline()) {
            return List.of();
        }
        byte[] request = s.poller.request(random);
        List<SyncAction> out = new ArrayList<>(3);
        switch (s.nts == null ? new NtsClient.Poll.Send(request) : s.nts.poll(clock.rawNanos(now), request)) {
            case NtsClient.Poll.Send n -> out.add(new SyncAction.Send(id, n.request()));
            case NtsClient.Poll.KeyExchange k -> out.add(new SyncAction.KeyExchange(id));
            case NtsClient.Poll.Wait w -> { } // a missed poll, as in chrony
        }
        out.add(new SyncAction.Wake(id, s.poller.nextPollDelay(random)));
        if (s.poller.reach() == 0 && s.last != null && state.synchronised()) {
            out.addAll(update(now, false));
        } else if (local != null && !state.synchronised() && !state.servesLocalReference() && everyoneHeard()) {
            // Orphan mode waits for every source before activating the local reference.
            out.addAll(update(now, false));
        }
        return out;
    }

    /**
     * Makes source {@code id} an NTS source (RFC 8915): its requests are authenticated with cookies
     * from NTS-KE, which the engine asks for with {@link SyncAction.KeyExchange}, and replies that do
     * not verify fail packet test 5. Call right after {@link #addSource} or {@link #replaceSource},
     * before performing their actions.
     */
    public void useNts(int id, NtsClient client) {
        sources.get(id).nts = client;
    }

    /**
     * The NTS-KE session that {@link SyncAction.KeyExchange} started for source {@code id} ended at local
     * time {@code now}. After a success the source polls at once: the caller must drop any wake it holds
     * for {@code id} before performing the result. A result for a source that runs no session (deleted,
     * or replaced since) is ignored.
     */
    public List<SyncAction> onKeyExchange(int id, NtsKeResult result, long now) {
        Source s = sources.get(id);
        if (s.nts == null || s.removed || !s.nts.keyExchangeRunning()) {
            return List.of();
        }
        s.nts.onKeyExchange(clock.rawNanos(now), result);
        return result instanceof NtsKeResult.Success && !s.poller.stopped() && !s.poller.offline()
                ? List.of(new SyncAction.Wake(id, 0)) : List.of();
    }

    /** Source {@code id}'s NTS state at local time {@code now}, or null for a source without NTS. */
    public NtsClientStatus ntsStatus(int id, long now) {
        NtsClient n = sources.get(id).nts;
        long rawNow = clock.rawNanos(now);
        return n == null ? null : n.status(rawNow).shifted(now - rawNow);
    }

    /** The request to source {@code id} left at local time {@code t1}. */
    public void sent(int id, long t1) {
        sources.get(id).poller.sent(clock.rawNanos(t1));
    }

    /**
     * A datagram from source {@code id} arrived at local time {@code t4}; returns clock
     * corrections, if any. The exchange is measured in raw time (T1 and T4 with the correction
     * in force at each taken off), so a slew or a frequency change between the two does not
     * distort it, and the sample's offset is the raw offset the regression works on.
     */
    public List<SyncAction> onReply(int id, byte[] buf, int len, long t4) {
        return onReply(id, buf, len, t4, t4);
    }

    /**
     * As {@link #onReply(int, byte[], int, long)} for a reply taken from the socket at local time
     * {@code now}, after it arrived at {@code t4} (a kernel receive time stamp): the sample is
     * measured at {@code t4}, the corrections are made for {@code now}, when the caller applies
     * them. Were they dated {@code t4}, a frequency change would accrue in this engine's model
     * over the processing delay but not on the clock, and the two would drift apart.
     */
    public List<SyncAction> onReply(int id, byte[] buf, int len, long t4, long now) {
        Source s = sources.get(id);
        if (s.removed) {
            return List.of();
        }
        SourceStats.Estimate before = s.stats.size() >= 3
                ? s.stats.estimate(clock.rawNanos(t4), clock.frequencyPpm() * 1e-6) : null;
        boolean authentic = s.nts == null || s.nts.onReply(buf, len) == NtsClient.Check.AUTHENTICATED;
        SourcePoller.Reply r = s.poller.onReply(buf, len, clock.rawNanos(t4), localPrecision, settings.maxDistance(),
                loopIds, s.stats.minDelay(), s.stats.delaySpread(), authentic);
        if (!(r instanceof SourcePoller.Reply.Ignored)) {
            s.lastReply = SourceReply.of(s.poller.lastPacket(), t4); // decoded once, by the poller
        }
        Measurement m = s.poller.lastMeasurement();
        s.measured = m == null ? null : m.corrected(clock.correctionAt(t4));
        s.regression = null;
        if (!(r instanceof SourcePoller.Reply.Accepted a)) {
            return List.of();
        }
        Sample raw = a.sample();
        int dropped = s.stats.add(new SourceStats.Point(raw.localNanos(), raw.offset(), raw.delay(), raw.dispersion()));
        s.regression = regression(s, before, t4, dropped);
        s.last = raw;
        s.lastOffset = raw.offset() - clock.correctionAt(t4);
        s.lastRawNanos = raw.localNanos();
        s.lastSampleNanos = t4;
        s.poller.adaptPoll(s.stats.size());
        return update(Math.max(now, t4));
    }

    /** Selection and, when it finds a majority, a clock update. */
    private List<SyncAction> update(long now) {
        return update(now, true);
    }

    private List<SyncAction> update(long now, boolean correct) {
        long rawNow = clock.rawNanos(now);
        double correction = clock.correctionAt(now);
        List<Selection.Candidate> candidates = new ArrayList<>();
        Map<Integer, SourceStats.Estimate> estimates = new java.util.HashMap<>();
        Selection.Candidate orphan = null;
        for (Source s : sources) {
            s.state = SourceState.UNUSABLE;
            if (s.last == null || s.poller.stopped() || s.poller.config.noSelect() || s.poller.reach() == 0) {
                continue;
            }
            if (!s.poller.lastVerdicts().passed(PacketTest.SYNC_LOOP)) {
                // It now follows this host: its older samples would close the loop.
                continue;
            }
            double age = (rawNow - s.lastRawNanos) / 1e9;
            if (age > 8 * Math.scalb(1.0, s.poller.poll()) + 10) {
                continue;
            }
            SourceStats.Estimate e = s.stats.estimate(rawNow, clock.frequencyPpm() * 1e-6);
            // RFC 5905 root distance: half the delays, the dispersions and the jitter (here the
            // scatter of the regression's residuals), plus the regression's own estimate error.
            double distance = s.last.rootDelay() / 2 + s.last.rootDispersion() + e.lastDelay() / 2 + e.offsetError()
                    + e.stdDev() + e.lastDispersion() + SourcePoller.PHI * Math.max(0, age);
            if (distance > settings.maxDistance() || s.last.stratum() >= 16) {
                continue;
            }
            int id = s.poller.id;
            estimates.put(id, e);
            Selection.Candidate c = new Selection.Candidate(id, e.rawOffset() - correction, distance, e.stdDev(),
                    s.poller.config.prefer(), s.poller.config.trust());
            if (local != null && local.orphan() && s.poller.stratum() >= local.stratum()) {
                // An orphan (or a follower of one): a candidate only when nothing else is, below.
                if (s.poller.stratum() == local.stratum() && (orphan == null || Integer.compareUnsigned(
                        s.addressRefId.raw(), sources.get(orphan.id()).addressRefId.raw()) < 0)) {
                    orphan = c;
                }
                continue;
            }
            candidates.add(c);
        }
        if (candidates.isEmpty() && orphan != null && local.precedesUs(sources.get(orphan.id()).addressRefId)) {
            candidates.add(orphan);
        }
        if (!everyoneHeard()) {
            return List.of();
        }
        Selection.Result sel = Selection.select(candidates, settings.minSources(), state.systemPeer());
        String unrequired = sel.synchronisable() ? requiredMissing(sel) : "";
        if (!unrequired.isEmpty()) {
            sel = new Selection.Result(Set.of(), List.of(), -1, 0, 0);
        }
        for (Selection.Candidate c : candidates) {
            Source s = sources.get(c.id());
            s.state = !sel.synchronisable() ? SourceState.UNUSABLE
                    : c.id() == sel.systemPeer() ? SourceState.SELECTED
                    : sel.survivors().contains(c.id()) ? SourceState.COMBINED
                    : sel.truechimers().contains(c.id()) ? SourceState.NOT_COMBINED
                    : SourceState.FALSETICKER;
            s.judged();
        }
        if (!sel.synchronisable() && state.synchronised() && !candidates.isEmpty()
                && ++disagreements < TOLERATED_DISAGREEMENTS) {
            // One update without a majority (an outlier sample) does not end synchronisation:
            // the clock keeps its frequency and is not corrected until the sources agree again.
            return List.of();
        }
        if (!sel.synchronisable()) {
            String alarm = !unrequired.isEmpty() ? "no required source selectable (" + unrequired + ")"
                    : candidates.isEmpty() ? "no usable source"
                    : candidates.size() < settings.minSources() ? "only " + candidates.size()
                            + " selectable source(s), minsources is " + settings.minSources()
                    : "no majority: sources disagree (" + candidates.size() + " candidates)";
            state = unsynchronised(alarm);
            return List.of(new SyncAction.SetSynchronised(false, 16, 16));
        }
        disagreements = 0;
        return correct ? discipline(now, sel, estimates) : List.of();
    }

    /**
     * The names of the sources configured with {@code require}, comma-separated, when none of
     * them is a truechimer of {@code sel}; empty when one is, or when no source requires it.
     */
    private String requiredMissing(Selection.Result sel) {
        List<String> required = new ArrayList<>();
        for (Source s : sources) {
            if (s.poller.config.require()) {
                if (sel.truechimers().contains(s.poller.id)) {
                    return "";
                }
                required.add(s.poller.config.name());
            }
        }
        return String.join(", ", required);
    }

    /**
     * Until the first update, waits for every source to answer or to miss two polls (and for an
     * iburst source's second sample): otherwise the first source to answer would be a majority of
     * one, falseticker or not.
     */
    private boolean everyoneHeard() {
        if (updates > 0) {
            return true;
        }
        for (Source s : sources) {
            if (s.poller.stopped() || s.poller.offline()) {
                continue;
            }
            if (s.last == null && s.poller.polls() < 2) {
                return false;
            }
            // An iburst source is heard out once it gave two samples to choose from (its second and third
            // requests follow the first closely), or its third request is out: one of them was lost.
            if (s.poller.config.iburst() && s.stats.size() < 2 && s.poller.polls() < 3) {
                return false;
            }
        }
        return true;
    }

    private List<SyncAction> discipline(long now, Selection.Result sel, Map<Integer, SourceStats.Estimate> est) {
        List<SyncAction> out = new ArrayList<>();
        double offset = sel.offset();
        double sw = 0;
        double sf = 0;
        double skew = 0;
        for (int id : sel.survivors()) {
            SourceStats.Estimate e = est.get(id);
            if (e.samples() >= 3 && e.skew() < 1e-4) {
                double w = 1 / (e.skew() * e.skew() + 1e-18);
                sw += w;
                sf += w * e.frequency();
            }
        }
        double frequency = clock.frequencyPpm();
        double currentSkew = frequencySkewPpm + SKEW_GROWTH_PPM_PER_SECOND * (now - frequencySetNanos) / 1e9;
        skew = currentSkew;
        double measuredSkew = sw > 0 ? Math.sqrt(1 / sw) * 1e6 : 0;
        if (sw > 0 && (measuredSkew < currentSkew
                || Math.abs(sf / sw * 1e6 - frequency) > 3 * Math.hypot(measuredSkew, currentSkew))) {
            frequency = Math.max(-settings.maxFrequencyPpm(), Math.min(settings.maxFrequencyPpm(), sf / sw * 1e6));
            skew = Math.sqrt(1 / sw) * 1e6;
            frequencySkewPpm = skew;
            frequencySetNanos = now;
            clock.setFrequency(now, frequency);
            out.add(new SyncAction.SetFrequency(frequency));
        }
        double remaining = clock.remainingSlew(now);
        boolean mayStep = settings.makestepThreshold() > 0 && Math.abs(offset) > settings.makestepThreshold()
                && (settings.makestepLimit() < 0 || updates < settings.makestepLimit());
        if (mayStep) {
            clock.step(now, offset);
            steps++;
            out.add(new SyncAction.Step(offset));
        } else {
            clock.slew(now, offset, settings.maxSlewRatePpm());
            out.add(new SyncAction.Slew(offset, settings.maxSlewRatePpm()));
        }
        recentOffsets[(int) (updates % RMS_WINDOW)] = offset;
        updates++;
        Source peer = sources.get(sel.systemPeer());
        SourceStats.Estimate pe = est.get(sel.systemPeer());
        double rootDelay = peer.last.rootDelay() + pe.minDelay();
        double rootDisp = peer.last.rootDispersion() + pe.lastDispersion() + pe.offsetError() + sel.jitter()
                + Math.abs(offset);
        LeapIndicator leap = leapStatus(now, majorityLeap(sel.survivors()));
        if (leap != state.leap()) {
            out.add(new SyncAction.SetLeap(leap));
        }
        out.add(new SyncAction.SetSynchronised(true, rootDelay / 2 + rootDisp, Math.max(sel.jitter(), pe.stdDev())));
        lastUpdate = new ClockUpdate(now, sel.survivors().size(), Math.hypot(pe.offsetError(), sel.jitter()), remaining,
                mayStep);
        state = new SystemState(true, Math.min(16, peer.last.stratum() + 1), peer.addressRefId, now, offset, rms(),
                frequency, skew, rootDelay, rootDisp, leap, sel.systemPeer(), "", updates);
        return out;
    }

    private LeapIndicator majorityLeap(List<Integer> ids) {
        Map<LeapIndicator, Integer> votes = new EnumMap<>(LeapIndicator.class);
        for (int id : ids) {
            votes.merge(sources.get(id).last.leap(), 1, Integer::sum);
        }
        for (LeapIndicator l : List.of(LeapIndicator.INSERT_SECOND, LeapIndicator.DELETE_SECOND)) {
            if (2 * votes.getOrDefault(l, 0) > ids.size()) {
                return l;
            }
        }
        return LeapIndicator.NO_WARNING;
    }

    /**
     * The leap to announce and arm, as chrony's reference.c (update_leap_status) decides it: the
     * sources' majority when it announces a leap, else the leap table's (if one is set), and
     * either only on the last day of June or December, the days a leap may end; on any other day
     * none, so that a source announcing a leap weeks early (as ntpd servers do) cannot make the
     * kernel insert it at the wrong midnight. {@code now} is the local clock's time, UTC.
     */
    private LeapIndicator leapStatus(long now, LeapIndicator sources) {
        LeapIndicator leap = sources == LeapIndicator.NO_WARNING && leapTable != null ? leapTable.indicatorAt(now) : sources;
        return LeapTable.lastDayOfJuneOrDecember(now) ? leap : LeapIndicator.NO_WARNING;
    }

    private double rms() {
        int n = (int) Math.min(updates, RMS_WINDOW);
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += recentOffsets[i] * recentOffsets[i];
        }
        return n == 0 ? 0 : Math.sqrt(sum / n);
    }

    private SystemState unsynchronised(String alarm) {
        if (local != null && (!local.orphan() || everyoneHeard())) {
            return new SystemState(false, local.stratum(), ReferenceId.LOCAL, state.referenceTimeNanos(),
                    state.offset(), state.rmsOffset(), clock.frequencyPpm(), state.skewPpm(), 0, 0,
                    LeapIndicator.NO_WARNING, -1, alarm, updates);
        }
        return new SystemState(false, 16, ReferenceId.NONE, state.referenceTimeNanos(), state.offset(),
                state.rmsOffset(), clock.frequencyPpm(), state.skewPpm(), 0, 0, LeapIndicator.UNSYNCHRONIZED, -1,
                alarm, updates);
    }

    /** The current system state. */
    public SystemState state() {
        return state;
    }

    /** Clock steps made so far. */
    public int steps() {
        return steps;
    }

    /**
     * What the latest datagram from source {@code id} measured, every packet test's verdict with it, or null when
     * that datagram was not a valid reply (ignored, or a kiss-o'-death). For statistics logs.
     */
    public Measurement lastMeasurement(int id) {
        return sources.get(id).measured;
    }

    /** Source {@code id}'s regression right after the latest datagram's sample was added, or null when it was not used. */
    public Regression lastRegression(int id) {
        return sources.get(id).regression;
    }

    /** The figures of the latest clock update beyond {@link #state()}, or null before the first. */
    public ClockUpdate lastClockUpdate() {
        return lastUpdate;
    }

    /**
     * chrony's statistics line for the sample just added at local time {@code t4}; {@code before} is the
     * estimate before it (null with fewer than three samples), from which the stress is measured.
     */
    private Regression regression(Source s, SourceStats.Estimate before, long t4, int dropped) {
        long rawAt = s.stats.last().rawNanos();
        double freq = clock.frequencyPpm() * 1e-6;
        SourceStats.Estimate e = s.stats.estimate(rawAt, freq);
        double stress = before == null || before.skew() <= 0 ? 0
                : Math.abs(e.frequency() - before.frequency()) / before.skew();
        double correction = clock.correctionAt(t4);
        return new Regression(rawAt + Math.round(correction * 1e9), e.stdDev(), e.rawOffset() - correction,
                e.offsetError(), e.frequency() - freq, e.skew(), stress, e.samples(), dropped, s.stats.runs());
    }

    /** Why source {@code id} is no longer polled (a DENY or RSTR kiss-o'-death), or null. */
    public String stopReason(int id) {
        return sources.get(id).poller.stopReason();
    }

    /** The header of source {@code id}'s last valid reply (ntpq's peer variables), or null before one. */
    public SourceReply lastReply(int id) {
        return sources.get(id).lastReply;
    }

    /** A snapshot of every source. */
    public List<SourceSnapshot> sources(long now) {
        long rawNow = clock.rawNanos(now);
        List<SourceSnapshot> out = new ArrayList<>();
        for (Source s : sources) {
            SourceStats.Estimate e = s.stats.estimate(rawNow, clock.frequencyPpm() * 1e-6);
            out.add(new SourceSnapshot(s.poller.id, s.poller.config.name(), s.state, s.last == null ? 0 : s.last.stratum(),
                    s.poller.poll(), s.poller.reach(), s.last == null ? Double.NaN : s.lastOffset,
                    e == null ? Double.NaN : e.rawOffset() - clock.correctionAt(now),
                    s.last == null ? Double.NaN : s.last.delay(), e == null ? Double.NaN : e.stdDev(),
                    e == null ? 0 : e.samples(), s.poller.lastVerdicts(), s.poller.stopReason(), detail(s, e, now)));
        }
        return out;
    }

    /** What status commands show beyond the snapshot's main figures. */
    private SourceDetail detail(Source s, SourceStats.Estimate e, long now) {
        boolean slope = e != null && e.samples() >= 3;
        return new SourceDetail(!s.poller.offline(), s.poller.bursting(), s.removed, s.lastSampleNanos,
                s.last == null ? Double.NaN : adjustedOffset(s, now),
                s.last == null ? Double.NaN : s.last.rootDistance(),
                s.last == null ? Double.NaN : s.last.dispersion(), s.stats.runs(), s.stats.spanSeconds(),
                slope ? e.frequency() * 1e6 - clock.frequencyPpm() : Double.NaN, slope ? e.skew() * 1e6 : Double.NaN,
                s.poller.lastReply(), s.poller.polls(), s.poller.replies(), s.poller.validReplies(),
                s.poller.goodReplies(), s.poller.config.keyId() != 0);
    }

    /**
     * The last sample's offset in the frame of the clock as corrected now (chrony adjusts its stored samples so
     * at each correction): the raw offset less the correction line now in force, extended back to the sample
     * with today's frequency, with a slew still under way counted as done.
     */
    private double adjustedOffset(Source s, long now) {
        double correctionThen = clock.correctionAt(now) + clock.remainingSlew(now)
                - clock.frequencyPpm() * 1e-6 * (now - s.lastSampleNanos) / 1e9;
        return s.last.offset() - correctionThen;
    }

    /**
     * Deletes source {@code id} (the operator's {@code jntp delete}): it is polled no more, leaves
     * selection at the next update, and is never offered for replacement; its number is not reused.
     * Deleting the system peer leaves the engine unsynchronised until the next selection.
     */
    public List<SyncAction> removeSource(int id) {
        Source s = sources.get(id);
        s.removed = true;
        s.state = SourceState.UNUSABLE;
        s.poller.stop("deleted by the operator");
        if (state.systemPeer() == id) {
            state = unsynchronised("the system peer was deleted");
            return List.of(new SyncAction.SetSynchronised(false, 16, 16));
        }
        return List.of();
    }

    /**
     * Takes source {@code id} offline (no requests; its samples age out of selection as when it is
     * unreachable, but it is not replaced) or online again, when its first request is due at once.
     * The caller must drop any wake it holds for {@code id} before performing the result.
     */
    public List<SyncAction> setOnline(int id, boolean online) {
        Source s = sources.get(id);
        boolean was = !s.poller.offline();
        s.poller.setOffline(!online);
        return online && !was && !s.poller.stopped() ? List.of(new SyncAction.Wake(id, 0)) : List.of();
    }

    /**
     * Starts a burst of requests to source {@code id} (the operator's {@code jntp burst}), the first
     * at once; nothing for an offline or stopped source. The caller must drop any wake it holds
     * for {@code id} before performing the result.
     */
    public List<SyncAction> burst(int id) {
        Source s = sources.get(id);
        if (s.poller.stopped() || s.poller.offline()) {
            return List.of();
        }
        s.poller.startBurst();
        return List.of(new SyncAction.Wake(id, 0));
    }

    /**
     * Steps the clock by what is left of the correction in progress, at once (chronyc
     * {@code makestep} without arguments): nothing when no slew is under way.
     */
    public List<SyncAction> makeStep(long now) {
        double left = clock.remainingSlew(now);
        if (left == 0) {
            return List.of();
        }
        clock.step(now, left);
        steps++;
        return List.of(new SyncAction.Step(left));
    }
}
