// Reads a NIST/IERS leap-seconds.list (chrony's leapseclist) from its bytes into a LeapTable.
package dev.jntp.engine.leap;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.OptionalLong;

/**
 * The leap-seconds.list format, as the file published by the IERS and NIST (and shipped by
 * tzdata as /usr/share/zoneinfo/leap-seconds.list) describes itself:
 *
 * <ul>
 *   <li>Data lines {@code NTPSECONDS TAI-UTC [# comment]}: from that NTP time (seconds since
 *       1900, a UTC midnight) on, TAI-UTC is that many seconds. The first line is the table's
 *       start (1972-01-01, 10 s); each later line whose value differs is a leap second at the end
 *       of the day before, inserted when TAI-UTC grows by one, deleted when it shrinks by one.
 *   <li>{@code #$ NTPSECONDS}: last update; {@code #@ NTPSECONDS}: expiry. chrony refuses a file
 *       without both; so does this reader.
 *   <li>{@code #h} and five groups of up to 8 hex digits (NIST leaves out leading zeros): the
 *       SHA-1 hash of the file's significant data, that is the digits of the {@code #$} and
 *       {@code #@} values and of the two fields of every data line, in file order, without white
 *       space or comments. ntpd's leapsec_validate hashes the same digits; the real file's hash
 *       checks out this way. A mismatch makes the file invalid, as ntpd refuses it; a file
 *       without {@code #h} is accepted with a warning, as ntpd does (chrony checks no hash).
 *   <li>Any other line starting with {@code #} is a comment; blank lines are ignored.
 * </ul>
 *
 * <p>Total: the bytes are read as ISO-8859-1 (every byte is a character), numbers are bounded
 * in digits before they are converted, and every problem comes back as {@link
 * LeapTableResult.Invalid} naming the line.
 */
public final class LeapSecondsList {

    /** Seconds from the NTP epoch (1900) to the Unix epoch (1970). */
    static final long NTP_UNIX_OFFSET = 2_208_988_800L;
    /** Digits an NTP time may have: 10 reaches the year 2216, inside {@link LeapTable}'s range. */
    private static final int TIME_DIGITS = 10;
    /** Digits TAI-UTC may have. */
    private static final int OFFSET_DIGITS = 4;

    private LeapSecondsList() {}

    /** Parses {@code data}, the whole file. */
    public static LeapTableResult parse(byte[] data) {
        String text = new String(data, StandardCharsets.ISO_8859_1);
        MessageDigest sha1 = sha1();
        long updated = -1;
        long expires = -1;
        int[] hash = null;
        int hashLine = 0;
        List<long[]> entries = new ArrayList<>();
        int lineNo = 0;
        int pos = 0;
        while (pos <= text.length()) {
            int nl = text.indexOf('\n', pos);
            int end = nl < 0 ? text.length() : nl;
            String line = text.substring(pos, end);
            pos = end + 1;
            lineNo++;
            if (line.isBlank()) {
                if (nl < 0) {
                    break;
                }
                continue;
            }
            line = line.stripLeading();
            String where = "line " + lineNo + ": ";
            if (line.startsWith("#$") || line.startsWith("#@")) {
                boolean isExpiry = line.charAt(1) == '@';
                String name = isExpiry ? "'#@' (expiry)" : "'#$' (last update)";
                if ((isExpiry ? expires : updated) >= 0) {
                    return invalid(where + "a second " + name + " line");
                }
                String[] f = fields(line.substring(2));
                long value = f.length == 1 ? number(f[0], TIME_DIGITS) : -1;
                if (value < 0) {
                    return invalid(where + name + " must be followed by one NTP time of at most " + TIME_DIGITS
                            + " digits, not '" + line.substring(2).strip() + "'");
                }
                sha1.update(f[0].getBytes(StandardCharsets.ISO_8859_1));
                if (isExpiry) {
                    expires = value;
                } else {
                    updated = value;
                }
            } else if (line.startsWith("#h")) {
                if (hash != null) {
                    return invalid(where + "a second '#h' (hash) line");
                }
                hash = hashWords(fields(line.substring(2)));
                if (hash == null) {
                    return invalid(where + "'#h' must be followed by five groups of 1 to 8 hex digits");
                }
                hashLine = lineNo;
            } else if (line.charAt(0) != '#') {
                int hashAt = line.indexOf('#');
                String[] f = fields(hashAt < 0 ? line : line.substring(0, hashAt));
                long time = f.length == 2 ? number(f[0], TIME_DIGITS) : -1;
                long offset = f.length == 2 ? number(f[1], OFFSET_DIGITS) : -1;
                if (time < 0 || offset < 0) {
                    return invalid(where + "expected 'NTPTIME TAI-UTC' (at most " + TIME_DIGITS + " and "
                            + OFFSET_DIGITS + " digits) before any '#', not '" + line.strip() + "'");
                }
                sha1.update(f[0].getBytes(StandardCharsets.ISO_8859_1));
                sha1.update(f[1].getBytes(StandardCharsets.ISO_8859_1));
                entries.add(new long[] {time, offset, lineNo});
            }
            if (nl < 0) {
                break;
            }
        }
        if (entries.isEmpty()) {
            return invalid("no leap second lines ('NTPTIME TAI-UTC')");
        }
        if (updated < 0) {
            return invalid("no '#$' line (last update)");
        }
        if (expires < 0) {
            return invalid("no '#@' line (expiry)");
        }
        List<String> warnings = new ArrayList<>();
        byte[] digest = sha1.digest();
        if (hash == null) {
            warnings.add("no '#h' hash line: the data cannot be checked for damage");
        } else if (!matches(hash, digest)) {
            return invalid("line " + hashLine + ": the SHA-1 hash of the data is " + HexFormat.of().formatHex(digest)
                    + " but '#h' says " + words(hash) + ": the file was damaged or edited");
        }
        return table(entries, expires, warnings);
    }

    /** The table of the data lines, or the first line that breaks it. */
    private static LeapTableResult table(List<long[]> entries, long expires, List<String> warnings) {
        long[] first = entries.getFirst();
        List<LeapTable.LeapSecond> leaps = new ArrayList<>();
        for (int i = 1; i < entries.size(); i++) {
            long[] e = entries.get(i);
            leaps.add(new LeapTable.LeapSecond(e[0] - NTP_UNIX_OFFSET, e[1] > entries.get(i - 1)[1], (int) e[1]));
        }
        OptionalLong expiry = OptionalLong.of(expires - NTP_UNIX_OFFSET);
        LeapTable.Problem problem = LeapTable.check(first[0] - NTP_UNIX_OFFSET, (int) first[1], leaps, expiry);
        if (problem != null) {
            return invalid("line " + entries.get(problem.leap() + 1)[2] + ": " + problem.message());
        }
        return new LeapTableResult.Loaded(LeapTable.of(first[0] - NTP_UNIX_OFFSET, (int) first[1], leaps, expiry),
                warnings);
    }

    private static LeapTableResult invalid(String problem) {
        return new LeapTableResult.Invalid(problem);
    }

    /** Fields separated by spaces or tabs. */
    private static String[] fields(String s) {
        String t = s.strip();
        return t.isEmpty() ? new String[0] : t.split("[ \t\r\f\u000b]+");
    }

    /** A decimal number of 1 to {@code maxDigits} ASCII digits, or -1. */
    private static long number(String s, int maxDigits) {
        if (s.isEmpty() || s.length() > maxDigits) {
            return -1;
        }
        long v = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    /** Five 32-bit words of 1 to 8 hex digits each (leading zeros may be left out), or null. */
    private static int[] hashWords(String[] f) {
        if (f.length != 5) {
            return null;
        }
        int[] w = new int[5];
        for (int i = 0; i < 5; i++) {
            if (f[i].isEmpty() || f[i].length() > 8 || !f[i].chars().allMatch(c -> Character.digit(c, 16) >= 0 && c < 128)) {
                return null;
            }
            w[i] = Integer.parseUnsignedInt(f[i], 16);
        }
        return w;
    }

    private static boolean matches(int[] words, byte[] digest) {
        for (int i = 0; i < 5; i++) {
            int d = ((digest[4 * i] & 0xff) << 24) | ((digest[4 * i + 1] & 0xff) << 16) | ((digest[4 * i + 2] & 0xff) << 8)
                    | (digest[4 * i + 3] & 0xff);
            if (d != words[i]) {
                return false;
            }
        }
        return true;
    }

    private static String words(int[] w) {
        StringBuilder s = new StringBuilder();
        for (int x : w) {
            s.append(String.format("%08x", x));
        }
        return s.toString();
    }

    private static MessageDigest sha1() {
        try {
            return MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-1", e);
        }
    }
}
