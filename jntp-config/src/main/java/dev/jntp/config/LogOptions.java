// Parses the statistics log directives: chrony's logdir, log, logbanner and ntpd's statsdir, statistics, filegen.
package dev.jntp.config;

import dev.jntp.config.StatsLogs.ChronyLog;
import dev.jntp.config.StatsLogs.FileGen;
import dev.jntp.config.StatsLogs.GenType;
import dev.jntp.config.StatsLogs.NtpStats;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Collects the statistics directives of one file into {@link StatsLogs}. chrony's options follow
 * chrony.conf(5); ntpd's follow ntp.conf(5) "Monitoring Options" as ntpd applies them: {@code
 * statistics NAME} enables a file, {@code filegen NAME [file F] [type T] [link|nolink]
 * [enable|disable]} sets its options and, with enable or disable, switches it. A file set that
 * is not enabled is not written. {@code logdir} and {@code statsdir} name the one directory of
 * both kinds of file; naming two different directories is an error.
 */
final class LogOptions {

    /** The directives this class parses. */
    static final Set<String> DIRECTIVES = Set.of("logdir", "log", "logbanner", "statsdir", "statistics", "filegen");

    /** chrony's log options jntp does not write, with why. */
    private static final Map<String, String> CHRONY_UNSUPPORTED = Map.of(
            "selection", "jntp does not log selection yet",
            "rtc", "jntp does not track the real-time clock",
            "refclocks", "jntp has no reference clocks",
            "tempcomp", "jntp has no temperature compensation");

    private static final String LOG_WORDS = "measurements, rawmeasurements, statistics, tracking";
    private static final String NTPD_FIX = "jntp writes ntpd's loopstats and peerstats; for the other data use "
            + "chrony's files, e.g. 'log rawmeasurements statistics tracking'";
    /** The largest {@code logbanner}. */
    static final int MAX_BANNER = 65_535;

    private Path directory;
    private String directoryDirective;
    private int directoryLine;
    private final Set<ChronyLog> chronyLogs = EnumSet.noneOf(ChronyLog.class);
    private int banner = StatsLogs.DEFAULT_BANNER;
    private final Map<NtpStats, Gen> gens = new EnumMap<>(NtpStats.class);
    private boolean clockstats;

    /** ntpd's settings of one file set, enabled or not. */
    private static final class Gen {
        String file;
        GenType type = GenType.DAY;
        boolean link = true;
        boolean enabled;

        Gen(String file) {
            this.file = file;
        }
    }

    /** Parses one of {@link #DIRECTIVES} found at {@code line}. */
    void parse(Values v, List<String> args, int line) {
        switch (v.name()) {
            case "logdir", "statsdir" -> v.exactly(1).ifPresent(n -> v.path(args.getFirst())
                    .ifPresent(p -> directory(v, p, line)));
            case "log" -> chronyLogs(v, args);
            case "logbanner" -> v.exactly(1).ifPresent(n -> v.intIn(args.getFirst(), "logbanner", 0, MAX_BANNER)
                    .ifPresent(b -> banner = b));
            case "statistics" -> statistics(v, args);
            case "filegen" -> fileGen(v, args);
            default -> throw new IllegalStateException(v.name());
        }
    }

    /** The directory as configured (logdir or statsdir), or null. */
    Path directory() {
        return directory;
    }

    StatsLogs build() {
        List<FileGen> files = new ArrayList<>();
        gens.forEach((stats, g) -> {
            if (g.enabled) {
                files.add(new FileGen(stats, g.file, g.type, g.link));
            }
        });
        boolean any = !chronyLogs.isEmpty() || !files.isEmpty();
        Path dir = directory != null ? directory : any ? StatsLogs.DEFAULT_DIRECTORY : null;
        return new StatsLogs(dir, chronyLogs, banner, files, clockstats);
    }

    private void directory(Values v, Path p, int line) {
        if (directory != null && !directory.equals(p) && !directoryDirective.equals(v.name())) {
            v.error("'" + v.name() + "' names " + p + " but '" + directoryDirective + "' (line " + directoryLine
                    + ") names " + directory, "keep one of the two lines: jntp writes chrony's and ntpd's "
                    + "statistics files into one directory");
            return;
        }
        directory = p;
        directoryDirective = v.name();
        directoryLine = line;
    }

    private void chronyLogs(Values v, List<String> args) {
        if (args.isEmpty()) {
            v.error("'log' needs at least one of " + LOG_WORDS, "write e.g. 'log measurements statistics tracking'");
            return;
        }
        for (String a : args) {
            String word = a.toLowerCase(Locale.ROOT);
            ChronyLog log = switch (word) {
                case "measurements" -> ChronyLog.MEASUREMENTS;
                case "rawmeasurements" -> ChronyLog.RAW_MEASUREMENTS;
                case "statistics" -> ChronyLog.STATISTICS;
                case "tracking" -> ChronyLog.TRACKING;
                default -> null;
            };
            if (log != null) {
                chronyLogs.add(log);
            } else if (CHRONY_UNSUPPORTED.containsKey(word)) {
                v.error("'log " + word + "' is not supported: " + CHRONY_UNSUPPORTED.get(word),
                        "remove '" + word + "'; jntp writes " + LOG_WORDS);
            } else {
                v.error("unknown log option '" + Values.printable(a) + "'", "use " + LOG_WORDS);
            }
        }
    }

    private void statistics(Values v, List<String> args) {
        if (args.isEmpty()) {
            v.error("'statistics' needs at least one name", "write e.g. 'statistics loopstats peerstats'");
            return;
        }
        for (String a : args) {
            String word = a.toLowerCase(Locale.ROOT);
            if (word.equals("clockstats")) {
                clockstats = true;
            } else {
                ntpStats(v, word).ifPresent(s -> gen(s).enabled = true);
            }
        }
    }

    /** {@code filegen NAME [file F] [type T] [link|nolink] [enable|disable]}, options in any order. */
    private void fileGen(Values v, List<String> args) {
        if (args.isEmpty()) {
            v.error("'filegen' needs a statistics name",
                    "write e.g. 'filegen loopstats file loopstats type day enable'");
            return;
        }
        String name = args.getFirst().toLowerCase(Locale.ROOT);
        boolean clock = name.equals("clockstats");
        NtpStats stats = clock ? null : ntpStats(v, name).orElse(null);
        if (stats == null && !clock) {
            return;
        }
        Gen g = clock ? new Gen(name) : gen(stats);
        String file = g.file;
        GenType type = g.type;
        boolean link = g.link;
        Boolean enable = null;
        for (int i = 1; i < args.size(); i++) {
            String word = args.get(i).toLowerCase(Locale.ROOT);
            boolean hasValue = i + 1 < args.size();
            switch (word) {
                case "file" -> {
                    if (!hasValue || !args.get(i + 1).matches("[A-Za-z0-9._-]+") || args.get(i + 1).startsWith(".")) {
                        v.error("'file' needs a file name (letters, digits, '.', '_', '-'; no directory)",
                                "write e.g. 'file " + name + "'; the directory is statsdir's");
                        return;
                    }
                    file = args.get(++i);
                }
                case "type" -> {
                    if (!hasValue) {
                        v.error("'type' needs a value", "write 'type day' or 'type none'");
                        return;
                    }
                    String t = args.get(++i).toLowerCase(Locale.ROOT);
                    switch (t) {
                        case "day" -> type = GenType.DAY;
                        case "none" -> type = GenType.NONE;
                        case "pid", "week", "month", "year", "age" -> {
                            v.error("'type " + t + "' is not supported", "use 'type day' (a file a day, as ntpd's"
                                    + " default) or 'type none' (one file, rotated by logrotate)");
                            return;
                        }
                        default -> {
                            v.error("unknown file generation type '" + Values.printable(t) + "'",
                                    "use 'type day' or 'type none'");
                            return;
                        }
                    }
                }
                case "link" -> link = true;
                case "nolink" -> link = false;
                case "enable" -> enable = true;
                case "disable" -> enable = false;
                default -> {
                    v.error("unknown filegen option '" + Values.printable(args.get(i)) + "'",
                            "use file NAME, type day|none, link, nolink, enable, disable");
                    return;
                }
            }
        }
        if (clock) {
            if (enable != null) {
                clockstats = enable;
            }
            return;
        }
        g.file = file;
        g.type = type;
        g.link = link;
        if (enable != null) {
            g.enabled = enable;
        }
    }

    private Gen gen(NtpStats s) {
        return gens.computeIfAbsent(s, k -> new Gen(k.statName()));
    }

    private static Optional<NtpStats> ntpStats(Values v, String word) {
        switch (word) {
            case "loopstats" -> {
                return Optional.of(NtpStats.LOOPSTATS);
            }
            case "peerstats" -> {
                return Optional.of(NtpStats.PEERSTATS);
            }
            case "rawstats", "sysstats", "protostats", "cryptostats", "timingstats" -> {
                v.error("ntpd's '" + word + "' is not supported", NTPD_FIX);
                return Optional.empty();
            }
            default -> {
                v.error("unknown statistics name '" + Values.printable(word) + "'",
                        "use loopstats, peerstats or clockstats");
                return Optional.empty();
            }
        }
    }
}
