// Tests the leap table's answers: the announcement window, TAI-UTC, expiry, chrony's 2012 check and day rule.
package dev.jntp.engine.leap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jntp.proto.LeapIndicator;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class LeapTableTest {

    /** Unix nanoseconds of an ISO instant. */
    static long at(String iso) {
        Instant i = Instant.parse(iso);
        return i.getEpochSecond() * 1_000_000_000L + i.getNano();
    }

    /** Unix seconds of the midnight that ends {@code day}. */
    static long endOf(String day) {
        return (LocalDate.parse(day).toEpochDay() + 1) * LeapTable.DAY;
    }

    /** TAI-UTC 35 from 2012-07-01, a second inserted at the end of 2015-06-30 and one deleted at the end of 2030-12-31. */
    private static final LeapTable TABLE = LeapTable.of(endOf("2012-06-30"), 35,
            List.of(new LeapTable.LeapSecond(endOf("2015-06-30"), true, 36),
                    new LeapTable.LeapSecond(endOf("2030-12-31"), false, 35)),
            OptionalLong.of(endOf("2031-06-27")));

    @Test
    void indicatorAt_dayOfAnInsertion_announcedFromMidnightToMidnight() {
        assertThat(TABLE.indicatorAt(at("2015-06-29T23:59:59.999999999Z"))).isEqualTo(LeapIndicator.NO_WARNING);
        assertThat(TABLE.indicatorAt(at("2015-06-30T00:00:00Z"))).isEqualTo(LeapIndicator.INSERT_SECOND);
        assertThat(TABLE.indicatorAt(at("2015-06-30T23:59:59.999Z"))).isEqualTo(LeapIndicator.INSERT_SECOND);
        assertThat(TABLE.indicatorAt(at("2015-07-01T00:00:00Z"))).isEqualTo(LeapIndicator.NO_WARNING);
    }

    @Test
    void indicatorAt_dayOfADeletion_deleteSecond() {
        assertThat(TABLE.indicatorAt(at("2030-12-31T12:00:00Z"))).isEqualTo(LeapIndicator.DELETE_SECOND);
        assertThat(TABLE.indicatorAt(at("2031-01-01T00:00:00Z"))).isEqualTo(LeapIndicator.NO_WARNING);
    }

    @Test
    void taiMinusUtcAt_aroundLeaps_oldValueThroughTheLeapDayNewAfter() {
        assertThat(TABLE.taiMinusUtcAt(at("2012-06-30T12:00:00Z"))).as("before the start").isEmpty();
        assertThat(TABLE.taiMinusUtcAt(at("2012-07-01T00:00:00Z"))).isEqualTo(OptionalInt.of(35));
        assertThat(TABLE.taiMinusUtcAt(at("2015-06-30T23:59:59Z"))).isEqualTo(OptionalInt.of(35));
        assertThat(TABLE.taiMinusUtcAt(at("2015-07-01T00:00:00Z"))).isEqualTo(OptionalInt.of(36));
        assertThat(TABLE.taiMinusUtcAt(at("2031-01-01T00:00:00Z"))).isEqualTo(OptionalInt.of(35));
    }

    @Test
    void expiredAt_dayEndingAtOrAfterTheExpiry_expired() {
        assertThat(TABLE.expiredAt(at("2031-06-26T23:00:00Z"))).isFalse();
        assertThat(TABLE.expiredAt(at("2031-06-27T00:00:00Z"))).as("its end is the expiry").isTrue();
        assertThat(TABLE.expiredAt(at("2032-01-01T00:00:00Z"))).isTrue();
        assertThat(LeapTable.of(0, 10, List.of(), OptionalLong.empty()).expiredAt(at("2100-01-01T00:00:00Z")))
                .as("no expiry date").isFalse();
    }

    @Test
    void knownLeapProblem_tableWithout2012_named() {
        assertThat(TABLE.knownLeapProblem()).hasValueSatisfying(p -> assertThat(p).contains("2012-06-30"));
        assertThat(LeapTable.of(0, 10, List.of(), OptionalLong.empty()).knownLeapProblem())
                .hasValueSatisfying(p -> assertThat(p).contains("no leap seconds").contains("right/UTC"));
        LeapTable with2012 = LeapTable.of(endOf("2008-12-31"), 34,
                List.of(new LeapTable.LeapSecond(endOf("2012-06-30"), true, 35)), OptionalLong.empty());
        assertThat(with2012.knownLeapProblem()).isEmpty();
    }

    @Test
    void lastDayOfJuneOrDecember_onlyThoseTwoDays() {
        assertThat(LeapTable.lastDayOfJuneOrDecember(at("2026-06-30T00:00:00Z"))).isTrue();
        assertThat(LeapTable.lastDayOfJuneOrDecember(at("2026-12-31T23:59:59Z"))).isTrue();
        assertThat(LeapTable.lastDayOfJuneOrDecember(at("2026-06-29T23:59:59Z"))).isFalse();
        assertThat(LeapTable.lastDayOfJuneOrDecember(at("2027-01-01T00:00:00Z"))).isFalse();
        assertThat(LeapTable.lastDayOfJuneOrDecember(at("2026-03-31T12:00:00Z"))).isFalse();
    }

    @Test
    void of_inconsistentLeaps_rejectedWithTheReason() {
        assertThatThrownBy(() -> LeapTable.of(0, 10, List.of(new LeapTable.LeapSecond(endOf("1972-06-30"), true, 12)),
                OptionalLong.empty())).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("from 10 to 12");
        assertThatThrownBy(() -> LeapTable.of(0, 10, List.of(new LeapTable.LeapSecond(endOf("1972-06-30") + 1, true, 11)),
                OptionalLong.empty())).hasMessageContaining("not at 00:00 UTC");
        assertThatThrownBy(() -> LeapTable.of(0, 10, List.of(new LeapTable.LeapSecond(endOf("1972-06-30"), true, 11),
                new LeapTable.LeapSecond(endOf("1972-06-30"), true, 12)), OptionalLong.empty()))
                .hasMessageContaining("not after the previous");
        assertThatThrownBy(() -> LeapTable.of(0, 10, List.of(new LeapTable.LeapSecond(1L << 40, true, 11)),
                OptionalLong.empty())).hasMessageContaining("outside");
    }

    @Test
    void summary_table_countLastAndExpiry() {
        assertThat(TABLE.summary()).isEqualTo(
                "2 leap seconds, the last deleted at the end of 2030-12-31 (TAI-UTC 35), expires 2031-06-28");
        assertThat(LeapTable.of(0, 10, List.of(), OptionalLong.empty()).summary())
                .isEqualTo("0 leap seconds, no expiry date");
    }
}
