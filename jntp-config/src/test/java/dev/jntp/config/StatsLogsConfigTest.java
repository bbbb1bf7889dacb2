// Tests the statistics log directives (chrony's logdir/log/logbanner, ntpd's statsdir/statistics/filegen) and errors.
package dev.jntp.config;

import static dev.jntp.config.Configs.FILE;
import static dev.jntp.config.Configs.assertErrorAt;
import static dev.jntp.config.Configs.errors;
import static dev.jntp.config.Configs.onlyError;
import static dev.jntp.config.Configs.valid;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jntp.config.StatsLogs.ChronyLog;
import dev.jntp.config.StatsLogs.FileGen;
import dev.jntp.config.StatsLogs.GenType;
import dev.jntp.config.StatsLogs.NtpStats;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StatsLogsConfigTest {

    private static ConfigError errorOfLine2(String badLine) {
        return onlyError(ConfigParser.parse(FILE, "logdir /var/log/jntp\n" + badLine + "\n"));
    }

    @Test
    void noLogLines_statsLogs_none() {
        JntpConfig c = valid("port 123\n");

        assertThat(c.statsLogs()).isEqualTo(StatsLogs.NONE);
        assertThat(c.statsLogs().enabled()).isFalse();
    }

    @Test
    void chronyLines_logdirAndLog_allThreeFilesInThatDirectory() {
        JntpConfig c = valid("""
                logdir /var/log/chrony
                log measurements statistics tracking
                """);

        StatsLogs logs = c.statsLogs();
        assertThat(logs.directory()).isEqualTo(Path.of("/var/log/chrony"));
        assertThat(c.logDirectory()).contains(Path.of("/var/log/chrony"));
        assertThat(logs.chronyLogs()).containsExactlyInAnyOrder(ChronyLog.MEASUREMENTS, ChronyLog.STATISTICS,
                ChronyLog.TRACKING);
        assertThat(logs.banner()).isEqualTo(32);
        assertThat(logs.fileGens()).isEmpty();
        assertThat(logs.enabled()).isTrue();
    }

    @Test
    void logLines_severalAndMixedCase_accumulate() {
        StatsLogs logs = valid("log tracking\nlog RawMeasurements\nlogbanner 0\n").statsLogs();

        assertThat(logs.chronyLogs()).containsExactlyInAnyOrder(ChronyLog.TRACKING, ChronyLog.RAW_MEASUREMENTS);
        assertThat(logs.banner()).isZero();
    }

    @Test
    void logWithoutLogdir_defaultDirectory() {
        StatsLogs logs = valid("log tracking\n").statsLogs();

        assertThat(logs.directory()).isEqualTo(StatsLogs.DEFAULT_DIRECTORY);
    }

    @Test
    void logdirWithoutLog_noFiles() {
        JntpConfig c = valid("logdir /var/log/jntp\n");

        assertThat(c.statsLogs().enabled()).isFalse();
        assertThat(c.logDirectory()).contains(Path.of("/var/log/jntp"));
    }

    /** The lines of Ubuntu's default ntp.conf (with its statsdir uncommented), as the seed's guide shows them. */
    @Test
    void ubuntuNtpConf_statisticsAndFilegenTypeDay_loopAndPeerStatsByDayClockstatsNoted() {
        StatsLogs logs = valid("""
                statsdir /var/log/ntpstats/
                statistics loopstats peerstats clockstats
                filegen loopstats file loopstats type day enable
                filegen peerstats file peerstats type day enable
                filegen clockstats file clockstats type day enable
                """).statsLogs();

        assertThat(logs.directory()).isEqualTo(Path.of("/var/log/ntpstats"));
        assertThat(logs.fileGens()).containsExactly(new FileGen(NtpStats.LOOPSTATS, "loopstats", GenType.DAY, true),
                new FileGen(NtpStats.PEERSTATS, "peerstats", GenType.DAY, true));
        assertThat(logs.clockstats()).isTrue();
        assertThat(logs.chronyLogs()).isEmpty();
    }

    @Test
    void filegen_fileTypeNoneNolink_takenAsGiven() {
        StatsLogs logs = valid("statistics loopstats\nfilegen loopstats nolink type none file loop\n").statsLogs();

        assertThat(logs.fileGens()).containsExactly(new FileGen(NtpStats.LOOPSTATS, "loop", GenType.NONE, false));
    }

    @Test
    void filegen_withoutEnableOrStatistics_notWritten() {
        StatsLogs logs = valid("filegen peerstats file peerstats type day\n").statsLogs();

        assertThat(logs.fileGens()).isEmpty();
        assertThat(logs.enabled()).isFalse();
        assertThat(logs.directory()).isNull();
    }

    @Test
    void filegen_disableAfterStatistics_notWritten() {
        StatsLogs logs = valid("statistics peerstats loopstats\nfilegen peerstats disable\n").statsLogs();

        assertThat(logs.fileGens()).extracting(FileGen::stats).containsExactly(NtpStats.LOOPSTATS);
    }

    @Test
    void chronyAndNtpdLines_sameDirectory_bothKindsWritten() {
        StatsLogs logs = valid("""
                logdir /var/log/jntp
                statsdir /var/log/jntp/
                log tracking
                statistics loopstats
                """).statsLogs();

        assertThat(logs.directory()).isEqualTo(Path.of("/var/log/jntp"));
        assertThat(logs.chronyLogs()).containsExactly(ChronyLog.TRACKING);
        assertThat(logs.fileGens()).hasSize(1);
    }

    @Test
    void logdirAndStatsdir_differentDirectories_errorAtTheSecondNamingTheFirst() {
        ConfigError e = onlyError(ConfigParser.parse(FILE, "logdir /var/log/jntp\n\nstatsdir /var/log/ntpstats\n"));

        assertErrorAt(e, FILE, 3, "'statsdir' names /var/log/ntpstats but 'logdir' (line 1) names /var/log/jntp");
        assertThat(e.fix()).contains("keep one");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            log                                 | 'log' needs at least one of measurements, rawmeasurements
            log tracking selection              | 'log selection' is not supported: jntp does not log selection yet
            log rtc                             | 'log rtc' is not supported: jntp does not track the real-time clock
            log refclocks                       | 'log refclocks' is not supported: jntp has no reference clocks
            log trakcing                        | unknown log option 'trakcing'
            logbanner -1                        | logbanner must be a whole number from 0 to 65535, got '-1'
            logbanner 32 64                     | 'logbanner' takes 1 argument, got 2
            statsdir var/log                    | 'var/log' is not an absolute path
            statsdir                            | 'statsdir' takes 1 argument, got 0
            statistics                          | 'statistics' needs at least one name
            statistics loopstats rawstats       | ntpd's 'rawstats' is not supported
            statistics sysstats                 | ntpd's 'sysstats' is not supported
            statistics loopstat                 | unknown statistics name 'loopstat'
            filegen                             | 'filegen' needs a statistics name
            filegen loopstats type week enable  | 'type week' is not supported
            filegen loopstats type hour         | unknown file generation type 'hour'
            filegen loopstats type              | 'type' needs a value
            filegen loopstats file              | 'file' needs a file name
            filegen loopstats file ../x         | 'file' needs a file name
            filegen loopstats file a/b          | 'file' needs a file name
            filegen loopstats enabled           | unknown filegen option 'enabled'
            filegen protostats enable           | ntpd's 'protostats' is not supported
            """)
    void badStatisticsLine_errorAtItsLineWithAFix(String line, String message) {
        assertErrorAt(errorOfLine2(line), FILE, 2, message);
    }

    @Test
    void badLogOptions_eachReported() {
        assertThat(errors("log selection rtc tracking\n")).hasSize(2);
    }
}
