// The systemd units of dist/: systemd-analyze verify and security in a temporary root, their settings, their commands.
package dev.jntp.interop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jntp.cli.Main;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/**
 * {@code systemd-analyze verify} needs no running systemd, but it loads the units' dependencies (sysinit.target …)
 * and checks that every ExecStart= program exists and is executable. So each test builds a temporary root with a
 * copy of this host's unit directory, the units of dist/ and a stub {@code /usr/bin/jntp}, and passes
 * {@code --root}; {@code --man=no} because jntp's man page is not written yet. Nothing is installed or enabled on
 * this machine. verify exits 0 even for unknown keys or bad values (it only warns), so its output must be empty.
 */
class SystemdUnitsTest {

    static final Path DIST = Path.of(System.getProperty("user.dir")).toAbsolutePath().getParent().resolve("dist");
    static final List<String> UNITS = List.of("jntp.service", "jntp-wait.service", "jntp-check.service",
            "jntp-check.timer");

    private Path root;

    @BeforeEach
    void temporaryRoot() throws IOException {
        Tools.require("systemd-analyze");
        root = Files.createTempDirectory("jntp-systemd-root");
        Path units = root.resolve("usr/lib/systemd/system");
        Files.createDirectories(units);
        Path host = Stream.of("/usr/lib/systemd/system", "/lib/systemd/system").map(Path::of)
                .filter(p -> Files.exists(p.resolve("sysinit.target"))).findFirst()
                .orElseThrow(() -> new AssertionError("no systemd unit directory with sysinit.target on this host"));
        try (Stream<Path> files = Files.list(host)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                Files.copy(f, units.resolve(f.getFileName().toString()));
            }
        }
        for (String u : UNITS) {
            Files.copy(DIST.resolve("systemd").resolve(u), units.resolve(u), StandardCopyOption.REPLACE_EXISTING);
        }
        Path jntp = root.resolve("usr/bin/jntp");
        Files.createDirectories(jntp.getParent());
        Files.writeString(jntp, "#!/bin/sh\nexit 0\n");
        Files.setPosixFilePermissions(jntp, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    @AfterEach
    void removeRoot() throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }

    private Tools.Run analyze(String... args) {
        List<String> cmd = new ArrayList<>(List.of(Tools.require("systemd-analyze")));
        cmd.addAll(Arrays.asList(args));
        return Tools.run(Duration.ofSeconds(30), cmd);
    }

    private static String unit(String name) {
        try {
            return Files.readString(DIST.resolve("systemd").resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The values of {@code key=} in a unit, in order. */
    private static List<String> values(String unit, String key) {
        return unit.lines().filter(l -> l.startsWith(key + "=")).map(l -> l.substring(key.length() + 1)).toList();
    }

    @Test
    void verify_everyUnit_exit0AndNoWarning() {
        List<String> args = new ArrayList<>(List.of("verify", "--root=" + root, "--man=no"));
        args.addAll(UNITS);

        Tools.Run r = analyze(args.toArray(String[]::new));

        assertThat(r.exit()).as(r.all()).isZero();
        assertThat(r.all().lines().filter(l -> l.contains("jntp")).toList()).as(r.all()).isEmpty();
    }

    @Test
    void verify_brokenCopy_warningsSeen_soTheCheckAboveHasTeeth() throws IOException {
        Path unit = root.resolve("usr/lib/systemd/system/jntp.service");
        Files.writeString(unit, Files.readString(unit).replace("ProtectSystem=strict", "ProtectSystem=strictly")
                .replace("[Service]\n", "[Service]\nWatchdogSeconds=60\n"));

        Tools.Run r = analyze("verify", "--root=" + root, "--man=no", "jntp.service");

        assertThat(r.all()).contains("jntp.service:").contains("strictly").contains("WatchdogSeconds");
    }

    @Test
    void verify_jntpMissingFromRoot_errorNamesTheProgram() throws IOException {
        Files.delete(root.resolve("usr/bin/jntp"));

        Tools.Run r = analyze("verify", "--root=" + root, "--man=no", "jntp.service");

        assertThat(r.exit()).isNotZero();
        assertThat(r.all()).contains("/usr/bin/jntp");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"jntp.service", "jntp-wait.service", "jntp-check.service"})
    void security_offline_exposureAtMost3(String name) {
        Tools.Run r = analyze("security", "--offline=yes", "--root=" + root, name);

        Matcher m = Pattern.compile("Overall exposure level for " + Pattern.quote(name) + ": ([0-9.]+)").matcher(r.all());
        assertThat(m.find()).as(r.all()).isTrue();
        double exposure = Double.parseDouble(m.group(1));
        System.out.printf(Locale.ROOT, "systemd-analyze security: %s exposure %.1f (0 best, 10 worst)%n", name, exposure);
        assertThat(exposure).as("exposure of %s", name).isLessThanOrEqualTo(3.0);
    }

    @Test
    void daemonUnit_notifyTwoCapabilitiesUserAndSandbox() {
        String u = unit("jntp.service");

        assertThat(values(u, "Type")).containsExactly("notify");
        assertThat(values(u, "ExecStart")).containsExactly("/usr/bin/jntp daemon");
        assertThat(values(u, "WatchdogSec")).containsExactly("60");
        assertThat(values(u, "User")).containsExactly("jntp");
        assertThat(values(u, "AmbientCapabilities")).containsExactly("CAP_SYS_TIME CAP_NET_BIND_SERVICE");
        assertThat(values(u, "CapabilityBoundingSet")).containsExactly("CAP_SYS_TIME CAP_NET_BIND_SERVICE");
        assertThat(values(u, "ProtectSystem")).containsExactly("strict");
        assertThat(values(u, "ReadWritePaths")).containsExactly("/var/lib/jntp /var/log/jntp");
        assertThat(values(u, "RuntimeDirectory")).containsExactly("jntp");
        assertThat(values(u, "StateDirectory")).containsExactly("jntp");
        assertThat(values(u, "LogsDirectory")).containsExactly("jntp");
        assertThat(values(u, "RestrictAddressFamilies")).containsExactly("AF_INET AF_INET6 AF_UNIX");
        assertThat(values(u, "SystemCallFilter")).containsExactly("@system-service @clock");
        assertThat(values(u, "ProtectClock")).isEmpty();
        for (String yes : List.of("NoNewPrivileges", "PrivateTmp", "ProtectHome", "PrivateDevices")) {
            assertThat(values(u, yes)).as(yes).containsExactly("yes");
        }
        assertThat(values(u, "Before")).containsExactly("time-sync.target");
    }

    @Test
    void waitUnit_beforeTimeSyncTarget_runsWaitsync() {
        String u = unit("jntp-wait.service");

        assertThat(values(u, "Before")).containsExactly("time-sync.target");
        assertThat(values(u, "Wants")).containsExactly("time-sync.target");
        assertThat(values(u, "Requires")).containsExactly("jntp.service");
        assertThat(values(u, "Type")).containsExactly("oneshot");
        assertThat(values(u, "ExecStart")).singleElement().asString().startsWith("/usr/bin/jntp waitsync ");
    }

    @Test
    void checkTimer_everyFiveMinutes_startsTheCheck() {
        String timer = unit("jntp-check.timer");

        assertThat(values(timer, "OnUnitActiveSec")).containsExactly("5min");
        assertThat(values(timer, "OnBootSec")).containsExactly("5min");
        assertThat(values(timer, "WantedBy")).containsExactly("timers.target");
        assertThat(values(unit("jntp-check.service"), "ExecStart")).containsExactly("/usr/bin/jntp check");
    }

    @Test
    void execStart_everyUnit_aValidJntpCommandLine() {
        for (String name : UNITS) {
            for (String exec : values(unit(name), "ExecStart")) {
                String[] words = exec.split(" +");
                assertThat(words[0]).isEqualTo("/usr/bin/jntp");
                CommandLine.ParseResult p = new CommandLine(new Main()).setCaseInsensitiveEnumValuesAllowed(true)
                        .parseArgs(Arrays.copyOfRange(words, 1, words.length));
                assertThat(p.hasSubcommand()).as(exec).isTrue();
            }
        }
    }

    @Test
    void ntpUnitsList_namesTheDaemonUnit() throws IOException {
        List<String> entries = Files.readAllLines(DIST.resolve("systemd/ntp-units.d/80-jntp.list")).stream()
                .map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();

        assertThat(entries).containsExactly("jntp.service");
        assertThat(DIST.resolve("systemd").resolve(entries.getFirst())).exists();
    }

    @Test
    void sysusers_dryRunInTheRoot_createsUserJntp() throws IOException {
        String sysusers = Tools.require("systemd-sysusers");
        Files.createDirectories(root.resolve("etc"));

        Tools.Run r = Tools.run(Duration.ofSeconds(30), sysusers, "--root=" + root, "--dry-run",
                DIST.resolve("sysusers.d/jntp.conf").toString());

        assertThat(r.exit()).as(r.all()).isZero();
        assertThat(r.all()).contains("Creating user 'jntp'");
        assertThat(root.resolve("etc/passwd")).doesNotExist();
    }
}
