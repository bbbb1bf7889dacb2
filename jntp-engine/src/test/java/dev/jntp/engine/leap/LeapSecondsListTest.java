// Tests the leap-seconds.list reader on the real IERS file and on damaged, edited and malformed ones.
package dev.jntp.engine.leap;

import static dev.jntp.engine.leap.LeapTableTest.at;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jntp.proto.LeapIndicator;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.LocalDate;
import java.util.HexFormat;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LeapSecondsListTest {

    /** A test resource of this package. */
    static byte[] resource(String name) {
        try (InputStream in = LeapSecondsListTest.class.getResourceAsStream(name)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The real file (tzdata 2025b's copy of the IERS list, updated 2025-07-06, expiring 2026-06-28). */
    static final String REAL = new String(resource("leap-seconds.list"), StandardCharsets.ISO_8859_1);

    private static LeapTableResult parse(String text) {
        return LeapSecondsList.parse(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    private static LeapTable loaded(String text) {
        LeapTableResult r = parse(text);
        assertThat(r).isInstanceOf(LeapTableResult.Loaded.class);
        return ((LeapTableResult.Loaded) r).table();
    }

    private static String invalid(String text) {
        LeapTableResult r = parse(text);
        assertThat(r).isInstanceOf(LeapTableResult.Invalid.class);
        return ((LeapTableResult.Invalid) r).problem();
    }

    /** A list of {@code data} lines with its #$, #@ and a correct #h line. */
    static String signed(String updated, String expires, String data) {
        return "#$ " + updated + "\n#@ " + expires + "\n" + data + "#h " + hashWords(updated + expires
                + data.replaceAll("#[^\n]*", "").replaceAll("\\s", "")) + "\n";
    }

    /** The #h words of {@code digits}, each without leading zeros as NIST writes them. */
    private static String hashWords(String digits) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-1").digest(digits.getBytes(StandardCharsets.US_ASCII));
            StringBuilder s = new StringBuilder();
            for (int i = 0; i < 5; i++) {
                s.append(Integer.toHexString(java.nio.ByteBuffer.wrap(d, 4 * i, 4).getInt())).append(' ');
            }
            return s.toString().strip();
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void realFile_parsed_27InsertionsLastAtTheEndOf2016TaiMinusUtc37() {
        LeapTableResult r = LeapSecondsList.parse(resource("leap-seconds.list"));

        assertThat(r).isInstanceOf(LeapTableResult.Loaded.class);
        assertThat(((LeapTableResult.Loaded) r).warnings()).as("the hash verified").isEmpty();
        LeapTable t = ((LeapTableResult.Loaded) r).table();
        assertThat(t.leaps()).hasSize(27).allMatch(LeapTable.LeapSecond::inserted);
        assertThat(t.leaps().getFirst().day()).isEqualTo(LocalDate.of(1972, 6, 30));
        assertThat(t.last().orElseThrow().day()).isEqualTo(LocalDate.of(2016, 12, 31));
        assertThat(t.last().orElseThrow().taiMinusUtcAfter()).isEqualTo(37);
        assertThat(t.taiMinusUtcAt(at("2026-11-22T00:00:00Z"))).isEqualTo(OptionalInt.of(37));
        assertThat(t.taiMinusUtcAt(at("1972-01-01T00:00:00Z"))).isEqualTo(OptionalInt.of(10));
        assertThat(t.taiMinusUtcAt(at("1971-12-31T23:59:59Z"))).isEmpty();
        assertThat(t.indicatorAt(at("2016-12-31T00:00:00Z"))).isEqualTo(LeapIndicator.INSERT_SECOND);
        assertThat(t.indicatorAt(at("2016-12-30T23:59:59Z"))).isEqualTo(LeapIndicator.NO_WARNING);
        assertThat(t.expiresUnixSeconds().getAsLong()).isEqualTo(LocalDate.of(2026, 6, 28).toEpochDay() * 86_400);
        assertThat(t.knownLeapProblem()).isEmpty();
        assertThat(t.summary()).isEqualTo(
                "27 leap seconds, the last inserted at the end of 2016-12-31 (TAI-UTC 37), expires 2026-06-28");
    }

    @Test
    void realFile_commentsAndWhiteSpaceEdited_stillVerified() {
        String edited = REAL.replace("# 1 Jan 2017", "# first of January 2017, edited")
                .replace("3692217600      37", "3692217600\t\t37").replace("\n", "\r\n");

        LeapTableResult r = parse(edited);

        assertThat(r).isInstanceOf(LeapTableResult.Loaded.class);
        assertThat(((LeapTableResult.Loaded) r).warnings()).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "a leap second dropped | 3644697600      36      # 1 Jul 2015\\n | ",
        "expiry moved | '#@\t3991593600' | '#@\t4007404800'",
        "update time changed | '#$\t3960835200' | '#$\t3960835201'"})
    void realFile_dataEdited_hashMismatchNamed(String what, String from, String to) {
        String edited = REAL.replace(from.replace("\\n", "\n"), to == null ? "" : to);
        assertThat(edited).isNotEqualTo(REAL);

        String problem = invalid(edited);

        assertThat(problem).contains("SHA-1").contains("'#h' says").contains("49db2447571e5e1b2f002a539c8da8e439b8e49e");
    }

    @Test
    void realFile_withoutHashLine_loadedWithAWarning() {
        LeapTableResult r = parse(REAL.replaceAll("#h[^\n]*\n", ""));

        assertThat(r).isInstanceOf(LeapTableResult.Loaded.class);
        assertThat(((LeapTableResult.Loaded) r).warnings()).singleElement().asString().contains("'#h'");
    }

    @Test
    void hash_wordsWithoutLeadingZeros_verified() {
        // Vary the update time until a word of the hash has a leading zero, which NIST leaves out.
        for (long u = 3_900_000_000L; ; u++) {
            String list = signed(Long.toString(u), "4000000000", "2272060800 10 # 1 Jan 1972\n");
            String words = list.substring(list.indexOf("#h ") + 3).strip();
            if (java.util.Arrays.stream(words.split(" ")).anyMatch(w -> w.length() < 8)) {
                assertThat(loaded(list).leaps()).isEmpty();
                return;
            }
        }
    }

    @Test
    void signedSynthetic_deletion_deleteAnnouncedAndTaiMinusUtcFalls() {
        LeapTable t = loaded(signed("3900000000", "4000000000",
                "3692217600 37\n3944678400 36 # 1 Jan 2025, a deletion\n"));

        assertThat(t.leaps()).singleElement().satisfies(l -> {
            assertThat(l.inserted()).isFalse();
            assertThat(l.day()).isEqualTo(LocalDate.of(2024, 12, 31));
        });
        assertThat(t.indicatorAt(at("2024-12-31T12:00:00Z"))).isEqualTo(LeapIndicator.DELETE_SECOND);
        assertThat(t.taiMinusUtcAt(at("2025-01-01T00:00:00Z"))).isEqualTo(OptionalInt.of(36));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "empty | '' | no leap second lines",
        "no expiry | '#$ 3960835200\\n2272060800 10\\n' | no '#@' line",
        "no update | '#@ 3960835200\\n2272060800 10\\n' | no '#$' line",
        "two expiries | '#@ 1\\n#@ 2\\n' | line 2: a second '#@'",
        "expiry not a number | '#@ soon\\n' | line 1: '#@' (expiry) must be followed",
        "expiry too long | '#@ 39608352000\\n' | at most 10 digits",
        "three fields | '2272060800 10 11\\n' | line 1: expected 'NTPTIME TAI-UTC'",
        "negative offset | '2272060800 -10\\n' | line 1: expected",
        "one field | '2272060800\\n' | line 1: expected",
        "hash of four words | '#h 1 2 3 4\\n' | line 1: '#h' must be followed by five groups",
        "hash word too long | '#h 123456789 2 3 4 5\\n' | five groups of 1 to 8 hex digits",
        "hash not hex | '#h 1 2 3 4 g\\n' | five groups",
        "two hashes | '#h 1 2 3 4 5\\n#h 1 2 3 4 5\\n' | line 2: a second '#h'",
        "binary | '\u0000\u00ff\u0001' | line 1: expected"})
    void malformed_invalidWithTheLineAndTheProblem(String what, String text, String expected) {
        assertThat(invalid(text.replace("\\n", "\n"))).contains(expected);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "not at midnight | 2272060800 10\\n2287785601 11\\n | line 5: a leap second at 78796801 (Unix seconds) is not at 00:00 UTC",
        "out of order | 2272060800 10\\n2303683200 11\\n2287785600 12\\n | line 6: the leap second at the end of 1972-06-30 is not after the previous",
        "jump by two | 2272060800 10\\n2287785600 12\\n | line 5: the leap second at the end of 1972-06-30 takes TAI-UTC from 10 to 12",
        "unchanged | 2272060800 10\\n2287785600 10\\n | line 5: the leap second at the end of 1972-06-30 takes TAI-UTC from 10 to 10"})
    void inconsistentData_correctlySigned_invalidNamingTheLine(String what, String data, String expected) {
        String problem = invalid("# a comment\n" + signed("3960835200", "3991593600", data.replace("\\n", "\n")));

        assertThat(problem).contains(expected);
    }
}
