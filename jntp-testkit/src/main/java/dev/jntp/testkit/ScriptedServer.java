// An upstream NTP server on the simulated network whose clock, identity and misbehaviour follow a script.
package dev.jntp.testkit;

import dev.jntp.engine.server.AccessFilter;
import dev.jntp.engine.server.ReferenceProvider;
import dev.jntp.engine.server.ReferenceState;
import dev.jntp.engine.server.ServerResponder;
import dev.jntp.engine.server.ServerStats;
import dev.jntp.proto.KissCode;
import dev.jntp.proto.LeapIndicator;
import dev.jntp.proto.NtpShort;
import dev.jntp.proto.NtpTimestamp;
import dev.jntp.proto.ReferenceId;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A server that answers real NTP requests with real replies, built by jntp's own
 * {@link ServerResponder} (allow-all), from a clock that reads true UTC plus a scripted error
 * (a {@link SimulatedClock} that follows the true leap seconds). A request's receive timestamp is
 * the server clock when it arrives; the transmit timestamp is the server clock a processing
 * delay later, when the reply leaves.
 *
 * <p>The script: stratum, reference ID, root delay and dispersion, precision; the clock's
 * offset (a falseticker is a constant offset), drift, wander and steps; leap announcements
 * (by default the leap seconds of {@link SimTime}, announced through the UTC day that ends with
 * them, as a server on a good reference does); and windows of true time in which it is silent,
 * answers with a kiss-o'-death, or says it is unsynchronised. It counts what it receives.
 */
public final class ScriptedServer {

    /** Refresh interval the reference time pretends to: the last multiple of this before the reply. */
    private static final long REFERENCE_UPDATE_NANOS = 64 * SimTime.NANOS_PER_SECOND;

    private final SimScheduler scheduler;
    private final SimulatedClock clock;
    private final SimNetwork.Endpoint endpoint;
    private final ServerResponder responder;
    private final ReferenceProvider reference;
    private final int stratum;
    private final ReferenceId referenceId;
    private final NtpShort rootDelay;
    private final NtpShort rootDispersion;
    private final int precision;
    private final long processingDelayNanos;
    private final boolean announcesLeaps;

    private final Timeline<Boolean> silences = new Timeline<>();
    private final Timeline<KissCode> kisses = new Timeline<>();
    private final Timeline<Boolean> unsynchronised = new Timeline<>();
    private final Timeline<LeapIndicator> leaps = new Timeline<>();
    private boolean away;

    private long received;
    private long ignored;
    private long replied;
    private long kissed;
    private final Map<InetAddress, Long> perClient = new HashMap<>();

    private ScriptedServer(Builder b) {
        this.scheduler = b.network.scheduler();
        this.clock = b.clock != null ? b.clock : b.clockBuilder.build();
        this.stratum = b.stratum;
        this.referenceId = b.referenceId;
        this.rootDelay = NtpShort.ofSeconds(b.rootDelay);
        this.rootDispersion = NtpShort.ofSeconds(b.rootDispersion);
        this.precision = b.precision;
        this.processingDelayNanos = b.processingDelayNanos;
        this.announcesLeaps = b.announcesLeaps;
        this.responder = new ServerResponder(AccessFilter.of(List.of(new AccessFilter.Rule(true, true, null))),
                new ServerStats());
        this.reference = this::stateAt;
        this.endpoint = b.network.bind(b.address, this::receive);
    }

    /** Starts describing a server at {@code address} (port included) on {@code network}. */
    public static Builder builder(SimNetwork network, InetSocketAddress address) {
        return new Builder(network, address);
    }

    /** No replies from {@code from} to {@code to} (true nanos): the server is gone. */
    public ScriptedServer silentBetween(long from, long to) {
        silences.add(from, to, Boolean.TRUE);
        return this;
    }

    /** Answers every request from {@code from} to {@code to} with a kiss-o'-death carrying {@code code}. */
    public ScriptedServer kissBetween(KissCode code, long from, long to) {
        kisses.add(from, to, Objects.requireNonNull(code, "code"));
        return this;
    }

    /** Answers as unsynchronised (leap 3, stratum 0) from {@code from} to {@code to}. */
    public ScriptedServer unsynchronisedBetween(long from, long to) {
        unsynchronised.add(from, to, Boolean.TRUE);
        return this;
    }

    /** Puts {@code leap} in replies from {@code from} to {@code to}, whatever the true leap seconds are. */
    public ScriptedServer leapBetween(LeapIndicator leap, long from, long to) {
        leaps.add(from, to, Objects.requireNonNull(leap, "leap"));
        return this;
    }

    /** Stops answering until {@link #comeBack}. */
    public ScriptedServer goAway() {
        away = true;
        return this;
    }

    /** Answers again (unless a silent window holds). */
    public ScriptedServer comeBack() {
        away = false;
        return this;
    }

    /** The server's clock (reading = true UTC + its scripted error). */
    public SimulatedClock clock() {
        return clock;
    }

    /** Where it listens. */
    public InetSocketAddress address() {
        return endpoint.address();
    }

    /** What it says about itself at true time now (what the next reply carries). */
    public ReferenceState referenceState() {
        return reference.at(NtpTimestamp.fromUnixNanos(clock.readNanos()));
    }

    /** Datagrams that reached it. */
    public long requestsReceived() {
        return received;
    }

    /** Datagrams that reached it from one host. */
    public long requestsFrom(InetAddress client) {
        return perClient.getOrDefault(client, 0L);
    }

    /** Requests it ignored because it was silent or away. */
    public long requestsIgnored() {
        return ignored;
    }

    /** Replies sent, kisses-o'-death included. */
    public long repliesSent() {
        return replied;
    }

    /** Kisses-o'-death sent. */
    public long kissesSent() {
        return kissed;
    }

    /** The responder's counters (answered, and dropped by reason). */
    public ServerStats responderStats() {
        return responder.stats();
    }

    private void receive(Datagram d) {
        received++;
        perClient.merge(d.from().getAddress(), 1L, Long::sum);
        long now = scheduler.now();
        if (away || silences.holds(now)) {
            ignored++;
            return;
        }
        NtpTimestamp receiveTs = NtpTimestamp.fromUnixNanos(clock.readNanos());
        ReferenceState state = reference.at(receiveTs);
        byte[] out = new byte[ServerResponder.MAX_REPLY_LENGTH];
        int n = responder.respond(d.data(), d.data().length, d.from().getAddress().getAddress(), receiveTs, state, out);
        if (n == 0) {
            return;
        }
        boolean kiss = state.stratum() == 0 && state.referenceId().kissCode().isPresent();
        byte[] reply = Arrays.copyOf(out, n);
        scheduler.after(processingDelayNanos, () -> {
            ServerResponder.stampTransmit(reply, NtpTimestamp.fromUnixNanos(clock.readNanos()));
            replied++;
            if (kiss) {
                kissed++;
            }
            endpoint.send(d.from(), reply);
        });
    }

    /** The reference state the script gives at true time now; {@code now} is the server's own clock. */
    private ReferenceState stateAt(NtpTimestamp now) {
        long t = scheduler.now();
        KissCode k = kisses.at(t);
        if (k != null) {
            return new ReferenceState(LeapIndicator.UNSYNCHRONIZED, 0, precision, k.referenceId(), NtpShort.ZERO,
                    NtpShort.ZERO, NtpTimestamp.ZERO);
        }
        if (unsynchronised.holds(t)) {
            return ReferenceState.unsynchronised(precision);
        }
        long reading = now.toUnixNanos(t);
        LeapIndicator leap = leaps.at(t);
        if (leap == null) {
            leap = announcesLeaps ? scheduler.time().leapAnnouncedAt(reading) : LeapIndicator.NO_WARNING;
        }
        long refTime = reading - Math.floorMod(reading, REFERENCE_UPDATE_NANOS);
        return new ReferenceState(leap, stratum, precision, referenceId, rootDelay, rootDispersion,
                NtpTimestamp.fromUnixNanos(refTime));
    }

    /** Describes a scripted server. */
    public static final class Builder {
        private final SimNetwork network;
        private final InetSocketAddress address;
        private final SimulatedClock.Builder clockBuilder;
        private SimulatedClock clock;
        private int stratum = 1;
        private ReferenceId referenceId = ReferenceId.ofAscii("GPS");
        private double rootDelay;
        private double rootDispersion = 10e-6;
        private int precision = -24;
        private long processingDelayNanos = 10_000;
        private boolean announcesLeaps = true;

        private Builder(SimNetwork network, InetSocketAddress address) {
            this.network = Objects.requireNonNull(network, "network");
            this.address = Objects.requireNonNull(address, "address");
            this.clockBuilder = SimulatedClock.builder(network.scheduler().time()).followsUtcLeaps(true);
        }

        /** Clock error, seconds (reading minus true UTC): a falseticker is a server with a large one. */
        public Builder offset(double seconds) {
            clockBuilder.offset(seconds);
            return this;
        }

        /** Clock drift, ppm (positive: runs fast). */
        public Builder driftPpm(double ppm) {
            clockBuilder.frequencyErrorPpm(ppm);
            return this;
        }

        /** Random-walk frequency wander of the server's clock (see {@link SimulatedClock}). */
        public Builder wander(double sigmaPerSecond, long seed) {
            clockBuilder.wander(sigmaPerSecond, seed);
            return this;
        }

        /** The server's clock jumps by {@code seconds} at true time {@code at}. */
        public Builder stepAt(long at, double seconds) {
            clockBuilder.stepAt(at, seconds);
            return this;
        }

        /** Uses {@code clock} instead of one built from offset, drift, wander and steps. */
        public Builder clock(SimulatedClock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** Stratum 1 to 15 (default 1). */
        public Builder stratum(int stratum) {
            if (stratum < 1 || stratum > 15) {
                throw new IllegalArgumentException("stratum must be 1 to 15: " + stratum);
            }
            this.stratum = stratum;
            return this;
        }

        /** Reference ID (default {@code GPS}). */
        public Builder referenceId(ReferenceId id) {
            this.referenceId = Objects.requireNonNull(id, "id");
            return this;
        }

        /** Root delay, seconds (default 0). */
        public Builder rootDelay(double seconds) {
            this.rootDelay = seconds;
            return this;
        }

        /** Root dispersion, seconds (default 10 us). */
        public Builder rootDispersion(double seconds) {
            this.rootDispersion = seconds;
            return this;
        }

        /** Precision, log2 seconds (default -24). */
        public Builder precision(int log2Seconds) {
            this.precision = log2Seconds;
            return this;
        }

        /** True time between a request's arrival and its reply's departure (default 10 us). */
        public Builder processingDelay(Duration d) {
            if (d.isNegative()) {
                throw new IllegalArgumentException("processing delay must not be negative: " + d);
            }
            this.processingDelayNanos = d.toNanos();
            return this;
        }

        /** Whether it announces the true leap seconds of {@link SimTime} (default yes). */
        public Builder announcesLeaps(boolean announces) {
            this.announcesLeaps = announces;
            return this;
        }

        /** Binds the server to its address. */
        public ScriptedServer build() {
            return new ScriptedServer(this);
        }
    }
}
