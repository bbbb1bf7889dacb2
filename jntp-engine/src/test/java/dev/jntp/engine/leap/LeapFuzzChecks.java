// What every leap table a parser accepts must satisfy, and what every rejection must say; shared by the fuzz tests.
package dev.jntp.engine.leap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jntp.proto.LeapIndicator;

final class LeapFuzzChecks {

    private LeapFuzzChecks() {}

    /** A loaded table is consistent and answers for each of its leaps; an invalid result says what is wrong. */
    static void check(LeapTableResult r) {
        switch (r) {
            case LeapTableResult.Invalid i -> assertThat(i.problem()).isNotBlank();
            case LeapTableResult.Loaded l -> {
                LeapTable t = l.table();
                long start = t.startUnixSeconds() * 1_000_000_000L;
                LeapTable copy = LeapTable.of(t.startUnixSeconds(), t.taiMinusUtcAt(start).orElseThrow(), t.leaps(),
                        t.expiresUnixSeconds());
                assertThat(copy.leaps()).isEqualTo(t.leaps());
                for (LeapTable.LeapSecond s : t.leaps()) {
                    long lastSecond = (s.dayEndUnixSeconds() - 1) * 1_000_000_000L;
                    assertThat(t.indicatorAt(lastSecond))
                            .isEqualTo(s.inserted() ? LeapIndicator.INSERT_SECOND : LeapIndicator.DELETE_SECOND);
                    assertThat(t.taiMinusUtcAt(s.dayEndUnixSeconds() * 1_000_000_000L)).hasValue(s.taiMinusUtcAfter());
                }
                assertThat(t.summary()).isNotBlank();
                t.knownLeapProblem();
                t.expiredAt(start);
            }
        }
    }
}
