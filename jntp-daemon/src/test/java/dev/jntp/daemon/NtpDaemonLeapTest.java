// Tests that the daemon (monitor mode) reads the leap second table its configuration names, and runs on without a bad one.
package dev.jntp.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

@Timeout(30)
class NtpDaemonLeapTest {

    @TempDir
    Path dir;

    private final ListAppender<ILoggingEvent> log = new ListAppender<>();
    private final Logger daemonLogger = (Logger) LoggerFactory.getLogger(NtpDaemon.class);

    @BeforeEach
    void captureLog() {
        log.start();
        daemonLogger.addAppender(log);
    }

    @AfterEach
    void releaseLog() {
        daemonLogger.detachAppender(log);
    }

    private List<String> logLines() {
        return log.list.stream().map(e -> e.getLevel() + " " + e.getFormattedMessage()).toList();
    }

    /** A source on a loopback port nobody answers on: the daemon has sources, so it starts synchronisation. */
    private static String silentSource() throws IOException {
        return "server 127.0.0.1 port " + TestDaemons.freePort() + "\n";
    }

    @Test
    void leapseclist_realList_loadedAndShownInTheStateAndTheLog() throws IOException {
        Path list = dir.resolve("leap-seconds.list");
        copyRealList(list);

        try (NtpDaemon daemon = TestDaemons.start(TestDaemons.LOOPBACK + silentSource() + "leapseclist " + list + "\n")) {
            assertThat(daemon.leapTable()).hasValueSatisfying(t -> {
                assertThat(t.leaps()).hasSize(27);
                assertThat(t.last().orElseThrow().day()).hasToString("2016-12-31");
                assertThat(t.last().orElseThrow().taiMinusUtcAfter()).isEqualTo(37);
            });
            assertThat(logLines()).contains("INFO leap seconds from leapseclist " + list
                    + ": 27 leap seconds, the last inserted at the end of 2016-12-31 (TAI-UTC 37), expires 2026-06-28");
        }
    }

    @Test
    void leapseclist_missingFile_daemonRunsWithoutATableAndSaysWhy() throws IOException {
        Path missing = dir.resolve("missing.list");

        try (NtpDaemon daemon = TestDaemons.start(TestDaemons.LOOPBACK + silentSource() + "leapseclist " + missing + "\n")) {
            assertThat(daemon.leapTable()).isEmpty();
            assertThat(logLines()).anySatisfy(l -> assertThat(l).startsWith("WARN leapseclist " + missing
                    + " ignored: cannot read it").endsWith("leap seconds come from the sources only"));
        }
    }

    @Test
    void reload_fileAppearsThenIsDamaged_loadedThenKept() throws IOException {
        Path list = dir.resolve("leap-seconds.list");

        try (NtpDaemon daemon = TestDaemons.start(TestDaemons.LOOPBACK + silentSource() + "leapseclist " + list + "\n")) {
            assertThat(daemon.leapTable()).isEmpty();
            copyRealList(list);
            daemon.reloadLeapTable();
            assertThat(daemon.leapTable()).hasValueSatisfying(t -> assertThat(t.leaps()).hasSize(27));
            assertThat(logLines()).anySatisfy(l -> assertThat(l).startsWith("INFO leap second table reloaded: 27"));

            Files.writeString(list, "#$ 1\n#@ 2\n2272060800 10\n2287785600 12\n");
            daemon.reloadLeapTable();
            assertThat(daemon.leapTable()).as("the good table stays").hasValueSatisfying(
                    t -> assertThat(t.leaps()).hasSize(27));
            assertThat(logLines()).anySatisfy(l -> assertThat(l).startsWith("WARN leapseclist " + list + " ignored: line 4")
                    .endsWith("the table read before stays in use"));
        }
    }

    private static void copyRealList(Path to) throws IOException {
        try (java.io.InputStream in = NtpDaemonLeapTest.class.getResourceAsStream("sync/leap-seconds.list")) {
            Files.copy(in, to, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
    }

    @Test
    void leapseclist_noSources_notReadAndSaysSo() throws IOException {
        Path list = dir.resolve("leap-seconds.list");

        try (NtpDaemon daemon = TestDaemons.start(TestDaemons.LOOPBACK + "local stratum 5\nleapseclist " + list + "\n")) {
            assertThat(daemon.leapTable()).isEmpty();
            assertThat(logLines()).anySatisfy(l -> assertThat(l).startsWith("INFO leapseclist " + list + " not read"));
        }
    }
}
