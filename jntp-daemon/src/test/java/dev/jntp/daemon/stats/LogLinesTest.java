// Golden lines: statistics lines have chrony's documented columns and widths, and ntpd's loopstats/peerstats layout.
package dev.jntp.daemon.stats;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jntp.engine.sync.ClockUpdate;
import dev.jntp.engine.sync.Measurement;
import dev.jntp.engine.sync.PacketTest;
import dev.jntp.engine.sync.Regression;
import dev.jntp.engine.sync.SourceSnapshot;
import dev.jntp.engine.sync.SourceState;
import dev.jntp.engine.sync.SystemState;
import dev.jntp.engine.sync.TestVerdicts;
import dev.jntp.proto.LeapIndicator;
import dev.jntp.proto.ReferenceId;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The expected lines are the example lines of chrony.conf(5) ({@code log} directive, chrony 4.x),
 * written out as chrony 4.x prints them, and ntpd's documented loopstats and peerstats examples.
 */
class LogLinesTest {

    private static long nanos(String instant) {
        Instant i = Instant.parse(instant);
        return i.getEpochSecond() * 1_000_000_000L + i.getNano();
    }

    private static Measurement measurement(TestVerdicts verdicts) {
        return new Measurement(nanos("2016-11-09T05:40:50.4Z"), LeapIndicator.NO_WARNING, 2, 10,
                new ReferenceId(0xCB00717B), verdicts, 10, 1.0, -4.966e-03, 2.296e-01, 1.577e-05, 1.615e-01,
                7.446e-03, true);
    }

    @Test
    void banners_chronysColumnTitles_betweenRulesOfTheirLength() {
        assertThat(LogLines.MEASUREMENTS_BANNER).isEqualTo("   Date (UTC) Time     IP Address   L St 123 567 ABCD"
                + "  LP RP Score    Offset  Peer del. Peer disp.  Root del. Root disp. Refid     MTxRx");
        assertThat(LogLines.STATISTICS_BANNER).isEqualTo("   Date (UTC) Time     IP Address    Std dev'n Est offset"
                + "  Offset sd  Diff freq   Est skew  Stress  Ns  Bs  Nr  Asym");
        assertThat(LogLines.TRACKING_BANNER).isEqualTo("   Date (UTC) Time     IP Address   St   Freq ppm   Skew ppm"
                + "     Offset L Co  Offset sd Rem. corr. Root delay Root disp. Max. error");
        String[] b = LogLines.banner(LogLines.TRACKING_BANNER);
        assertThat(b).containsExactly("=".repeat(LogLines.TRACKING_BANNER.length()), LogLines.TRACKING_BANNER,
                "=".repeat(LogLines.TRACKING_BANNER.length()));
    }

    @Test
    void measurement_chronysExample_sameLine() {
        String line = LogLines.measurement("203.0.113.15", measurement(TestVerdicts.ALL_PASSED), false, true);

        assertThat(line).isEqualTo("2016-11-09 05:40:50 203.0.113.15    N  2 111 111 1111  10 10 1.00 -4.966e-03"
                + "  2.296e-01  1.577e-05  1.615e-01  7.446e-03 CB00717B 4B D K");
    }

    @Test
    void measurement_failedTestsAndUnsynchronisedLeap_zerosWhereTestsFailedAndQuestionMark() {
        Measurement m = measurement(new TestVerdicts(Set.of(PacketTest.SYNCHRONISED, PacketTest.MAX_DELAY)));
        Measurement unsynced = new Measurement(m.localNanos(), LeapIndicator.UNSYNCHRONIZED, 16, m.remotePoll(),
                m.referenceId(), m.verdicts(), 6, -0.5, m.offset(), m.delay(), m.dispersion(), m.rootDelay(),
                m.rootDispersion(), false);

        String line = LogLines.measurement("2001:db8::1", unsynced, true, true);

        assertThat(line).isEqualTo("2016-11-09 05:40:50 2001:db8::1     ? 16 111 101 0111   6 10 -0.50 -4.966e-03"
                + "  2.296e-01  1.577e-05  1.615e-01  7.446e-03 CB00717B 4B K K");
    }

    @Test
    void statistics_chronysExample_sameLineWithChronysSigns() {
        // jntp's offset is reference minus local and its frequency the rate of that offset: chrony's opposites.
        Regression r = new Regression(nanos("2016-08-10T05:40:50Z"), 6.261e-03, 3.247e-03, 2.220e-03, -1.874e-06,
                1.080e-06, 7.8e-02, 16, 0, 8);

        assertThat(LogLines.statistics("203.0.113.15", r)).isEqualTo("2016-08-10 05:40:50 203.0.113.15     6.261e-03"
                + " -3.247e-03  2.220e-03  1.874e-06  1.080e-06 7.8e-02  16   0   8  0.00");
    }

    @Test
    void tracking_chronysExample_sameColumnsAndMaxErrorFromRootDistanceAndRemainingCorrection() {
        // Frequency correction +3.541 ppm: the clock runs 3.541 ppm slow, chrony's -3.541.
        SystemState s = new SystemState(true, 2, ReferenceId.ofIpv4(new byte[] {(byte) 203, 0, 113, 15}),
                nanos("2017-08-22T13:22:36Z"), 8.621e-06, 1e-6, 3.541, 0.075, 1.534e-02, 3.472e-04,
                LeapIndicator.NO_WARNING, 0, "", 5);
        ClockUpdate u = new ClockUpdate(nanos("2017-08-22T13:22:36.9Z"), 2, 2.940e-03, -2.084e-04, false);

        // chrony's example has 8.304e-03 as its maximum error; jntp's is 0.01534 / 2 + 0.0003472 + 0.0002084.
        assertThat(LogLines.tracking("203.0.113.15", s, u)).isEqualTo("2017-08-22 13:22:36 203.0.113.15     2"
                + "     -3.541      0.075 -8.621e-06 N  2  2.940e-03 -2.084e-04  1.534e-02  3.472e-04  8.226e-03");
    }

    @Test
    void peerstats_ntpdLayout_mjdSecondsAddressStatusAndFourFigures() {
        SourceSnapshot src = new SourceSnapshot(0, "ntp1", SourceState.SELECTED, 2, 6, 0377, 0, 0, 0, 0.000958674, 8,
                TestVerdicts.ALL_PASSED, null);
        Measurement m = new Measurement(0, LeapIndicator.NO_WARNING, 1, 6, ReferenceId.NONE, TestVerdicts.ALL_PASSED,
                6, 0, -0.001605376, 0.000001, 0.001424877, 0, 0, true);

        // 1995-09-20 (MJD 49980), 03:00:47.650 UTC.
        String line = LogLines.peerstats("127.127.4.1", src, m, nanos("1995-09-20T03:00:47.650Z"));

        assertThat(line).isEqualTo("49980 10847.650 127.127.4.1 9600 -0.001605376 0.000001000 0.001424877 0.000958674");
    }

    @Test
    void peerStatus_eachSelectionState_ntpdsSelectionCodeAndReachFlag() {
        assertThat(status(SourceState.SELECTED, 1)).isEqualTo(0x9600);
        assertThat(status(SourceState.COMBINED, 1)).isEqualTo(0x9400);
        assertThat(status(SourceState.NOT_COMBINED, 1)).isEqualTo(0x9300);
        assertThat(status(SourceState.FALSETICKER, 1)).isEqualTo(0x9100);
        assertThat(status(SourceState.UNUSABLE, 0)).isEqualTo(0x8000);
    }

    private static int status(SourceState state, int reach) {
        return LogLines.peerStatus(new SourceSnapshot(0, "s", state, 2, 6, reach, 0, 0, 0, 0, 0,
                TestVerdicts.ALL_PASSED, null));
    }

    @Test
    void loopstats_ntpdLayout_offsetFrequencyJitterWanderTimeConstant() {
        SystemState s = new SystemState(true, 2, ReferenceId.NONE, 0, 0.000006019, 0.000351733, 13.778190, 0.013380,
                0, 0, LeapIndicator.NO_WARNING, 0, "", 9);

        // 1998-02-21 (MJD 50865), 20:57:20.031 UTC.
        String line = LogLines.loopstats(s, 6, nanos("1998-02-21T20:57:20.031Z"));

        assertThat(line).isEqualTo("50865 75440.031 0.000006019 13.778 0.000351733 0.013380 6");
    }

    @Test
    void mjdTime_beforeAndAtMidnight_dayAndSecondsOfThatDay() {
        assertThat(LogLines.mjdTime(nanos("1970-01-01T00:00:00Z"))).isEqualTo("40587 0.000");
        assertThat(LogLines.mjdTime(nanos("2026-01-01T23:59:59.999Z"))).isEqualTo("61041 86399.999");
    }
}
