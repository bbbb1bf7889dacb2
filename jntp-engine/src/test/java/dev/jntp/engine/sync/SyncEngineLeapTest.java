// Tests how the engine combines a leap second table with its sources' announcements (chrony's rules).
package dev.jntp.engine.sync;

import static dev.jntp.engine.sync.SyncRig.MINUTE;
import static dev.jntp.engine.sync.SyncRig.SECOND;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jntp.engine.leap.LeapTable;
import dev.jntp.proto.LeapIndicator;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class SyncEngineLeapTest {

    private static final long SEED = 0x1EA9_5EC0L;
    private static final long HOUR = 60 * MINUTE;

    /** Unix nanoseconds of an ISO instant. */
    private static long at(String iso) {
        return Instant.parse(iso).getEpochSecond() * SECOND;
    }

    /** A table from 2017 (TAI-UTC 37) with one leap at the end of {@code day}. */
    private static LeapTable tableWith(String day, boolean inserted) {
        long end = (LocalDate.parse(day).toEpochDay() + 1) * LeapTable.DAY;
        return LeapTable.of(LocalDate.of(2017, 1, 1).toEpochDay() * LeapTable.DAY, 37,
                List.of(new LeapTable.LeapSecond(end, inserted, inserted ? 38 : 36)), OptionalLong.empty());
    }

    /** Three good servers, the clock 0.1 s off, starting at {@code start}; servers announce {@code leaps[i]}. */
    private static SyncRig rig(String start, LeapTable table, LeapIndicator... leaps) {
        SyncRig rig = new SyncRig(at(start), SyncSettings.defaults(), -0.1, 0, 0, SyncEngine.UNKNOWN_SKEW_PPM, SEED);
        rig.engine.setLeapTable(table);
        for (int i = 0; i < 3; i++) {
            rig.addServer(0).header = Replies.GOOD.withLeap(i < leaps.length ? leaps[i] : LeapIndicator.NO_WARNING);
        }
        return rig;
    }

    private static LeapIndicator lastSetLeap(SyncRig rig) {
        return rig.applied(SyncAction.SetLeap.class).getLast().leap();
    }

    @Test
    void table_sourcesSilent_insertAnnouncedOnTheLeapDayOnlyAndArmed() {
        SyncRig rig = rig("2026-12-30T20:00:00Z", tableWith("2026-12-31", true));

        rig.run(3 * HOUR);
        assertThat(rig.engine.state().leap()).as("the day before").isEqualTo(LeapIndicator.NO_WARNING);

        rig.run(2 * HOUR);
        assertThat(rig.engine.state().leap()).as("01:00 on the day").isEqualTo(LeapIndicator.INSERT_SECOND);
        assertThat(lastSetLeap(rig)).isEqualTo(LeapIndicator.INSERT_SECOND);
        List<SyncRig.Applied> armed = rig.applied.stream()
                .filter(a -> a.action().equals(new SyncAction.SetLeap(LeapIndicator.INSERT_SECOND))).toList();
        assertThat(armed.getFirst().trueNanos()).as("armed at the first update after 00:00 UTC")
                .isBetween(at("2026-12-31T00:00:00Z"), at("2026-12-31T00:20:00Z"));

        rig.run(24 * HOUR);
        assertThat(rig.engine.state().leap()).as("the day after").isEqualTo(LeapIndicator.NO_WARNING);
        assertThat(lastSetLeap(rig)).isEqualTo(LeapIndicator.NO_WARNING);
    }

    @Test
    void table_deletion_deleteAnnounced() {
        SyncRig rig = rig("2026-06-30T08:00:00Z", tableWith("2026-06-30", false));

        rig.run(10 * MINUTE);

        assertThat(rig.engine.state().leap()).isEqualTo(LeapIndicator.DELETE_SECOND);
    }

    @Test
    void sourcesMajorityAnnounceALeapTheTableLacks_onTheLastDayOfJune_followed() {
        SyncRig rig = rig("2026-06-30T08:00:00Z", tableWith("2026-12-31", true), LeapIndicator.INSERT_SECOND,
                LeapIndicator.INSERT_SECOND);

        rig.run(10 * MINUTE);

        assertThat(rig.engine.state().leap()).as("the table is not the only authority").isEqualTo(
                LeapIndicator.INSERT_SECOND);
    }

    @Test
    void sourcesMinorityAnnounce_tableHasTheLeap_tableDecides() {
        SyncRig rig = rig("2026-12-31T08:00:00Z", tableWith("2026-12-31", true), LeapIndicator.DELETE_SECOND);

        rig.run(10 * MINUTE);

        assertThat(rig.engine.state().leap()).isEqualTo(LeapIndicator.INSERT_SECOND);
    }

    @Test
    void sourcesAnnounce_notTheLastDayOfJuneOrDecember_ignoredWithOrWithoutATable() {
        for (LeapTable table : new LeapTable[] {null, tableWith("2026-12-31", true)}) {
            SyncRig rig = rig("2026-12-01T08:00:00Z", table, LeapIndicator.INSERT_SECOND, LeapIndicator.INSERT_SECOND,
                    LeapIndicator.INSERT_SECOND);

            rig.run(10 * MINUTE);

            assertThat(rig.engine.state().leap()).as("table %s", table).isEqualTo(LeapIndicator.NO_WARNING);
            assertThat(lastSetLeap(rig)).isEqualTo(LeapIndicator.NO_WARNING);
        }
    }

    @Test
    void tableLeapAtTheEndOfMarch_notArmed() {
        SyncRig rig = rig("2027-03-31T08:00:00Z", tableWith("2027-03-31", true));

        rig.run(10 * MINUTE);

        assertThat(rig.engine.state().leap()).isEqualTo(LeapIndicator.NO_WARNING);
    }

    @Test
    void noTable_sourcesSilentOnALeapDay_noWarning() {
        SyncRig rig = rig("2026-12-31T08:00:00Z", null);

        rig.run(10 * MINUTE);

        assertThat(rig.engine.state().leap()).isEqualTo(LeapIndicator.NO_WARNING);
    }
}
