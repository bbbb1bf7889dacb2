// Fuzzes ConfigParser.parse: for any text it returns a result, and every error points at a line of that text.
package dev.jntp.config;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.code_intelligence.jazzer.mutation.annotation.NotNull;
import com.code_intelligence.jazzer.mutation.annotation.WithUtf8Length;

/**
 * Under plain {@code mvn verify} this replays the seed corpus in
 * {@code ConfigParserFuzzTestInputs/parseNeverThrows/} (each file is the UTF-8 text given to the
 * parser); with {@code JAZZER_FUZZ=1} it fuzzes for {@code maxDuration}.
 */
class ConfigParserFuzzTest {

    @FuzzTest(maxDuration = "60s")
    void parseNeverThrows(@NotNull @WithUtf8Length(max = 8192) String text) {
        ConfigResult result = ConfigParser.parse("fuzz.conf", text);
        int lines = lineCount(text);
        switch (result) {
            case ConfigResult.Invalid invalid -> {
                check(!invalid.errors().isEmpty(), "an invalid result has errors", result);
                for (ConfigError e : invalid.errors()) {
                    check(e.file().equals("fuzz.conf"), "error names the file", e);
                    check(e.line() >= 1 && e.line() <= lines, "error line within 1.." + lines, e);
                    check(!e.message().isBlank(), "error has a message", e);
                    check(!e.fix().isBlank(), "error has a fix", e);
                }
                for (int i = 1; i < invalid.errors().size(); i++) {
                    check(invalid.errors().get(i - 1).line() <= invalid.errors().get(i).line(),
                            "errors in line order", invalid.errors());
                }
            }
            case ConfigResult.Valid valid -> checkValid(valid.config(), lines);
        }
    }

    /** A valid config holds only values the parser promises to check. */
    private static void checkValid(JntpConfig c, int lines) {
        check(c.port() >= 0 && c.port() <= 65535, "port in range", c);
        c.localReference().ifPresent(l -> check(l.stratum() >= 1 && l.stratum() <= 15
                && l.distance() >= 0 && l.distance() <= 16, "local reference in range", l));
        c.driftFilePath().ifPresent(p -> check(p.isAbsolute(), "absolute drift file", p));
        c.logDirectory().ifPresent(p -> check(p.isAbsolute(), "absolute log directory", p));
        c.controlSocketPath().ifPresent(p -> check(p.isAbsolute() && p.getNameCount() > 0
                && p.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8).length <= 107,
                "control socket an absolute path that fits a Unix socket address", p));
        checkSync(c.sync());
        NtsSettings nts = c.nts();
        check(nts.certificates().size() == nts.keys().size() && nts.port() >= 0 && nts.port() <= 65535
                && nts.rotateSeconds() >= 0 && nts.dumpDirectory().map(java.nio.file.Path::isAbsolute).orElse(true)
                && nts.certificates().stream().allMatch(java.nio.file.Path::isAbsolute), "NTS settings consistent", nts);
        check(c.metrics().port() >= 0 && c.metrics().port() <= 65535, "metricsport in range", c.metrics());
        StatsLogs logs = c.statsLogs();
        check(!logs.enabled() || logs.directory() != null && logs.directory().isAbsolute(),
                "an absolute directory whenever a statistics file is written", logs);
        check(logs.banner() >= 0 && logs.banner() <= LogOptions.MAX_BANNER, "logbanner in range", logs);
        for (StatsLogs.FileGen g : logs.fileGens()) {
            check(g.file().matches("[A-Za-z0-9._-]+") && !g.file().startsWith("."), "filegen file a plain name", g);
        }
        c.rateLimiting().ifPresent(r -> check(r.interval() >= -19 && r.interval() <= 12 && r.burst() >= 1
                && r.burst() <= 255 && r.leak() >= 1 && r.leak() <= 4 && r.kod() >= 0 && r.kod() <= 4
                && r.line() >= 1 && r.line() <= lines && c.clientLogLimit() >= RateLimit.MIN_CLIENT_LOG_LIMIT,
                "ratelimit in chrony's ranges, with a client table", r));
        for (AccessRule r : c.accessRules()) {
            check(r.line() >= 1 && r.line() <= lines, "rule line within 1.." + lines, r);
        }
        for (SourceSpec s : c.sources()) {
            check(s.line() >= 1 && s.line() <= lines && s.minPoll() <= s.maxPoll() && s.port() >= 1
                    && (s.kind() == SourceSpec.Kind.POOL || s.maxSources() == SourceOptions.DEFAULT_MAXSOURCES),
                    "source line and options consistent", s);
        }
    }

    /** Synchronisation settings within the ranges the parser checks. */
    private static void checkSync(SyncSettings s) {
        check(s.minSources() >= 1 && s.minSources() <= 64, "minsources in range", s);
        check(s.maxDistance() > 0 && s.maxDistance() <= 1000, "maxdistance in range", s);
        check(s.maxSlewRate() > 0 && s.maxSlewRate() <= 100_000, "maxslewrate in range", s);
        s.makeStepPolicy().ifPresent(m -> check(m.threshold() > 0 && m.threshold() <= 0x1p31
                && (m.limit() >= 1 || m.unlimited()), "makestep in range", m));
        s.leapSecondSource().ifPresent(l -> check(switch (l) {
            case SyncSettings.LeapSecondSource.Timezone tz -> !tz.zone().isEmpty() && !tz.zone().startsWith("/");
            case SyncSettings.LeapSecondSource.ListFile list -> list.file().isAbsolute();
        }, "leap second source well formed", l));
    }

    /** Lines as an editor counts them: LF, CRLF and a lone CR each end one; the text after the last is a line. */
    static int lineCount(String text) {
        int lines = 1;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n' || (c == '\r' && (i + 1 == text.length() || text.charAt(i + 1) != '\n'))) {
                lines++;
            }
        }
        return lines;
    }

    private static void check(boolean ok, String property, Object subject) {
        if (!ok) {
            throw new AssertionError(property + ": " + subject);
        }
    }
}
