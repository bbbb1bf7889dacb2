// Finds NTPsec's ntpq (unpacked from the ntpsec .deb, which conflicts with chrony) and runs it inside a namespace.
package dev.jntp.interop;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * ntpq is a Python program of package {@code ntpsec}, which cannot be installed beside chrony;
 * .ci/run unpacks it ({@code apt-get download ntpsec && dpkg -x}) into {@code
 * ${XDG_CACHE_HOME:-~/.cache}/jntp/ntpsec} and exports {@code JNTP_NTPQ}. It runs under Debian's
 * {@code /usr/bin/python3}, which finds the {@code ntp} modules of python3-ntp (a dependency of
 * ntpsec-ntpdig). ntpq only talks to port 123, so the tests run it in a namespace of their own.
 */
final class Ntpq {

    private static final String PYTHON = "/usr/bin/python3";

    private final String script;

    private Ntpq(String script) {
        this.script = script;
    }

    /** The ntpq to use: {@code JNTP_NTPQ}, the cache .ci/run fills, or one on PATH; skips (fails under CI) without. */
    static Ntpq require() {
        List<Path> candidates = new ArrayList<>();
        String env = System.getenv("JNTP_NTPQ");
        if (env != null && !env.isBlank()) {
            candidates.add(Path.of(env));
        }
        String cache = System.getenv("XDG_CACHE_HOME");
        Path cacheDir = cache != null && !cache.isBlank() ? Path.of(cache)
                : Path.of(System.getProperty("user.home"), ".cache");
        candidates.add(cacheDir.resolve("jntp/ntpsec/usr/bin/ntpq"));
        for (Path p : candidates) {
            if (Files.isRegularFile(p) && Files.isExecutable(Path.of(PYTHON))) {
                return new Ntpq(p.toString());
            }
        }
        String msg = "ntpq not found (tried " + candidates + "); .ci/run unpacks it from the ntpsec .deb";
        if (Tools.ci()) {
            fail(msg + "; CI=true, so this fails instead of skipping");
        }
        assumeTrue(false, msg);
        return null;
    }

    /** {@code ntpq -n ARGS... 127.0.0.1} in {@code netns}, without CAP_SYS_TIME, at most 30 s. */
    Tools.Run run(String netns, String... args) {
        List<String> cmd = new ArrayList<>(List.of(PYTHON, script, "-n"));
        cmd.addAll(List.of(args));
        cmd.add("127.0.0.1");
        return Tools.run(Duration.ofSeconds(30), Tools.nocap(Tools.in(netns, cmd.toArray(String[]::new))));
    }
}
