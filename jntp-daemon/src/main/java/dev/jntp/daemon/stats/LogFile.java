// One statistics file: appended to, a banner every N lines, a file a day for ntpd's 'type day', reopened on request.
package dev.jntp.daemon.stats;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * A file of the statistics log directory, used by the writer thread only. Lines are appended,
 * so a rotation that renames the file (logrotate without copytruncate) loses nothing: lines
 * keep going to the renamed file until {@link #reopen}, then to a new file at the old name. As
 * chrony does, the banner is written before the first line after each opening and then every
 * {@code banner} lines. With {@code daily} the name carries the UTC day of the line, as ntpd's
 * {@code filegen ... type day} (FILE.YYYYMMDD), and the plain name can be kept as a hard link to
 * the current day's file, as ntpd's {@code link}.
 */
final class LogFile {

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyyMMdd", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private final Path path;
    private final String[] banner;
    private final int bannerEvery;
    private final boolean daily;
    private final boolean link;
    private Writer out;
    private Path openPath;
    private long writes;

    /**
     * @param path the file (with {@code daily}, the name the day is appended to)
     * @param banner the lines to repeat, or an empty array for none
     * @param bannerEvery lines between banners, 0 for no banner
     */
    LogFile(Path path, String[] banner, int bannerEvery, boolean daily, boolean link) {
        this.path = path;
        this.banner = banner;
        this.bannerEvery = banner.length == 0 ? 0 : bannerEvery;
        this.daily = daily;
        this.link = link;
    }

    /** The file's configured path. */
    Path path() {
        return path;
    }

    /** The file lines dated {@code unixNanos} go to. */
    Path pathAt(long unixNanos) {
        return daily ? path.resolveSibling(path.getFileName() + "."
                + DAY.format(Instant.ofEpochSecond(Math.floorDiv(unixNanos, 1_000_000_000L)))) : path;
    }

    /** Opens (creating if needed) the file for lines dated {@code unixNanos}; a start-time check of the directory. */
    void open(long unixNanos) throws IOException {
        Path p = pathAt(unixNanos);
        if (out != null && p.equals(openPath)) {
            return;
        }
        close();
        out = new BufferedWriter(new OutputStreamWriter(Files.newOutputStream(p, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND, StandardOpenOption.WRITE), StandardCharsets.UTF_8));
        openPath = p;
        writes = 0;
        if (daily && link) {
            Files.deleteIfExists(path);
            Files.createLink(path, p);
        }
    }

    /** Appends a line dated {@code unixNanos}, with the banner before it when due. */
    void write(String line, long unixNanos) throws IOException {
        open(unixNanos);
        if (bannerEvery > 0 && writes % bannerEvery == 0) {
            for (String b : banner) {
                out.write(b);
                out.write('\n');
            }
        }
        writes++;
        out.write(line);
        out.write('\n');
    }

    /** Pushes the buffered lines to the file. */
    void flush() throws IOException {
        if (out != null) {
            out.flush();
        }
    }

    /** Closes the file; the next line opens it again at its name (after a rotation: a new file). */
    void reopen() throws IOException {
        close();
    }

    void close() throws IOException {
        Writer w = out;
        out = null;
        openPath = null;
        if (w != null) {
            w.close();
        }
    }
}
