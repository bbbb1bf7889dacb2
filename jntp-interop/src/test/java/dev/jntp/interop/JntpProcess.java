// Runs 'jntp daemon' as a separate process (optionally inside a network namespace), as users do.
package dev.jntp.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A jntp daemon process started from the test classpath, stopped with SIGTERM. */
final class JntpProcess implements AutoCloseable {

    private final Process process;
    private final Path log;

    private JntpProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /** Starts {@code jntp daemon --config config} and waits until it says it has started. */
    static JntpProcess start(Path config, String netns) throws IOException {
        return startWith(netns, "daemon", "--config", config.toString());
    }

    /** Starts {@code jntp ARGS...} and waits until it says it has started. */
    static JntpProcess startWith(String netns, String... args) throws IOException {
        return startWithEnvironment(java.util.Map.of(), netns, args);
    }

    /** As {@link #startWith(String, String...)}, with {@code environment} added to the process's environment. */
    static JntpProcess startWithEnvironment(java.util.Map<String, String> environment, String netns, String... args)
            throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> cmd = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED", "-XX:+UseSerialGC",
                "-cp", cp, "dev.jntp.cli.Main"));
        cmd.addAll(List.of(args));
        Path log = Files.createTempFile("jntp-daemon", ".log");
        List<String> full = Tools.nocap(Tools.in(netns, cmd.toArray(String[]::new)));
        ProcessBuilder pb = new ProcessBuilder(full).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().putAll(environment);
        Process p = pb.start();
        JntpProcess j = new JntpProcess(p, log);
        boolean up = Tools.await(Duration.ofSeconds(30), () -> j.log().contains(" started ") || !p.isAlive());
        if (!up || !p.isAlive()) {
            String output = j.log();
            j.close();
            throw new AssertionError("jntp did not start (" + String.join(" ", args) + "):\n" + output);
        }
        return j;
    }

    /** The daemon's process id (for signals). */
    long pid() {
        return process.pid();
    }

    /** What the daemon has logged so far. */
    String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sends SIGTERM and checks the daemon stops cleanly with exit status 0. */
    void stopAndCheck() {
        stopAndCheck("TERM");
    }

    /** Sends the signal (TERM or INT) and checks the daemon stops cleanly with exit status 0. */
    void stopAndCheck(String signal) {
        Tools.Run kill = Tools.run(java.time.Duration.ofSeconds(5), "kill", "-" + signal, String.valueOf(process.pid()));
        assertThat(kill.exit()).as(kill.all()).isZero();
        try {
            assertThat(process.waitFor(15, TimeUnit.SECONDS)).as("jntp stops after SIGTERM").isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
        assertThat(process.exitValue()).as("exit status after SIGTERM; log:\n%s", log()).isZero();
        assertThat(log()).contains("stopped");
    }

    @Override
    public void close() {
        Tools.stop(process);
        try {
            Files.deleteIfExists(log);
        } catch (IOException e) {
            // a temp file; nothing to do
        }
    }
}
