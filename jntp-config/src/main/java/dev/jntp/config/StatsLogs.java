// Which statistics files the daemon writes, where, and how: chrony's log files and ntpd's loopstats/peerstats.
package dev.jntp.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * The statistics logs of jntp.conf: chrony's {@code logdir}, {@code log} and {@code logbanner},
 * and, for users coming from ntp.conf, ntpd's {@code statsdir}, {@code statistics} and
 * {@code filegen}, which write ntpd's own loopstats and peerstats formats.
 *
 * @param directory where every file goes: {@code logdir} or {@code statsdir}, else {@link #DEFAULT_DIRECTORY} when
 *     a log is enabled; null when none is
 * @param chronyLogs chrony's files to write
 * @param banner write the column banner before every {@code banner}-th line of a chrony file, 0 for never
 *     ({@code logbanner}, chrony's default 32)
 * @param fileGens ntpd's files to write (enabled ones only)
 * @param clockstats whether ntpd's clockstats was enabled: accepted, but jntp has no reference clocks, so it writes
 *     nothing (the daemon says so when it starts)
 */
public record StatsLogs(Path directory, Set<ChronyLog> chronyLogs, int banner, List<FileGen> fileGens,
        boolean clockstats) {

    /** Where statistics go when a log is enabled without {@code logdir} or {@code statsdir}. */
    public static final Path DEFAULT_DIRECTORY = Path.of("/var/log/jntp");
    /** chrony's {@code logbanner} default. */
    public static final int DEFAULT_BANNER = 32;
    /** No statistics logs. */
    public static final StatsLogs NONE = new StatsLogs(null, Set.of(), DEFAULT_BANNER, List.of(), false);

    public StatsLogs {
        chronyLogs = Set.copyOf(chronyLogs);
        fileGens = List.copyOf(fileGens);
    }

    /** Whether any file is written. */
    public boolean enabled() {
        return !chronyLogs.isEmpty() || !fileGens.isEmpty();
    }

    /** chrony's {@code log} options and the files they write in the log directory. */
    public enum ChronyLog {
        /** Every valid reply (chrony's {@code rawmeasurements}), in measurements.log. */
        RAW_MEASUREMENTS("rawmeasurements", "measurements.log"),
        /** Replies that passed RFC 5905 tests 1 to 7, in measurements.log. */
        MEASUREMENTS("measurements", "measurements.log"),
        /** The regression of each source after each sample, in statistics.log. */
        STATISTICS("statistics", "statistics.log"),
        /** Each clock update, in tracking.log. */
        TRACKING("tracking", "tracking.log");

        private final String option;
        private final String fileName;

        ChronyLog(String option, String fileName) {
            this.option = option;
            this.fileName = fileName;
        }

        /** The word of the {@code log} directive. */
        public String option() {
            return option;
        }

        /** The file in the log directory. */
        public String fileName() {
            return fileName;
        }
    }

    /** ntpd's statistics that jntp writes, in ntpd's formats. */
    public enum NtpStats {
        /** The clock discipline after each update. */
        LOOPSTATS,
        /** Each sample of each source. */
        PEERSTATS;

        /** ntpd's name, also the default file name. */
        public String statName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** ntpd's file generation types jntp supports. */
    public enum GenType {
        /** One file, named as given (rotate it with logrotate). */
        NONE,
        /** One file a day, FILE.YYYYMMDD (UTC), as ntpd's default. */
        DAY
    }

    /**
     * One enabled {@code filegen}.
     *
     * @param stats which statistics
     * @param file the file name in the directory (ntpd's {@code file} option; the statistics' name by default)
     * @param type {@code type none} or {@code type day}
     * @param link with {@code type day}: keep a hard link named {@code file} to the current day's file, as ntpd does
     *     unless told {@code nolink}
     */
    public record FileGen(NtpStats stats, String file, GenType type, boolean link) {}
}
