// Tests of cookie key rotation: the current and next keys, the previous keys kept, merging, and the key file.
package dev.jntp.engine.nts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CookieKeysTest {

    private static final long WEEK = 604_800;

    @Test
    void rotate_empty_makesCurrentAndNextKey() {
        CookieKeys k = CookieKeys.empty().rotate(1_000_000, WEEK, new Random(1));
        assertThat(k.keys()).hasSize(2);
        assertThat(k.keys().get(0).activeFrom()).isEqualTo(1_000_000);
        assertThat(k.keys().get(1).activeFrom()).isEqualTo(1_000_000 + WEEK);
        assertThat(k.current(1_000_000)).contains(k.keys().get(0));
        assertThat(k.current(1_000_000 + WEEK)).contains(k.keys().get(1));
        assertThat(k.keys().get(0).id()).isNotEqualTo(k.keys().get(1).id());
    }

    @Test
    void rotate_beforeTheNextKeyTakesOver_changesNothing() {
        Random rnd = new Random(2);
        CookieKeys k = CookieKeys.empty().rotate(0, WEEK, rnd);
        assertThat(k.rotate(WEEK - 1, WEEK, rnd)).isSameAs(k);
    }

    @Test
    void rotate_overWeeks_keepsTwoPreviousKeysThenDropsThem() {
        Random rnd = new Random(3);
        CookieKeys k = CookieKeys.empty().rotate(0, WEEK, rnd);
        List<CookieKey> seen = new ArrayList<>(k.keys());
        for (long t = 0; t <= 6 * WEEK; t += 3600) {
            k = k.rotate(t, WEEK, rnd);
            for (CookieKey key : k.keys()) {
                if (!seen.contains(key)) {
                    seen.add(key);
                }
            }
            CookieKey current = k.current(t).orElseThrow();
            int index = k.keys().indexOf(current);
            assertThat(index).as("at %d", t).isLessThanOrEqualTo(CookieKeys.PREVIOUS_KEPT);
            assertThat(k.keys().getLast().activeFrom()).as("a next key at %d", t).isGreaterThan(t);
        }
        // One key per week: the key of week w (active from w weeks) takes over on schedule.
        for (int w = 0; w < seen.size(); w++) {
            assertThat(seen.get(w).activeFrom()).isEqualTo(w * WEEK);
        }
        // At 6 weeks: current is week 6, weeks 4 and 5 kept, week 7 next.
        assertThat(k.keys()).extracting(CookieKey::activeFrom).containsExactly(4 * WEEK, 5 * WEEK, 6 * WEEK,
                7 * WEEK);
    }

    @Test
    void rotate_afterLongDowntime_nextKeyAtLeastHalfAnIntervalAhead() {
        Random rnd = new Random(4);
        CookieKeys k = CookieKeys.empty().rotate(0, WEEK, rnd);
        CookieKeys later = k.rotate(10 * WEEK, WEEK, rnd);
        assertThat(later.current(10 * WEEK).orElseThrow().activeFrom()).isEqualTo(WEEK);
        assertThat(later.keys().getLast().activeFrom()).isEqualTo(10 * WEEK + WEEK / 2);
        assertThat(later.keys()).hasSize(3);
    }

    @Test
    void rotate_zeroInterval_neverRotatesButNeverLeavesTheSetEmpty() {
        Random rnd = new Random(5);
        CookieKeys one = CookieKeys.empty().rotate(100, 0, rnd);
        assertThat(one.keys()).hasSize(1);
        assertThat(one.rotate(100 + 100 * WEEK, 0, rnd)).isSameAs(one);
        assertThatThrownBy(() -> one.rotate(0, -1, rnd)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void current_clockBeforeEveryKey_isTheEarliest() {
        CookieKeys k = CookieKeys.empty().rotate(1000, WEEK, new Random(6));
        assertThat(k.current(0)).contains(k.keys().getFirst());
        assertThat(CookieKeys.empty().current(0)).isEmpty();
    }

    @Test
    void merge_keepsOwnKeyOnTheSameIdAndAddsTheOthers() {
        Random rnd = new Random(7);
        CookieKeys a = CookieKeys.empty().rotate(0, WEEK, rnd);
        CookieKeys b = CookieKeys.empty().rotate(0, WEEK, rnd);
        CookieKey clash = new CookieKey(a.keys().getFirst().id(), 5, new byte[32]);
        CookieKeys merged = a.merge(b).merge(CookieKeys.of(List.of(clash)));
        assertThat(merged.keys()).hasSize(4).contains(a.keys().getFirst()).doesNotContain(clash);
        assertThat(merged.keys()).containsAll(b.keys());
    }

    @Test
    void of_tooManyOrDuplicateKeys_dropsTheOldestOrRefuses() {
        List<CookieKey> many = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            many.add(new CookieKey(i, i * 10, new byte[32]));
        }
        assertThat(CookieKeys.of(many).keys()).hasSize(CookieKeys.MAX_KEYS).first()
                .extracting(CookieKey::activeFrom).isEqualTo(40L);
        assertThatThrownBy(() -> CookieKeys.of(List.of(many.get(0), many.get(0))))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void keyFile_formatThenParse_givesTheSameKeys() {
        CookieKeys k = CookieKeys.empty().rotate(0, WEEK, new Random(8)).rotate(WEEK, WEEK, new Random(9));
        String text = KeyFile.format(k);
        assertThat(text).contains(KeyFile.MAGIC).doesNotContain("CookieKey");
        assertThat(KeyFile.parse(text)).isEqualTo(new KeyFileResult.Parsed(k));
        assertThat(k.toString()).doesNotContain(java.util.HexFormat.of().formatHex(k.keys().getFirst().key()));
    }

    @Test
    void keyFile_badLines_areRejectedWithTheLineNumber() {
        String ok = "00000001 5 15 " + "ab".repeat(32);
        assertThat(KeyFile.parse("# c\n" + KeyFile.MAGIC + "\n" + ok + "\n")).isInstanceOf(KeyFileResult.Parsed.class);
        List<String> bad = List.of("0000001 5 15 " + "ab".repeat(32), "00000001 x 15 " + "ab".repeat(32),
                "00000001 5 17 " + "ab".repeat(32), "00000001 5 15 " + "ab".repeat(31), "00000001 5 15",
                "0000000g 5 15 " + "ab".repeat(32), "00000001 5 15 " + "AB".repeat(31) + "aG", ok + "\n" + ok);
        for (String line : bad) {
            assertThat(KeyFile.parse(KeyFile.MAGIC + "\n" + line)).as(line)
                    .isInstanceOfSatisfying(KeyFileResult.Rejected.class, r -> assertThat(r.line()).isGreaterThan(1));
        }
        assertThat(KeyFile.parse(ok)).isEqualTo(new KeyFileResult.Rejected(1, "expected '" + KeyFile.MAGIC + "'"));
        assertThat(KeyFile.parse("")).isInstanceOf(KeyFileResult.Rejected.class);
        assertThat(KeyFile.parse(null)).isInstanceOf(KeyFileResult.Rejected.class);
    }
}
