// The synchronisation engine: polls sources, selects and combines them, and disciplines the clock.
package dev.jntp.engine.sync;

import dev.jntp.engine.leap.LeapTable;
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
        SourceState state = SourceState.UNUSABLE;

        Source(SourcePoller poller, SourceStats stats, ReferenceId addressRefId) {
            this.poller = poller;
            this.stats = stats;
            this.addressRefId = addressRefId;
        }
    }

    private final SyncSettings settings;
    private final int localPrecision;
    private final RandomGenerator random;
    private final List<Source> sources = new ArrayList<>();
    private final ClockModel clock;
    private Set<ReferenceId> ownIds = Set.of();
    private long updates;
    private int steps;
    private final double[] recentOffsets = new double[RMS_WINDOW];
    private SystemState state;
    /** Error bound of the frequency in force, ppm, when it was set; it grows with time (wander). */
    private double frequencySkewPpm;
    private long frequencySetNanos;

    /** Consecutive selections without a majority that a synchronised engine rides out. */
    static final int TOLERATED_DISAGREEMENTS = 3;
    private int disagreements;
    private LeapTable leapTable;

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
        sources.add(new Source(new SourcePoller(id, config), new SourceStats(Math.scalb(1.0, localPrecision)),
                addressRefId));
        out.add(new SyncAction.Wake(id, (long) (random.nextDouble() * 100_000_000L)));
        return id;
    }

    /**
     * The leap second table of {@code leapsectz} or {@code leapseclist}, or null for the sources'
     * announcements alone. Takes effect at the next clock update; see {@link #leapStatus}.
     */
    public void setLeapTable(LeapTable table) {
        this.leapTable = table;
    }

    /** Reference IDs that mean a source is synchronised to this host (a loop). */
    public void setOwnReferenceIds(Set<ReferenceId> ids) {
        this.ownIds = Set.copyOf(ids);
    }

    /** A source's poll timer fired: returns the request to send and the next wake. */
    public List<SyncAction> onWake(int id, long now) {
        Source s = sources.get(id);
        if (s.poller.stopped()) {
            return List.of();
        }
        byte[] request = s.poller.request(random);
        List<SyncAction> out = new ArrayList<>(List.of(new SyncAction.Send(id, request),
                new SyncAction.Wake(id, s.poller.nextPollDelay(random))));
        if (s.poller.reach() == 0 && s.last != null && state.synchronised()) {
            out.addAll(update(now, false));
        }
        return out;
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
        Source s = sources.get(id);
        SourceStats.Estimate before = s.stats.size() >= 3
                ? s.stats.estimate(clock.rawNanos(t4), clock.frequencyPpm() * 1e-6) : null;
        SourcePoller.Reply r = s.poller.onReply(buf, len, clock.rawNanos(t4), localPrecision, settings.maxDistance(),
                ownIds, s.stats.minDelay(), before == null ? 0 : before.stdDev());
        if (!(r instanceof SourcePoller.Reply.Accepted a)) {
            return List.of();
        }
        Sample raw = a.sample();
        s.stats.add(new SourceStats.Point(raw.localNanos(), raw.offset(), raw.delay(), raw.dispersion()));
        s.last = raw;
        s.lastOffset = raw.offset() - clock.correctionAt(t4);
        s.lastRawNanos = raw.localNanos();
        s.poller.adaptPoll(s.stats.size());
        return update(t4);
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
        for (Source s : sources) {
            s.state = SourceState.UNUSABLE;
            if (s.last == null || s.poller.stopped() || s.poller.config.noSelect() || s.poller.reach() == 0) {
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
            candidates.add(new Selection.Candidate(id, e.rawOffset() - correction, distance, e.stdDev(),
                    s.poller.config.prefer()));
        }
        if (!everyoneHeard()) {
            return List.of();
        }
        Selection.Result sel = Selection.select(candidates, settings.minSources(), state.systemPeer());
        for (Selection.Candidate c : candidates) {
            Source s = sources.get(c.id());
            s.state = !sel.synchronisable() ? SourceState.UNUSABLE
                    : c.id() == sel.systemPeer() ? SourceState.SELECTED
                    : sel.survivors().contains(c.id()) ? SourceState.COMBINED
                    : sel.truechimers().contains(c.id()) ? SourceState.NOT_COMBINED
                    : SourceState.FALSETICKER;
        }
        if (!sel.synchronisable() && state.synchronised() && !candidates.isEmpty()
                && ++disagreements < TOLERATED_DISAGREEMENTS) {
            // One update without a majority (an outlier sample) does not end synchronisation:
            // the clock keeps its frequency and is not corrected until the sources agree again.
            return List.of();
        }
        if (!sel.synchronisable()) {
            String alarm = candidates.isEmpty() ? "no usable source"
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
     * Until the first update, waits for every source to answer or to miss two polls: otherwise
     * the first source to answer would be a majority of one, falseticker or not.
     */
    private boolean everyoneHeard() {
        if (updates > 0) {
            return true;
        }
        for (Source s : sources) {
            if (s.last == null && !s.poller.stopped() && s.poller.polls() < 2) {
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

    /** Why source {@code id} is no longer polled (a DENY or RSTR kiss-o'-death), or null. */
    public String stopReason(int id) {
        return sources.get(id).poller.stopReason();
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
                    e == null ? 0 : e.samples(), s.poller.lastVerdicts(), s.poller.stopReason()));
        }
        return out;
    }
}
