// Reads the leap second records of a TZif time zone file (chrony's leapsectz, e.g. right/UTC) into a LeapTable.
package dev.jntp.engine.leap;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * TZif, RFC 8536 and its successor RFC 9636, versions 1 to 4; only what leap seconds need.
 *
 * <p>Layout: a 44-octet header ({@code "TZif"}, a version octet 0, '2', '3' or '4', 15 unused
 * octets, then six unsigned 32-bit big-endian counts: isutcnt, isstdcnt, leapcnt, timecnt,
 * typecnt, charcnt) and a data block of timecnt transition times, timecnt type indices, typecnt
 * 6-octet local time types, charcnt designation octets, leapcnt leap second records,
 * isstdcnt and isutcnt indicator octets. Version 1 times are 4 octets; a version 2+ file follows
 * the version 1 block with a second header and block whose times are 8 octets (then a footer,
 * not needed here). A leap record is an occurrence (a "UNIX leap time": POSIX time plus the
 * leap seconds before it) and a signed 32-bit correction, the total of leap seconds from then on.
 * java.time ignores these records, hence this reader.
 *
 * <p>Checks (RFC 9636 section 3.2; tzcode's localtime.c): typecnt and charcnt not zero;
 * isutcnt and isstdcnt zero or typecnt; every count's octets present before they are read
 * (counts are unsigned 32-bit, so lengths are computed in longs); occurrences strictly
 * ascending from a nonnegative first; the first correction +1 or -1 (then the correction before
 * it is zero) except in version 4, where a file truncated at the start may begin with any
 * correction (that record is then the table's start, not a leap); each later correction one
 * more (inserted) or one less (deleted) than the one before, except that in version 4 a last
 * record with the same correction as the one before gives the table's expiry. Each leap must
 * fall at the end of a UTC day: UNIX leap time minus the correction before it is the midnight
 * after an inserted second, or that midnight minus one for a deleted 23:59:59.
 *
 * <p>TAI-UTC is 10 s plus the correction, as chrony computes it (it was 10 s when UTC took
 * whole-second steps in 1972; tzdata's corrections count from there). Total: every problem is a
 * {@link LeapTableResult.Invalid} naming the octet offset or record, never an exception.
 */
public final class TzifLeaps {

    private static final int HEADER = 44;
    /** TAI-UTC when the correction is zero. */
    static final int TAI_MINUS_UTC_BASE = 10;
    /** Largest correction believed, seconds: beyond it TAI-UTC is nonsense (and would overflow). */
    private static final int MAX_CORRECTION = 100_000;
    /** Most leap records read: far beyond the 27 of 1972 to 2016 and a few centuries more. */
    private static final int MAX_LEAPS = 10_000;

    private TzifLeaps() {}

    /** The counts of one header. */
    private record Counts(long isut, long isstd, long leap, long time, long type, long chars) {

        /** Octets of the data block with {@code timeSize}-octet times. */
        long blockLength(int timeSize) {
            return time * timeSize + time + type * 6 + chars + leap * (timeSize + 4) + isstd + isut;
        }
    }

    /** Parses {@code data}, the whole file. */
    public static LeapTableResult parse(byte[] data) {
        if (data.length < HEADER) {
            return invalid("truncated: " + data.length + " octets, a TZif header needs " + HEADER);
        }
        if (data[0] != 'T' || data[1] != 'Z' || data[2] != 'i' || data[3] != 'f') {
            return invalid("not a TZif file: it does not begin with 'TZif'");
        }
        int version = switch (data[4]) {
            case 0 -> 1;
            case '2' -> 2;
            case '3' -> 3;
            case '4' -> 4;
            default -> -1;
        };
        if (version < 0) {
            return invalid(String.format("unknown TZif version octet 0x%02x at offset 4 (known: 0, '2', '3', '4')",
                    data[4] & 0xff));
        }
        Counts v1 = counts(data, 0);
        long v1End = HEADER + v1.blockLength(4);
        if (v1End > data.length) {
            return invalid("truncated: the version 1 header's counts need " + v1End + " octets, the file has "
                    + data.length);
        }
        if (version == 1) {
            return leaps(data, v1, HEADER, 4, version);
        }
        if (v1End + HEADER > data.length) {
            return invalid("truncated: no version " + version + " header at offset " + v1End + " (the file has "
                    + data.length + " octets)");
        }
        int second = (int) v1End;
        if (data[second] != 'T' || data[second + 1] != 'Z' || data[second + 2] != 'i' || data[second + 3] != 'f'
                || data[second + 4] != data[4]) {
            return invalid("the second header at offset " + second + " is not 'TZif' with version " + version);
        }
        Counts v2 = counts(data, second);
        long v2End = second + HEADER + v2.blockLength(8);
        if (v2End > data.length) {
            return invalid("truncated: the version " + version + " header's counts need " + v2End
                    + " octets, the file has " + data.length);
        }
        return leaps(data, v2, second + HEADER, 8, version);
    }

    private static Counts counts(byte[] d, int header) {
        int c = header + 20;
        return new Counts(u32(d, c), u32(d, c + 4), u32(d, c + 8), u32(d, c + 12), u32(d, c + 16), u32(d, c + 20));
    }

    /** The leap records of a block whose octets are known to be present. */
    private static LeapTableResult leaps(byte[] d, Counts c, int block, int timeSize, int version) {
        if (c.type() == 0) {
            return invalid("typecnt is 0: a TZif block needs at least one local time type");
        }
        if (c.chars() == 0) {
            return invalid("charcnt is 0: a TZif block needs at least one designation octet");
        }
        if (c.isut() != 0 && c.isut() != c.type()) {
            return invalid("isutcnt " + c.isut() + " is neither 0 nor typecnt " + c.type());
        }
        if (c.isstd() != 0 && c.isstd() != c.type()) {
            return invalid("isstdcnt " + c.isstd() + " is neither 0 nor typecnt " + c.type());
        }
        if (c.leap() > MAX_LEAPS) {
            return invalid("leapcnt " + c.leap() + " is more than " + MAX_LEAPS + " leap seconds");
        }
        int offset = (int) (block + c.time() * timeSize + c.time() + c.type() * 6 + c.chars());
        int n = (int) c.leap();
        long[] occurrence = new long[n];
        int[] correction = new int[n];
        for (int i = 0; i < n; i++) {
            int at = offset + i * (timeSize + 4);
            occurrence[i] = timeSize == 4 ? (int) u32(d, at) : s64(d, at);
            correction[i] = (int) u32(d, at + timeSize);
            if (occurrence[i] < 0 && i == 0 || i > 0 && occurrence[i] <= occurrence[i - 1]) {
                return invalid("leap record " + i + " (offset " + at + "): occurrence " + occurrence[i]
                        + (i == 0 ? " is negative" : " is not after the previous " + occurrence[i - 1]));
            }
            if (occurrence[i] > LeapTable.MAX_UNIX_SECONDS + MAX_CORRECTION) {
                return invalid("leap record " + i + " (offset " + at + "): occurrence " + occurrence[i]
                        + " is after the year 2242");
            }
            if (Math.abs((long) correction[i]) > MAX_CORRECTION) {
                return invalid("leap record " + i + " (offset " + at + "): correction " + correction[i]
                        + " is beyond " + MAX_CORRECTION + " seconds");
            }
        }
        return table(occurrence, correction, version);
    }

    /** The table of checked, ordered records. */
    private static LeapTableResult table(long[] occurrence, int[] correction, int version) {
        int n = occurrence.length;
        OptionalLong expires = OptionalLong.empty();
        if (version >= 4 && n >= 2 && correction[n - 1] == correction[n - 2]) {
            expires = OptionalLong.of(occurrence[n - 1] - correction[n - 1]);
            n--;
        }
        int first = 0;
        long start = 0;
        long before = 0;
        if (n > 0 && Math.abs((long) correction[0]) != 1) {
            if (version < 4) {
                return invalid("leap record 0: correction " + correction[0]
                        + " is not +1 or -1 (only a version 4 file may be truncated at the start)");
            }
            // Truncated at the start: the first record says what the correction is from then on.
            start = occurrence[0] - correction[0];
            before = correction[0];
            first = 1;
        }
        List<LeapTable.LeapSecond> leaps = new ArrayList<>();
        for (int i = first; i < n; i++) {
            boolean inserted = correction[i] > before;
            if (correction[i] - before != (inserted ? 1 : -1)) {
                return invalid("leap record " + i + ": correction " + correction[i] + " after " + before
                        + "; each leap second changes it by one");
            }
            long utc = occurrence[i] - before;
            long dayEnd = Math.ceilDiv(utc, LeapTable.DAY) * LeapTable.DAY;
            if (inserted ? utc != dayEnd : utc != dayEnd && utc != dayEnd - 1) {
                return invalid("leap record " + i + ": occurrence " + occurrence[i] + " (UTC " + utc
                        + ") is not at the end of a UTC day");
            }
            leaps.add(new LeapTable.LeapSecond(dayEnd, inserted, TAI_MINUS_UTC_BASE + correction[i]));
            before = correction[i];
        }
        int taiAtStart = TAI_MINUS_UTC_BASE + (first == 1 ? correction[0] : 0);
        LeapTable.Problem p = LeapTable.check(start, taiAtStart, leaps, expires);
        if (p != null) {
            return invalid((p.leap() < 0 ? "" : "leap record " + (p.leap() + first) + ": ") + p.message());
        }
        return new LeapTableResult.Loaded(LeapTable.of(start, taiAtStart, leaps, expires), List.of());
    }

    private static long u32(byte[] d, int at) {
        return ((d[at] & 0xffL) << 24) | ((d[at + 1] & 0xffL) << 16) | ((d[at + 2] & 0xffL) << 8) | (d[at + 3] & 0xffL);
    }

    private static long s64(byte[] d, int at) {
        return (u32(d, at) << 32) | u32(d, at + 4);
    }

    private static LeapTableResult invalid(String problem) {
        return new LeapTableResult.Invalid(problem);
    }
}
