// Finds and runs the real NTP programs the interop tests talk to, with bounded waits.
package dev.jntp.interop;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.DatagramSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/** Helpers shared by the interop tests. */
final class Tools {

    private Tools() {}

    /** Whether this run is CI, where a missing program is a failure rather than a skip. */
    static boolean ci() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
    }

    /** The path of a program on PATH (or /usr/sbin); fails under CI, skips otherwise, when absent. */
    static String require(String program) {
        for (String dir : (System.getenv().getOrDefault("PATH", "") + ":/usr/sbin:/sbin:/usr/bin").split(":")) {
            Path p = Path.of(dir.isEmpty() ? "." : dir, program);
            if (Files.isExecutable(p)) {
                return p.toString();
            }
        }
        String msg = program + " is not installed (Debian: see .ci/run)";
        if (ci()) {
            fail(msg + "; CI=true, so this fails instead of skipping");
        }
        assumeTrue(false, msg);
        return null;
    }

    /** Skips (or fails under CI) unless running as root, which network namespaces need. */
    static void requireRoot() {
        boolean root = "root".equals(System.getProperty("user.name"));
        if (!root && ci()) {
            fail("network namespace tests need root; CI runs as root");
        }
        assumeTrue(root, "network namespace tests need root");
    }

    /** Output and exit status of a finished program. */
    record Run(int exit, String stdout, String stderr) {
        String all() {
            return stdout + stderr;
        }
    }

    /** Runs a program to completion, killing it after {@code timeout}. */
    static Run run(Duration timeout, List<String> command) {
        try {
            Path out = Files.createTempFile("jntp-it", ".out");
            Path err = Files.createTempFile("jntp-it", ".err");
            try {
                Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile())
                        .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile())).start();
                if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                    return new Run(-1, Files.readString(out), Files.readString(err) + "\n(killed after " + timeout + ")");
                }
                return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                        Files.readString(err, StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static Run run(Duration timeout, String... command) {
        return run(timeout, List.of(command));
    }

    /** Prefixes a command with {@code ip netns exec NS} when {@code netns} is not null. */
    static List<String> in(String netns, String... command) {
        List<String> c = new ArrayList<>();
        if (netns != null) {
            c.addAll(List.of(require("ip"), "netns", "exec", netns));
        }
        c.addAll(List.of(command));
        return c;
    }

    /**
     * Prefixes {@code setpriv} so that the program runs without CAP_SYS_TIME, whatever it tries
     * (as ../shared/tools/nocap does); a no-op for non-root users, who cannot set the clock anyway.
     */
    static List<String> nocap(List<String> command) {
        if (!"root".equals(System.getProperty("user.name"))) {
            return command;
        }
        List<String> c = new ArrayList<>(List.of(require("setpriv"), "--inh-caps", "-sys_time", "--bounding-set",
                "-sys_time", "--"));
        c.addAll(command);
        return c;
    }

    /** SIGTERM, then SIGKILL if the process has not ended within 10 s. */
    static void stop(Process process) {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Waits until the condition holds, polling every 50 ms; false if {@code limit} passes first. */
    static boolean await(Duration limit, BooleanSupplier condition) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            LockSupport.parkNanos(50_000_000L);
        }
        return true;
    }

    /** A UDP port that is free on loopback right now. */
    static int freeUdpPort() {
        try (DatagramSocket s = new DatagramSocket(0, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
