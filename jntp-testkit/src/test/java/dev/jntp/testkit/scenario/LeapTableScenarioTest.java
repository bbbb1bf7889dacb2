// Scenario (g) with a leap second table (leapseclist) and sources that announce nothing: the table alone arms the leap.
package dev.jntp.testkit.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jntp.engine.leap.LeapTable;
import dev.jntp.engine.sync.SyncSettings;
import dev.jntp.proto.LeapIndicator;
import dev.jntp.testkit.Accuracy;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class LeapTableScenarioTest {

    @Test
    void g_leapSecondOnlyInTheTable_announcedThenFollowed() {
        long seed = Lan.seed("g-table");
        LocalDate leapDay = LocalDate.parse("2026-12-31");
        Lan lan = Lan.with(seed, Instant.parse("2026-12-31T12:00:00Z"), b -> b, SyncSettings.defaults(), 0);
        lan.scheduler.time().insertLeapSecond(leapDay);
        lan.client.engine().setLeapTable(LeapTable.of(LocalDate.of(2017, 1, 1).toEpochDay() * LeapTable.DAY, 37,
                List.of(new LeapTable.LeapSecond((leapDay.toEpochDay() + 1) * LeapTable.DAY, true, 38)),
                OptionalLong.empty()));
        for (int i = 0; i < 4; i++) {
            lan.server(Lan.lanPath(), b -> b.announcesLeaps(false));
        }
        lan.run(Duration.ofHours(11));
        assertThat(lan.client.state().leap()).as("seed %d: announced before midnight from the table", seed)
                .isEqualTo(LeapIndicator.INSERT_SECOND);
        assertThat(lan.clock.leap()).isEqualTo(LeapIndicator.INSERT_SECOND);
        lan.run(Duration.ofHours(3));
        assertThat(lan.clock.leapsApplied()).as("seed %d: the clock inserted the second", seed).isEqualTo(1);
        assertThat(lan.client.state().leap()).as("seed %d: cleared after midnight", seed)
                .isEqualTo(LeapIndicator.NO_WARNING);
        Accuracy.Summary s = Accuracy.check(lan.trace, seed).scenario("(g) leap second from the table only")
                .synchronisedWithin(Duration.ofSeconds(6)).settlingTime(Duration.ofMinutes(2)).maxAbsOffset(1e-3)
                .rmsOffset(100e-6).staysSynchronised().verify();
        System.out.println("(g) leap second, table only: " + s);
    }

    @Test
    void g_sourcesSilentNoTable_leapMissedAndTheClockEndsASecondAhead() {
        long seed = Lan.seed("g-none");
        Lan lan = Lan.with(seed, Instant.parse("2026-12-31T12:00:00Z"), b -> b, SyncSettings.defaults(), 0);
        lan.scheduler.time().insertLeapSecond(LocalDate.parse("2026-12-31"));
        for (int i = 0; i < 4; i++) {
            lan.server(Lan.lanPath(), b -> b.announcesLeaps(false));
        }
        lan.run(Duration.ofHours(11));
        assertThat(lan.client.state().leap()).isEqualTo(LeapIndicator.NO_WARNING);
        lan.run(Duration.ofHours(1).plusMinutes(1));
        assertThat(lan.clock.leapsApplied()).as("seed %d: nothing armed the leap", seed).isZero();
        assertThat(lan.clock.trueOffset()).as("seed %d: a second ahead of UTC after midnight", seed)
                .isBetween(0.99, 1.01);
    }
}
