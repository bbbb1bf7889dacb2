// A minimal ustar writer and a total reader for regular files: the format of jntp's backups (gzip from the JDK).
package dev.jntp.cli.audit;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * POSIX ustar (pax's base format, IEEE Std 1003.1 "ustar Interchange Format"): 512-byte headers with octal fields
 * and a checksum, the data padded to 512 bytes, two zero blocks at the end. Only regular files are written and
 * read, which is all a backup of configuration files needs, and what {@code tar xzf} restores as well. The reader
 * takes untrusted bytes (a backup is input to rollback): it never throws, checks every checksum, field and size,
 * and refuses names that are absolute, climb ({@code ..}) or are not UTF-8. The JDK's GZIP streams compress;
 * decompression is bounded.
 */
final class Tar {

    /** Largest file in a backup. */
    static final int MAX_ENTRY = 16 << 20;
    /** Largest backup, uncompressed. */
    static final int MAX_TOTAL = 64 << 20;
    /** Most entries in a backup. */
    static final int MAX_ENTRIES = 10_000;
    private static final int BLOCK = 512;

    private Tar() {}

    /**
     * A regular file.
     *
     * @param name its path without the leading slash ({@code etc/chrony.conf})
     * @param data its content
     * @param mode its permission bits (07777)
     * @param uid its owner
     * @param gid its group
     * @param mtime its modification time, whole seconds since 1970
     */
    record Entry(String name, byte[] data, int mode, int uid, int gid, long mtime) {
        Entry {
            data = data.clone();
        }

        @Override
        public byte[] data() {
            return data.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Entry e && name.equals(e.name) && Arrays.equals(data, e.data) && mode == e.mode
                    && uid == e.uid && gid == e.gid && mtime == e.mtime;
        }

        @Override
        public int hashCode() {
            return name.hashCode() * 31 + Arrays.hashCode(data);
        }
    }

    /** What {@link #read} found: the entries, or why the bytes are not a backup jntp can restore. */
    sealed interface Result {
        /** Every entry, in order. */
        record Ok(List<Entry> entries) implements Result {
            public Ok {
                entries = List.copyOf(entries);
            }
        }

        /** The first problem. */
        record Bad(String reason) implements Result {}
    }

    /** The archive of {@code entries}. */
    static byte[] write(List<Entry> entries) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Entry e : entries) {
            byte[] h = new byte[BLOCK];
            byte[] name = e.name().getBytes(StandardCharsets.UTF_8);
            int split = split(name);
            System.arraycopy(name, split == 0 ? 0 : split + 1, h, 0, name.length - (split == 0 ? 0 : split + 1));
            if (split > 0) {
                System.arraycopy(name, 0, h, 345, split);
            }
            octal(h, 100, 8, e.mode() & 07777);
            octal(h, 108, 8, e.uid());
            octal(h, 116, 8, e.gid());
            octal(h, 124, 12, e.data.length);
            octal(h, 136, 12, e.mtime());
            h[156] = '0';
            System.arraycopy("ustar\0".getBytes(StandardCharsets.US_ASCII), 0, h, 257, 6);
            h[263] = '0';
            h[264] = '0';
            Arrays.fill(h, 148, 156, (byte) ' ');
            octal(h, 148, 7, checksum(h));
            out.writeBytes(h);
            out.writeBytes(e.data);
            out.writeBytes(new byte[(BLOCK - e.data.length % BLOCK) % BLOCK]);
        }
        out.writeBytes(new byte[2 * BLOCK]);
        return out.toByteArray();
    }

    /** Where a name is cut into prefix and name (0: it fits the name field). */
    private static int split(byte[] name) {
        if (name.length <= 100) {
            return 0;
        }
        for (int i = Math.min(155, name.length - 1); i > 0; i--) {
            if (name[i] == '/' && name.length - i - 1 <= 100) {
                return i;
            }
        }
        throw new IllegalArgumentException("path too long for ustar: " + new String(name, StandardCharsets.UTF_8));
    }

    private static void octal(byte[] h, int at, int width, long value) {
        String s = Long.toOctalString(value);
        if (value < 0 || s.length() > width - 1) {
            throw new IllegalArgumentException("value " + value + " does not fit " + width + " octal digits");
        }
        s = "0".repeat(width - 1 - s.length()) + s;
        System.arraycopy(s.getBytes(StandardCharsets.US_ASCII), 0, h, at, width - 1);
        h[at + width - 1] = 0;
    }

    private static long checksum(byte[] h) {
        long sum = 0;
        for (byte b : h) {
            sum += b & 0xFF;
        }
        return sum;
    }

    /** Reads an archive; never throws. */
    static Result read(byte[] tar) {
        List<Entry> out = new ArrayList<>();
        int at = 0;
        while (true) {
            if (at + BLOCK > tar.length) {
                return new Result.Bad("the archive ends inside a header at byte " + at);
            }
            byte[] h = Arrays.copyOfRange(tar, at, at + BLOCK);
            if (isZero(h)) {
                return new Result.Ok(out);
            }
            if (out.size() >= MAX_ENTRIES) {
                return new Result.Bad("more than " + MAX_ENTRIES + " entries");
            }
            long stored = field(h, 148, 8);
            byte[] blank = h.clone();
            Arrays.fill(blank, 148, 156, (byte) ' ');
            if (stored < 0 || stored != checksum(blank)) {
                return new Result.Bad("bad header checksum at byte " + at);
            }
            if (!(h[257] == 'u' && h[258] == 's' && h[259] == 't' && h[260] == 'a' && h[261] == 'r')) {
                return new Result.Bad("not a ustar header at byte " + at);
            }
            if (h[156] != '0' && h[156] != 0) {
                return new Result.Bad("entry at byte " + at + " is not a regular file (type '" + (char) (h[156] & 0xFF)
                        + "')");
            }
            String name = name(h);
            if (name == null) {
                return new Result.Bad("entry at byte " + at + " has a name that is not a relative, normalised UTF-8 "
                        + "path: '" + shown(h) + "'");
            }
            long mode = field(h, 100, 8);
            long uid = field(h, 108, 8);
            long gid = field(h, 116, 8);
            long size = field(h, 124, 12);
            long mtime = field(h, 136, 12);
            if (mode < 0 || mode > 07777 || uid < 0 || gid < 0 || uid > 07777777 || gid > 07777777 || mtime < 0
                    || mtime > 077777777777L) {
                return new Result.Bad("bad mode, owner or time in the header of " + name);
            }
            if (size < 0 || size > MAX_ENTRY || at + BLOCK + size > tar.length) {
                return new Result.Bad("bad size of " + name + " (" + size + ")");
            }
            byte[] data = Arrays.copyOfRange(tar, at + BLOCK, at + BLOCK + (int) size);
            out.add(new Entry(name, data, (int) mode, (int) uid, (int) gid, mtime));
            at += BLOCK + (int) ((size + BLOCK - 1) / BLOCK * BLOCK);
        }
    }

    private static boolean isZero(byte[] h) {
        for (byte b : h) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }

    /** An octal field (digits, then NUL or spaces), or -1. */
    private static long field(byte[] h, int at, int width) {
        int i = at;
        while (i < at + width && h[i] == ' ') {
            i++;
        }
        long v = 0;
        int digits = 0;
        for (; i < at + width && h[i] >= '0' && h[i] <= '7'; i++) {
            v = v * 8 + (h[i] - '0');
            if (++digits > 21) {
                return -1;
            }
        }
        for (; i < at + width; i++) {
            if (h[i] != 0 && h[i] != ' ') {
                return -1;
            }
        }
        return digits == 0 ? -1 : v;
    }

    /** prefix/name, checked: relative, no empty, "." or ".." parts, strict UTF-8, no NUL or control characters. */
    private static String name(byte[] h) {
        String name = cString(h, 0, 100);
        String prefix = cString(h, 345, 155);
        if (name == null || prefix == null || name.isEmpty()) {
            return null;
        }
        String full = prefix.isEmpty() ? name : prefix + "/" + name;
        if (full.startsWith("/") || full.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            return null;
        }
        for (String part : full.split("/", -1)) {
            if (part.isEmpty() || part.equals(".") || part.equals("..")) {
                return null;
            }
        }
        return full;
    }

    /** The raw prefix/name of a refused header: printable ASCII as it is, other bytes (and the backslash) as \xNN. */
    private static String shown(byte[] h) {
        StringBuilder sb = new StringBuilder();
        for (int[] f : new int[][] {{345, 155}, {0, 100}}) {
            if (f[0] == 0 && !sb.isEmpty()) {
                sb.append('/');
            }
            for (int i = f[0]; i < f[0] + f[1] && h[i] != 0; i++) {
                int b = h[i] & 0xFF;
                sb.append(b >= 0x20 && b < 0x7f && b != '\\' ? String.valueOf((char) b) : String.format("\\x%02x", b));
            }
        }
        return sb.toString();
    }

    private static String cString(byte[] h, int at, int width) {
        int end = at;
        while (end < at + width && h[end] != 0) {
            end++;
        }
        for (int i = end; i < at + width; i++) {
            if (h[i] != 0) {
                return null;
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(h, at, end - at))
                    .toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    /** gzip of {@code data}. */
    static byte[] gzip(byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(out)) {
            z.write(data);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e); // a memory stream does not fail
        }
        return out.toByteArray();
    }

    /**
     * The gunzipped bytes, at most {@link #MAX_TOTAL}.
     *
     * @throws IOException when the data is not gzip or too large
     */
    static byte[] gunzip(byte[] gz) throws IOException {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
            byte[] data = in.readNBytes(MAX_TOTAL + 1);
            if (data.length > MAX_TOTAL) {
                throw new IOException("the backup is larger than " + (MAX_TOTAL >> 20) + " MiB uncompressed");
            }
            return data;
        } catch (IOException | RuntimeException e) {
            throw new IOException("not a gzip file, or damaged: " + (e.getMessage() != null ? e.getMessage()
                    : e.getClass().getSimpleName()), e);
        }
    }
}
