// Tests the TZif leap record reader on the real right/UTC, on built files of versions 1 to 4, and on broken ones.
package dev.jntp.engine.leap;

import static dev.jntp.engine.leap.LeapSecondsListTest.resource;
import static dev.jntp.engine.leap.LeapTableTest.at;
import static dev.jntp.engine.leap.LeapTableTest.endOf;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jntp.proto.LeapIndicator;
import java.nio.ByteBuffer;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TzifLeapsTest {

    /** This machine's /usr/share/zoneinfo/right/UTC (tzdata 2025b): a version 2 file, 27 leap records. */
    private static final byte[] RIGHT_UTC = resource("right-UTC.tzif");

    private static LeapTable loaded(byte[] file) {
        LeapTableResult r = TzifLeaps.parse(file);
        assertThat(r).isInstanceOf(LeapTableResult.Loaded.class);
        return ((LeapTableResult.Loaded) r).table();
    }

    private static String invalid(byte[] file) {
        LeapTableResult r = TzifLeaps.parse(file);
        assertThat(r).isInstanceOf(LeapTableResult.Invalid.class);
        return ((LeapTableResult.Invalid) r).problem();
    }

    /** Two insertions, at the ends of 1972-06-30 and 1972-12-31, as zic writes them. */
    private static final long[] OCC = {endOf("1972-06-30"), endOf("1972-12-31") + 1};
    private static final int[] CORR = {1, 2};

    @Test
    void realRightUtc_parsed_sameTableAsTheLeapSecondsList() {
        LeapTable t = loaded(RIGHT_UTC);

        assertThat(t.leaps()).hasSize(27).allMatch(LeapTable.LeapSecond::inserted);
        assertThat(t.last().orElseThrow().day()).isEqualTo(LocalDate.of(2016, 12, 31));
        assertThat(t.last().orElseThrow().taiMinusUtcAfter()).isEqualTo(37);
        assertThat(t.taiMinusUtcAt(at("2026-11-22T00:00:00Z"))).isEqualTo(OptionalInt.of(37));
        assertThat(t.indicatorAt(at("2016-12-31T06:00:00Z"))).isEqualTo(LeapIndicator.INSERT_SECOND);
        assertThat(t.expiresUnixSeconds()).as("version 2 has no expiry record").isEmpty();
        assertThat(t.knownLeapProblem()).isEmpty();
        LeapTable list = ((LeapTableResult.Loaded) LeapSecondsList.parse(resource("leap-seconds.list"))).table();
        assertThat(t.leaps()).isEqualTo(list.leaps());
    }

    @ParameterizedTest(name = "version {0}")
    @ValueSource(ints = {1, 2, 3, 4})
    void builtFile_eachVersion_twoInsertions(int version) {
        LeapTable t = loaded(Tzif.of(version, OCC, CORR));

        assertThat(t.leaps()).extracting(LeapTable.LeapSecond::day)
                .containsExactly(LocalDate.of(1972, 6, 30), LocalDate.of(1972, 12, 31));
        assertThat(t.leaps()).extracting(LeapTable.LeapSecond::taiMinusUtcAfter).containsExactly(11, 12);
        assertThat(t.taiMinusUtcAt(at("1972-01-01T00:00:00Z"))).isEqualTo(OptionalInt.of(10));
    }

    @Test
    void version2_v1BlockDiffers_the64BitBlockIsRead() {
        byte[] f = Tzif.of(2, OCC, CORR);
        // Spoil the version 1 block's first leap record: a version 2 reader skips that block.
        ByteBuffer.wrap(f).putInt(44 + 6 + 4, -5);

        assertThat(loaded(f).leaps()).hasSize(2);
    }

    @Test
    void version4_lastRecordRepeatsTheCorrection_expiry() {
        long expiry = endOf("1973-06-27");
        LeapTable t = loaded(Tzif.of(4, new long[] {OCC[0], OCC[1], expiry + 2}, new int[] {1, 2, 2}));

        assertThat(t.leaps()).hasSize(2);
        assertThat(t.expiresUnixSeconds().getAsLong()).isEqualTo(expiry);
    }

    @Test
    void version3_lastRecordRepeatsTheCorrection_invalid() {
        assertThat(invalid(Tzif.of(3, new long[] {OCC[0], OCC[1], endOf("1973-06-27") + 2}, new int[] {1, 2, 2})))
                .contains("leap record 2: correction 2 after 2");
    }

    @Test
    void version4_truncatedAtTheStart_firstRecordIsTheStart() {
        long start = endOf("2008-12-31");
        LeapTable t = loaded(Tzif.of(4, new long[] {start + 24, endOf("2012-06-30") + 24}, new int[] {24, 25}));

        assertThat(t.leaps()).singleElement().satisfies(l -> assertThat(l.day()).isEqualTo(LocalDate.of(2012, 6, 30)));
        assertThat(t.startUnixSeconds()).isEqualTo(start);
        assertThat(t.taiMinusUtcAt(at("2009-01-01T00:00:00Z"))).isEqualTo(OptionalInt.of(34));
        assertThat(t.taiMinusUtcAt(at("2008-12-31T00:00:00Z"))).isEmpty();
        assertThat(t.knownLeapProblem()).isEmpty();
    }

    @Test
    void deletion_occurrenceAt235959_deleteSecondAnnounced() {
        LeapTable t = loaded(Tzif.of(2, new long[] {endOf("1972-06-30") - 1}, new int[] {-1}));

        assertThat(t.leaps()).singleElement().satisfies(l -> {
            assertThat(l.inserted()).isFalse();
            assertThat(l.day()).isEqualTo(LocalDate.of(1972, 6, 30));
            assertThat(l.taiMinusUtcAfter()).isEqualTo(9);
        });
        assertThat(t.indicatorAt(at("1972-06-30T01:00:00Z"))).isEqualTo(LeapIndicator.DELETE_SECOND);
    }

    @Test
    void noLeapRecords_emptyTableThatFailsTheCheck() {
        LeapTable t = loaded(Tzif.of(2, new long[0], new int[0]));

        assertThat(t.leaps()).isEmpty();
        assertThat(t.knownLeapProblem()).isPresent();
    }

    @Test
    void everyTruncation_ofTheRealFile_invalidNeverThrows() {
        int dataEnd = RIGHT_UTC.length - 2; // the footer is "\n\n" (an empty TZ string)
        for (int n = 0; n < dataEnd; n++) {
            LeapTableResult r = TzifLeaps.parse(Arrays.copyOf(RIGHT_UTC, n));
            assertThat(r).as("first %d octets", n).isInstanceOf(LeapTableResult.Invalid.class);
            assertThat(((LeapTableResult.Invalid) r).problem()).as("first %d octets", n).containsAnyOf(
                    "truncated", "not a TZif file", "unknown TZif version");
        }
    }

    /** The built two-leap file of {@code version} with the 32-bit word at {@code offset} set to {@code value}. */
    private static byte[] patched(int version, int offset, int value) {
        byte[] f = Tzif.of(version, OCC, CORR);
        ByteBuffer.wrap(f).putInt(offset, value);
        return f;
    }

    @Test
    void brokenHeaders_invalidSayingWhat() {
        int h2 = Tzif.secondHeader(2);
        assertThat(invalid(new byte[0])).contains("truncated: 0 octets");
        assertThat(invalid("TZjf2".getBytes(java.nio.charset.StandardCharsets.US_ASCII))).contains("truncated");
        byte[] notTzif = Tzif.of(2, OCC, CORR);
        notTzif[3] = 'g';
        assertThat(invalid(notTzif)).contains("not a TZif file");
        byte[] v5 = Tzif.of(2, OCC, CORR);
        v5[4] = '5';
        assertThat(invalid(v5)).contains("unknown TZif version octet 0x35");
        byte[] secondVersion = Tzif.of(2, OCC, CORR);
        secondVersion[h2 + 4] = '3';
        assertThat(invalid(secondVersion)).contains("second header at offset " + h2);
        assertThat(invalid(patched(2, Tzif.TYPECNT, 0))).as("the v1 block ends early").contains("second header");
        assertThat(invalid(patched(2, h2 + Tzif.TYPECNT, 0))).contains("typecnt is 0");
        assertThat(invalid(patched(1, Tzif.TYPECNT + 4, 0))).contains("charcnt is 0");
        assertThat(invalid(patched(2, h2 + 20, 2))).contains("isutcnt 2 is neither 0 nor typecnt 1");
        assertThat(invalid(patched(2, h2 + 24, 3))).contains("isstdcnt 3 is neither 0 nor typecnt 1");
    }

    @ParameterizedTest(name = "leapcnt {0}")
    @ValueSource(ints = {3, 1000, 0x7fffffff, 0xffffffff})
    void leapCountBeyondTheData_truncated(int count) {
        assertThat(invalid(patched(2, Tzif.secondHeader(2) + Tzif.LEAPCNT, count))).contains("truncated: the version 2");
        assertThat(invalid(patched(1, Tzif.LEAPCNT, count))).contains("truncated: the version 1");
    }

    @Test
    void hugeLeapCountWithItsData_refused() {
        int n = 10_001;
        long[] occ = new long[n];
        int[] corr = new int[n];
        for (int i = 0; i < n; i++) {
            occ[i] = endOf("1972-06-30") + i * 200 * LeapTable.DAY + i;
            corr[i] = i + 1;
        }
        assertThat(invalid(Tzif.of(1, occ, corr))).contains("leapcnt 10001 is more than 10000");
    }

    @Test
    void badRecords_invalidNamingTheRecord() {
        assertThat(invalid(Tzif.of(2, new long[] {-1}, new int[] {1}))).contains("leap record 0").contains("negative");
        assertThat(invalid(Tzif.of(2, new long[] {OCC[1], OCC[0]}, CORR))).contains("leap record 1")
                .contains("not after the previous");
        assertThat(invalid(Tzif.of(2, new long[] {OCC[0]}, new int[] {2}))).contains("leap record 0: correction 2")
                .contains("version 4");
        assertThat(invalid(Tzif.of(2, OCC, new int[] {1, 3}))).contains("leap record 1: correction 3 after 1");
        assertThat(invalid(Tzif.of(2, new long[] {OCC[0] + 3600}, new int[] {1}))).contains("leap record 0")
                .contains("not at the end of a UTC day");
        assertThat(invalid(Tzif.of(2, new long[] {1L << 40}, new int[] {1}))).contains("after the year 2242");
        assertThat(invalid(Tzif.of(4, new long[] {OCC[0]}, new int[] {Integer.MIN_VALUE}))).contains("beyond");
        assertThat(invalid(Tzif.of(2, new long[] {0}, new int[] {1}))).contains("not after the table's start");
    }
}
