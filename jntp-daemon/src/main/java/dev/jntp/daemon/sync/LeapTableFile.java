// Loads the leap second table that leapsectz or leapseclist names, and says in the log what it holds or what is wrong.
package dev.jntp.daemon.sync;

import dev.jntp.config.SyncSettings.LeapSecondSource;
import dev.jntp.engine.leap.LeapSecondsList;
import dev.jntp.engine.leap.LeapTable;
import dev.jntp.engine.leap.LeapTableResult;
import dev.jntp.engine.leap.TzifLeaps;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * The IO half of the leap second table (the parsers and the table are pure, in jntp-engine):
 * {@code leapsectz ZONE} reads {@code $TZDIR/ZONE} (TZDIR as the C library reads it, default
 * /usr/share/zoneinfo), {@code leapseclist FILE} reads the file.
 *
 * <p>What chrony does (leapdb.c), and so this: a table that cannot be read, does not parse, or
 * fails the check of the 2012-06-30 leap is ignored with a warning, and the daemon runs on with
 * the sources' announcements alone (a missing tzdata package must not stop time service). An
 * expired leap-seconds.list is used all the same, with a warning that it needs an update,
 * repeated at each reload. chrony reads the table again at each check (twice a day), so an
 * updated file is picked up without a restart; the daemon reloads every {@link #RELOAD_HOURS}
 * hours the same way, keeping the last good table when the new read fails (where chrony would
 * be left without one until the next check).
 */
public final class LeapTableFile {

    /** How often the table is read again. */
    public static final int RELOAD_HOURS = 12;
    /** The largest file read: leap-seconds.list is 5 KB and right/UTC 1 KB. */
    static final int MAX_BYTES = 1 << 20;
    /** Where time zones are when TZDIR is not set. */
    static final String DEFAULT_TZDIR = "/usr/share/zoneinfo";

    private LeapTableFile() {}

    /** The file {@code source} names; {@code env} looks up environment variables (TZDIR). */
    public static Path path(LeapSecondSource source, UnaryOperator<String> env) {
        return switch (source) {
            case LeapSecondSource.ListFile l -> l.file();
            case LeapSecondSource.Timezone tz -> {
                String dir = env.apply("TZDIR");
                yield Path.of(dir == null || dir.isEmpty() ? DEFAULT_TZDIR : dir).resolve(tz.zone());
            }
        };
    }

    /** The directive and its argument, for log lines: "leapsectz right/UTC (/usr/share/zoneinfo/right/UTC)". */
    public static String describe(LeapSecondSource source, Path file) {
        return switch (source) {
            case LeapSecondSource.ListFile l -> "leapseclist " + file;
            case LeapSecondSource.Timezone tz -> "leapsectz " + tz.zone() + " (" + file + ")";
        };
    }

    /**
     * Reads and checks the table; logs one info line with what it holds, or a warning saying why
     * it is ignored, and a warning for each doubt (expired, no hash).
     *
     * @param nowUnixNanos the time now, for the expiry warning
     * @param otherwise what happens when the table is ignored, for the warning ("leap seconds come
     *     from the sources only")
     */
    public static Optional<LeapTable> load(LeapSecondSource source, UnaryOperator<String> env, long nowUnixNanos,
            String otherwise, Consumer<String> info, Consumer<String> warn) {
        Path file = path(source, env);
        String name = describe(source, file);
        byte[] data;
        try {
            data = read(file);
        } catch (IOException | RuntimeException e) {
            warn.accept(name + " ignored: cannot read it (" + e + "); " + otherwise);
            return Optional.empty();
        }
        LeapTableResult r = source instanceof LeapSecondSource.ListFile ? LeapSecondsList.parse(data)
                : TzifLeaps.parse(data);
        switch (r) {
            case LeapTableResult.Invalid i -> {
                warn.accept(name + " ignored: " + i.problem() + "; " + otherwise);
                return Optional.empty();
            }
            case LeapTableResult.Loaded l -> {
                LeapTable t = l.table();
                Optional<String> failed = t.knownLeapProblem();
                if (failed.isPresent()) {
                    warn.accept(name + " ignored: it failed the leap second check: " + failed.get() + "; " + otherwise);
                    return Optional.empty();
                }
                l.warnings().forEach(w -> warn.accept(name + ": " + w));
                info.accept("leap seconds from " + name + ": " + t.summary());
                if (t.expiredAt(nowUnixNanos)) {
                    warn.accept(name + " expired on "
                            + LocalDate.ofEpochDay(Math.floorDiv(t.expiresUnixSeconds().getAsLong(), LeapTable.DAY))
                            + " and needs an update (Debian: a newer tzdata package): it is still used, but a leap"
                            + " second announced after that date is known only from the sources");
                }
                return Optional.of(t);
            }
        }
    }

    private static byte[] read(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] data = in.readNBytes(MAX_BYTES + 1);
            if (data.length > MAX_BYTES) {
                throw new IOException("larger than " + MAX_BYTES + " bytes: not a leap second file");
            }
            return data;
        }
    }
}
