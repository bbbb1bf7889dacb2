// Tests the simulated network: delay and jitter statistics, loss, asymmetry, reordering, duplication, outages, determinism.
package dev.jntp.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SimNetworkTest {

    private static final long SEED = Seeds.chosen(0x5EED_2E7L);
    private static final String SEED_INFO = "seed " + SEED;
    private static final Instant START = Instant.parse("2026-06-30T00:00:00Z");
    private static final long MS = 1_000_000L;
    private static final int PACKETS = 10_000;
    private static final InetAddress A = InetAddress.ofLiteral("192.0.2.1");
    private static final InetAddress B = InetAddress.ofLiteral("192.0.2.2");
    private static final InetAddress C = InetAddress.ofLiteral("2001:db8::3");
    private static final InetSocketAddress A_PORT = new InetSocketAddress(A, 40000);
    private static final InetSocketAddress B_PORT = new InetSocketAddress(B, 123);
    private static final InetSocketAddress C_PORT = new InetSocketAddress(C, 123);

    private final SimScheduler scheduler = SimScheduler.startingAt(START);
    private final SimNetwork net = new SimNetwork(scheduler, SEED);
    private final List<Datagram> atB = new ArrayList<>();

    /** Sends {@code n} numbered datagrams from A to B, one every {@code spacing} nanoseconds, and lets them all arrive. */
    private void sendAtoB(int n, long spacing) {
        net.bind(B_PORT, atB::add);
        SimNetwork.Endpoint a = net.bind(A_PORT, d -> {});
        for (int i = 0; i < n; i++) {
            byte[] payload = {(byte) (i >>> 24), (byte) (i >>> 16), (byte) (i >>> 8), (byte) i};
            scheduler.at(scheduler.now() + i * spacing, () -> a.send(B_PORT, payload));
        }
        scheduler.runForNanos(n * spacing + 10_000 * MS);
    }

    private static int number(Datagram d) {
        byte[] p = d.data();
        return ((p[0] & 0xFF) << 24) | ((p[1] & 0xFF) << 16) | ((p[2] & 0xFF) << 8) | (p[3] & 0xFF);
    }

    private double meanDelay() {
        return atB.stream().mapToLong(Datagram::delayNanos).average().orElseThrow();
    }

    private double sdDelay() {
        double m = meanDelay();
        return Math.sqrt(atB.stream().mapToDouble(d -> (d.delayNanos() - m) * (d.delayNanos() - m)).sum() / atB.size());
    }

    @Test
    void send_fixedDelay_arrivesExactlyThatLater() {
        net.connect(A, B, NetPath.delay(Duration.ofMillis(2)));
        sendAtoB(10, 10 * MS);
        assertThat(atB).hasSize(10).allSatisfy(d -> assertThat(d.delayNanos()).isEqualTo(2 * MS));
        assertThat(atB.getFirst().from()).isEqualTo(A_PORT);
        assertThat(atB.getFirst().to()).isEqualTo(B_PORT);
    }

    @Test
    void send_normalJitter100us_meanIsTheBaseAndSpreadIsSigma() {
        net.connect(A, B, NetPath.delay(Duration.ofMillis(1)).withJitter(Jitter.normal(Duration.ofNanos(100_000))));
        sendAtoB(PACKETS, 10 * MS);
        assertThat(atB).hasSize(PACKETS);
        // Standard error of the mean: 100 us / sqrt(10000) = 1 us.
        assertThat(meanDelay()).as(SEED_INFO).isCloseTo(1e6, within(5_000.0));
        assertThat(sdDelay()).as(SEED_INFO).isCloseTo(1e5, within(5_000.0));
    }

    @Test
    void send_exponentialJitter_meanIsBasePlusTheJitterMeanAndNeverBelowBase() {
        net.connect(A, B, NetPath.delay(Duration.ofMillis(1)).withJitter(Jitter.exponential(Duration.ofNanos(100_000))));
        sendAtoB(PACKETS, 10 * MS);
        assertThat(meanDelay()).as(SEED_INFO).isCloseTo(1.1e6, within(5_000.0));
        assertThat(sdDelay()).as(SEED_INFO).isCloseTo(1e5, within(7_000.0));
        assertThat(atB).allSatisfy(d -> assertThat(d.delayNanos()).isGreaterThanOrEqualTo(MS));
    }

    @Test
    void send_uniformJitter_staysWithinItsRange() {
        net.connect(A, B, NetPath.delay(Duration.ofMillis(1)).withJitter(Jitter.uniform(Duration.ofNanos(200_000))));
        sendAtoB(PACKETS, 10 * MS);
        assertThat(meanDelay()).as(SEED_INFO).isCloseTo(1.1e6, within(3_000.0));
        assertThat(atB).allSatisfy(d -> assertThat(d.delayNanos()).isBetween(MS, MS + 200_000));
    }

    @Test
    void send_33PercentLoss_losesAThirdWithinFourSigma() {
        net.connect(A, B, NetPath.delay(Duration.ofMillis(1)).withLoss(0.33));
        sendAtoB(PACKETS, 10 * MS);
        PathStats s = net.stats(A, B);
        // sigma = sqrt(10000 * 0.33 * 0.67) = 47
        assertThat(s.lost()).as(SEED_INFO).isBetween(3300L - 190, 3300L + 190);
        assertThat(s.sent()).isEqualTo(PACKETS);
        assertThat(s.delivered() + s.lost()).isEqualTo(PACKETS);
        assertThat(atB).hasSize((int) s.delivered());
    }

    @Test
    void send_asymmetricPath_eachDirectionHasItsOwnDelay() {
        net.connect(A, B, NetPath.delay(Duration.ofMillis(1)), NetPath.delay(Duration.ofMillis(3)));
        List<Datagram> atA = new ArrayList<>();
        net.bind(A_PORT, atA::add);
        SimNetwork.Endpoint[] b = new SimNetwork.Endpoint[1];
        b[0] = net.bind(B_PORT, d -> {
            atB.add(d);
            b[0].send(d.from(), d.data());
        });
        net.send(A_PORT, B_PORT, new byte[48]);
        scheduler.runFor(Duration.ofSeconds(1));
        assertThat(atB).singleElement().extracting(Datagram::delayNanos).isEqualTo(MS);
        assertThat(atA).singleElement().extracting(Datagram::delayNanos).isEqualTo(3 * MS);
        assertThat(atA.getFirst().arrivalNanos() - atB.getFirst().sentNanos()).isEqualTo(4 * MS);
    }

    @Test
    void send_duringAnOutage_isDroppedAndCountedWhileEarlierDatagramsInFlightArrive() {
        long t0 = scheduler.now();
        net.connect(A, B, NetPath.delay(Duration.ofMillis(50)));
        net.outage(A, B, t0 + 1000 * MS, t0 + 2000 * MS);
        sendAtoB(300, 10 * MS);
        PathStats s = net.stats(A, B);
        assertThat(s.droppedInOutage()).isEqualTo(100);
        assertThat(s.delivered()).isEqualTo(200);
        assertThat(atB).noneSatisfy(d -> assertThat(d.sentNanos()).isBetween(t0 + 1000 * MS, t0 + 2000 * MS - 1));
        assertThat(atB).anySatisfy(d -> assertThat(d.arrivalNanos()).isBetween(t0 + 1000 * MS, t0 + 1050 * MS));
        assertThat(net.stats(B, A).sent()).isZero();
    }

    @Test
    void send_hostCutOff_dropsEverythingToAndFromIt() {
        long t0 = scheduler.now();
        net.defaultPath(NetPath.delay(Duration.ofMillis(1)));
        net.hostOutage(B, t0, t0 + 500 * MS);
        sendAtoB(100, 10 * MS);
        assertThat(net.stats(A, B).droppedInOutage()).isEqualTo(50);
        assertThat(atB).hasSize(50);
    }

    @Test
    void send_reorderingProbability_holdsSomeBackBehindLaterOnes() {
        net.connect(A, B, NetPath.delay(Duration.ofMillis(1)).withReordering(0.1, Duration.ofMillis(5)));
        sendAtoB(PACKETS, MS);
        PathStats s = net.stats(A, B);
        assertThat(s.delivered()).isEqualTo(PACKETS);
        // A held datagram arrives 5 ms late, behind the next four: 10% of 10000, within 4 sigma (sigma 30).
        assertThat(s.reordered()).as(SEED_INFO).isBetween(1000L - 120, 1000L + 120);
        int outOfOrder = 0;
        for (int i = 1; i < atB.size(); i++) {
            if (number(atB.get(i)) < number(atB.get(i - 1))) {
                outOfOrder++;
            }
        }
        assertThat(outOfOrder).as(SEED_INFO).isPositive();
    }

    @Test
    void send_jitterLargerThanSpacing_reordersAndCountsIt() {
        net.connect(A, B, NetPath.delay(Duration.ofMillis(1)).withJitter(Jitter.exponential(Duration.ofMillis(2))));
        sendAtoB(1000, MS);
        assertThat(net.stats(A, B).reordered()).as(SEED_INFO).isBetween(100L, 999L);
    }

    @Test
    void send_duplicationProbability_deliversSomeTwice() {
        net.connect(A, B, NetPath.delay(Duration.ofMillis(1)).withDuplication(0.05));
        sendAtoB(PACKETS, MS);
        PathStats s = net.stats(A, B);
        assertThat(s.duplicated()).as(SEED_INFO).isBetween(500L - 90, 500L + 90);
        assertThat(s.delivered()).isEqualTo(PACKETS + s.duplicated());
    }

    @Test
    void send_noPathOrNobodyBound_isCountedUnroutableOrUndeliverable() {
        net.send(A_PORT, B_PORT, new byte[1]);
        assertThat(net.stats(A, B).unroutable()).isEqualTo(1);
        net.connect(A, C, NetPath.delay(Duration.ofMillis(1)));
        net.send(A_PORT, C_PORT, new byte[1]);
        scheduler.runFor(Duration.ofSeconds(1));
        assertThat(net.stats(A, C).undeliverable()).isEqualTo(1);
        PathStats total = net.totals();
        assertThat(total.sent()).isEqualTo(2);
        assertThat(total.unroutable()).isEqualTo(1);
        assertThat(total.undeliverable()).isEqualTo(1);
    }

    @Test
    void send_dataChangedBySenderAfterSending_arrivesAsSent() {
        net.connect(A, B, NetPath.delay(Duration.ofMillis(1)));
        net.bind(B_PORT, atB::add);
        byte[] buf = {1, 2, 3};
        net.send(A_PORT, B_PORT, buf);
        buf[0] = 9;
        scheduler.runFor(Duration.ofSeconds(1));
        assertThat(atB.getFirst().data()).containsExactly(1, 2, 3);
    }

    private static List<Long> arrivals(long seed, boolean otherTraffic) {
        SimScheduler s = SimScheduler.startingAt(START);
        SimNetwork n = new SimNetwork(s, seed);
        NetPath p = NetPath.delay(Duration.ofMillis(1)).withJitter(Jitter.exponential(Duration.ofNanos(100_000))).withLoss(0.2);
        n.connect(A, B, p);
        n.connect(A, C, p);
        List<Long> out = new ArrayList<>();
        n.bind(B_PORT, d -> out.add(d.arrivalNanos()));
        for (int i = 0; i < 200; i++) {
            s.after(i * 10 * MS, () -> n.send(A_PORT, B_PORT, new byte[48]));
            if (otherTraffic) {
                s.after(i * 10 * MS + 1, () -> n.send(A_PORT, C_PORT, new byte[48]));
            }
        }
        s.runFor(Duration.ofSeconds(5));
        return out;
    }

    @Test
    void send_sameSeed_isRepeatableAndUnaffectedByTrafficOnOtherPaths() {
        List<Long> first = arrivals(SEED, false);
        assertThat(arrivals(SEED, false)).as(SEED_INFO).isEqualTo(first);
        assertThat(arrivals(SEED, true)).as(SEED_INFO).isEqualTo(first);
        assertThat(arrivals(SEED + 1, false)).as(SEED_INFO).isNotEqualTo(first);
    }
}
