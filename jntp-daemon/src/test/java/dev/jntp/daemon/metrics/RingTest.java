// Tests the bounded ring of time-stamped rows: order, overwriting when full, and the rows after a time.
package dev.jntp.daemon.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RingTest {

    private static List<Long> timesSince(Ring r, long since) {
        List<Long> out = new ArrayList<>();
        r.forEachSince(since, (t, row) -> out.add(t));
        return out;
    }

    @Test
    void add_fewerThanCapacity_keepsAllInOrder() {
        Ring r = new Ring(4, 1);
        r.add(10, 1.0);
        r.add(20, 2.0);

        assertThat(r.size()).isEqualTo(2);
        assertThat(timesSince(r, Long.MIN_VALUE)).containsExactly(10L, 20L);
        assertThat(r.row(1)).containsExactly(2.0);
    }

    @Test
    void add_beyondCapacity_dropsOldest() {
        Ring r = new Ring(3, 2);
        for (int i = 1; i <= 7; i++) {
            r.add(i * 10, i, -i);
        }

        assertThat(r.size()).isEqualTo(3);
        assertThat(timesSince(r, 0)).containsExactly(50L, 60L, 70L);
        assertThat(r.row(0)).containsExactly(5.0, -5.0);
        assertThat(r.row(2)).containsExactly(7.0, -7.0);
    }

    @Test
    void forEachSince_time_givesOnlyNewerRows() {
        Ring r = new Ring(8, 1);
        for (int i = 1; i <= 5; i++) {
            r.add(i * 10, i);
        }

        assertThat(timesSince(r, 30)).containsExactly(40L, 50L);
        assertThat(timesSince(r, 50)).isEmpty();
        assertThat(r.firstAfter(25)).isEqualTo(2);
        assertThat(r.firstAfter(0)).isZero();
    }
}
