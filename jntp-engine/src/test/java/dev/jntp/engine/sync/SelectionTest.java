// Tests source selection: the intersection of correctness intervals, majorities, clustering and combining.
package dev.jntp.engine.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.jntp.engine.sync.Selection.Candidate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SelectionTest {

    private static Candidate c(int id, double offset, double distance) {
        return new Candidate(id, offset, distance, 0.001, false);
    }

    private static Candidate c(int id, double offset, double distance, double jitter) {
        return new Candidate(id, offset, distance, jitter, false);
    }

    /** Spread by a few milliseconds, less than their own jitter of 5 ms: clustering keeps them all. */
    private static void assertInterval(double[] actual, double low, double high) {
        assertThat(actual).hasSize(2);
        assertThat(actual[0]).as("low").isCloseTo(low, within(1e-15));
        assertThat(actual[1]).as("high").isCloseTo(high, within(1e-15));
    }

    private static final List<Candidate> FOUR_AGREEING = List.of(c(0, 0.002, 0.03, 0.005), c(1, -0.001, 0.02, 0.005),
            c(2, 0.004, 0.05, 0.005), c(3, 0.000, 0.04, 0.005));

    @Test
    void select_fourAgreeing_allTruechimersPeerWithSmallestDistanceInverseSquareDistanceWeightedOffset() {
        Selection.Result r = Selection.select(FOUR_AGREEING, 1);

        assertThat(r.synchronisable()).isTrue();
        assertThat(r.truechimers()).containsExactly(0, 1, 2, 3);
        assertThat(r.survivors()).containsExactlyInAnyOrder(0, 1, 2, 3);
        assertThat(r.systemPeer()).isEqualTo(1);
        double expected = (0.002 / (0.03 * 0.03) - 0.001 / (0.02 * 0.02) + 0.004 / (0.05 * 0.05) + 0)
                / (1 / (0.03 * 0.03) + 1 / (0.02 * 0.02) + 1 / (0.05 * 0.05) + 1 / (0.04 * 0.04));
        assertThat(r.offset()).isCloseTo(expected, within(1e-15));
        double[] offsets = {0.002, -0.001, 0.004, 0.0};
        double sum = 0;
        for (double o : offsets) {
            sum += (o + 0.001) * (o + 0.001);
        }
        assertThat(r.jitter()).as("selection jitter of the peer").isCloseTo(Math.sqrt(sum / 3), within(1e-15));
    }

    @Test
    void select_preferredSurvivor_isThePeer() {
        List<Candidate> cs = new ArrayList<>(FOUR_AGREEING);
        cs.set(2, new Candidate(2, 0.004, 0.05, 0.005, true));

        assertThat(Selection.select(cs, 1).systemPeer()).isEqualTo(2);
    }

    @Test
    void select_currentPeerStillSurvives_keptAsPeer() {
        assertThat(Selection.select(FOUR_AGREEING, 1, 3).systemPeer()).isEqualTo(3);
        assertThat(Selection.select(FOUR_AGREEING, 1, 7).systemPeer()).as("unknown current peer").isEqualTo(1);
    }

    @ParameterizedTest(name = "wrong by {0} s")
    @ValueSource(doubles = {1, -1})
    void select_twoOfFiveWrong_theyAreFalsetickers(double error) {
        List<Candidate> cs = List.of(c(0, 0.001, 0.02), c(1, error, 0.02), c(2, -0.002, 0.03), c(3, -error, 0.02),
                c(4, 0.0, 0.025));

        Selection.Result r = Selection.select(cs, 1);

        assertThat(r.synchronisable()).isTrue();
        assertThat(r.truechimers()).containsExactly(0, 2, 4);
        assertThat(r.survivors()).doesNotContain(1, 3);
        assertThat(r.systemPeer()).isEqualTo(0);
        assertThat(r.offset()).isCloseTo(0, within(0.002));
    }

    @Test
    void select_twoOfFiveWrongTheSameWay_stillFalsetickers() {
        List<Candidate> cs = List.of(c(0, 0.001, 0.02), c(1, 1.0, 0.02), c(2, -0.002, 0.03), c(3, 1.001, 0.02),
                c(4, 0.0, 0.025));

        assertThat(Selection.select(cs, 1).truechimers()).containsExactly(0, 2, 4);
    }

    /**
     * Three of five that agree among themselves are the majority clique: RFC 5905's intersection
     * cannot tell who is right, so the three are the truechimers and the two the falsetickers.
     */
    @Test
    void select_threeOfFiveAgreeingOnAWrongTime_majorityWinsAndTheTwoAreFalsetickers() {
        List<Candidate> cs = List.of(c(0, 0.0, 0.02), c(1, 1.0, 0.02), c(2, 0.001, 0.02), c(3, 1.001, 0.03),
                c(4, 0.999, 0.025));

        Selection.Result r = Selection.select(cs, 1);

        assertThat(r.synchronisable()).isTrue();
        assertThat(r.truechimers()).containsExactly(1, 3, 4);
        assertThat(r.systemPeer()).isEqualTo(1);
        assertThat(r.offset()).isCloseTo(1.0, within(0.002));
    }

    @Test
    void select_threeOfFiveWrongAndDisagreeing_noMajorityNotSynchronisable() {
        List<Candidate> cs = List.of(c(0, 0.0, 0.02), c(1, 1.0, 0.02), c(2, 0.001, 0.02), c(3, -1.0, 0.02),
                c(4, 2.0, 0.02));

        Selection.Result r = Selection.select(cs, 1);

        assertThat(r.synchronisable()).isFalse();
        assertThat(r.systemPeer()).isEqualTo(-1);
        assertThat(r.truechimers()).isEmpty();
        assertThat(Selection.intersection(cs)).isNull();
    }

    @Test
    void select_twoDisagreeing_noMajority() {
        assertThat(Selection.select(List.of(c(0, 0, 0.01), c(1, 0.5, 0.01)), 1).synchronisable()).isFalse();
    }

    @Test
    void select_noCandidates_notSynchronisable() {
        assertThat(Selection.select(List.of(), 1).synchronisable()).isFalse();
        assertThat(Selection.select(List.of(), 0).synchronisable()).isFalse();
    }

    @Test
    void select_fewerThanMinSources_notSynchronisable() {
        assertThat(Selection.select(FOUR_AGREEING, 5).synchronisable()).isFalse();
        assertThat(Selection.select(FOUR_AGREEING, 4).synchronisable()).isTrue();
    }

    @Test
    void select_fewerTruechimersThanMinSources_notSynchronisable() {
        List<Candidate> cs = List.of(c(0, 0, 0.01), c(1, 0.001, 0.01), c(2, 0.002, 0.01), c(3, 5, 0.01));

        assertThat(Selection.select(cs, 3).synchronisable()).isTrue();
        assertThat(Selection.select(cs, 4).synchronisable()).isFalse();
    }

    @Test
    void select_oneCandidate_itIsThePeer() {
        Selection.Result r = Selection.select(List.of(c(5, 0.25, 0.1)), 1);

        assertThat(r.systemPeer()).isEqualTo(5);
        assertThat(r.offset()).isEqualTo(0.25);
        assertThat(r.jitter()).isZero();
    }

    @Test
    void select_outlierInsideTheIntersection_clusteredOut() {
        // All five intervals overlap (large distances), but id 4 sits far from the others, whose
        // own jitter (2 ms) exceeds their spread.
        List<Candidate> cs = List.of(c(0, 0.000, 0.2, 0.002), c(1, 0.001, 0.2, 0.002), c(2, -0.001, 0.2, 0.002),
                c(3, 0.0005, 0.2, 0.002), c(4, 0.05, 0.2, 0.002));

        Selection.Result r = Selection.select(cs, 1);

        assertThat(r.truechimers()).containsExactly(0, 1, 2, 3, 4);
        assertThat(r.survivors()).containsExactlyInAnyOrder(0, 1, 2, 3);
        assertThat(r.offset()).isCloseTo(0.000125, within(1e-12));
    }

    @Test
    void select_spreadLargerThanJitters_neverFewerThanThreeSurvivors() {
        List<Candidate> cs = List.of(c(0, 0.00, 0.5, 1e-6), c(1, 0.02, 0.5, 1e-6), c(2, -0.03, 0.5, 1e-6),
                c(3, 0.06, 0.5, 1e-6), c(4, -0.1, 0.5, 1e-6), c(5, 0.15, 0.5, 1e-6));

        Selection.Result r = Selection.select(cs, 1);

        assertThat(r.truechimers()).hasSize(6);
        assertThat(r.survivors()).hasSize(Selection.MIN_CLUSTER).containsExactlyInAnyOrder(0, 1, 2);
    }

    @Test
    void select_spreadWithinTheJitters_nobodyClusteredOut() {
        List<Candidate> cs = List.of(c(0, 0.00, 0.5, 0.01), c(1, 0.002, 0.5, 0.01), c(2, -0.003, 0.5, 0.01),
                c(3, 0.006, 0.5, 0.01));

        assertThat(Selection.select(cs, 1).survivors()).hasSize(4);
    }

    @Test
    void intersection_threeOverlapping_theRegionTheyAllShare() {
        // [-0.1, 0.1], [-0.05, 0.05], [-0.07, 0.03]: every midpoint lies inside [-0.05, 0.03].
        List<Candidate> cs = List.of(c(0, 0.0, 0.1), c(1, 0.0, 0.05), c(2, -0.02, 0.05));

        assertInterval(Selection.intersection(cs), -0.05, 0.03);
    }

    @Test
    void intersection_aMidpointOutsideTheCommonRegion_oneFalsetickerAllowed() {
        // [-0.1, 0.1], [-0.05, 0.15], [-0.07, 0.03]: all three share [-0.05, 0.03], but the midpoint
        // 0.05 lies outside it, so RFC 5905 allows one falseticker and returns the region where
        // at least two intervals overlap: [-0.07, 0.1].
        List<Candidate> cs = List.of(c(0, 0.0, 0.1), c(1, 0.05, 0.1), c(2, -0.02, 0.05));

        assertInterval(Selection.intersection(cs), -0.07, 0.1);
    }

    @Test
    void intersection_threeAgreeOneFarAway_regionOfTheThree() {
        // [0, 0.2], [0.05, 0.15], [0.08, 0.12] and [0.9, 1.1]: one falseticker.
        List<Candidate> cs = List.of(c(0, 0.1, 0.1), c(1, 0.1, 0.05), c(2, 0.1, 0.02), c(3, 1.0, 0.1));

        assertInterval(Selection.intersection(cs), 0.08, 0.12);
    }

    @Test
    void intersection_touchingIntervals_sharedEdge() {
        // [0, 0.2] and [0.2, 0.4]: the edge they share is the intersection; the midpoints lie
        // outside it, so one falseticker must be allowed, which two sources cannot have.
        List<Candidate> cs = List.of(c(0, 0.1, 0.1), c(1, 0.3, 0.1));

        assertThat(Selection.intersection(cs)).isNull();
    }

    @Test
    void intersection_singleInterval_itself() {
        assertInterval(Selection.intersection(List.of(c(0, 0.5, 0.25))), 0.25, 0.75);
    }

    private static Candidate trusted(int id, double offset, double distance) {
        return new Candidate(id, offset, distance, 0.001, false, true);
    }

    @Test
    void trust_oneTrustedAgainstThreeAgreeingUntrusted_trustedWinsTheOthersAreFalsetickers() {
        // chrony: the majority is counted among the trusted sources only (1 of 1).
        List<Candidate> cs = List.of(c(0, 0.0, 0.01), c(1, 0.001, 0.01), c(2, -0.001, 0.01), trusted(3, 0.2, 0.01));

        Selection.Result r = Selection.select(cs, 1);

        assertThat(r.synchronisable()).isTrue();
        assertThat(r.truechimers()).containsExactly(3);
        assertThat(r.systemPeer()).isEqualTo(3);
        assertThat(r.offset()).isCloseTo(0.2, within(1e-12));
    }

    @Test
    void trust_untrustedWhollyInsideTheTrustedInterval_combinedWithIt() {
        List<Candidate> cs = List.of(trusted(0, 0.0, 0.05), c(1, 0.01, 0.02), c(2, -0.01, 0.02));

        Selection.Result r = Selection.select(cs, 1);

        assertThat(r.truechimers()).containsExactly(0, 1, 2);
        assertThat(r.systemPeer()).as("smallest distance").isIn(1, 2);
    }

    @Test
    void trust_untrustedOverlappingButReachingOutsideTheTrustedInterval_leftOut() {
        // [-0.02, 0.02] trusted; the untrusted [0.0, 0.04] agrees but could pull the offset outside it.
        List<Candidate> cs = List.of(trusted(0, 0.0, 0.02), c(1, 0.02, 0.02));

        Selection.Result r = Selection.select(cs, 1);

        assertThat(r.truechimers()).containsExactly(0);
        assertThat(r.offset()).isEqualTo(0.0);
    }

    @Test
    void trust_twoTrustedDisagree_noMajorityWhateverTheUntrustedSay() {
        List<Candidate> cs = List.of(trusted(0, 0.0, 0.01), trusted(1, 0.5, 0.01), c(2, 0.0, 0.005),
                c(3, 0.001, 0.005), c(4, -0.001, 0.005));

        assertThat(Selection.select(cs, 1).synchronisable()).isFalse();
    }

    @Test
    void trust_oneOfThreeTrustedWrong_outvotedByTheOtherTrusted() {
        List<Candidate> cs = List.of(trusted(0, 0.0, 0.01), trusted(1, 0.001, 0.01), trusted(2, 0.5, 0.01),
                c(3, 0.5, 0.001), c(4, 0.501, 0.001));

        Selection.Result r = Selection.select(cs, 1);

        assertThat(r.truechimers()).containsExactly(0, 1);
    }

    @Test
    void trust_trustedPlusAdmittedUntrustedBelowMinSources_notSynchronisable() {
        List<Candidate> cs = List.of(trusted(0, 0.0, 0.01), c(1, 0.3, 0.01), c(2, 0.3, 0.01));

        assertThat(Selection.select(cs, 2).synchronisable()).isFalse();
    }
}
