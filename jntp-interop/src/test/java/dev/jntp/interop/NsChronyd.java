// A chronyd (-x, without CAP_SYS_TIME) inside a network namespace the test made, its files in the test's directory.
package dev.jntp.interop;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

/**
 * {@code ip netns exec NS chronyd -x -d} with a private command socket, drift and pid file;
 * chronyc reaches it through the socket's path, from any namespace. Unlike {@link Chronyd},
 * {@link #launch} returns at once, so that a test can time how soon it synchronises.
 */
final class NsChronyd implements AutoCloseable {

    private final Path dir;
    private final Process process;

    private NsChronyd(Path dir, Process process) {
        this.dir = dir;
        this.process = process;
    }

    /**
     * Starts chronyd in {@code netns} with {@code directives}, its files in {@code dir} (which must
     * exist; it is made private to its owner, as chronyd wants for its command socket).
     */
    static NsChronyd launch(String netns, Path dir, String directives) throws IOException {
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        Path conf = dir.resolve("chrony.conf");
        Files.writeString(conf, String.join("\n", directives.strip(), "cmdport 0",
                "bindcmdaddress " + dir.resolve("cmd.sock"), "driftfile " + dir.resolve("drift"),
                "pidfile " + dir.resolve("chronyd.pid"), ""));
        List<String> cmd = Tools.nocap(Tools.in(netns, Tools.require("chronyd"), "-x", "-d", "-u", "root", "-f",
                conf.toString()));
        return new NsChronyd(dir, new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(dir.resolve("chronyd.log").toFile()).start());
    }

    /** Starts chronyd as {@link #launch} does and waits (at most 15 s) until chronyc reaches it. */
    static NsChronyd start(String netns, Path dir, String directives) throws IOException {
        NsChronyd c = launch(netns, dir, directives);
        if (!Tools.await(Duration.ofSeconds(15), () -> !c.process.isAlive() || c.chronyc("tracking").exit() == 0)
                || !c.process.isAlive()) {
            c.close();
            throw new AssertionError("chronyd in " + netns + " did not start:\n" + Files.readString(c.logFile()));
        }
        return c;
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** {@code chronyc -h SOCKET -n ARGS...}, at most 10 s. */
    Tools.Run chronyc(String... args) {
        return Tools.run(Duration.ofSeconds(10), Stream.concat(Stream.of(Tools.require("chronyc"), "-h",
                dir.resolve("cmd.sock").toString(), "-n"), Stream.of(args)).toList());
    }

    /** Where chronyd writes its log (-d: to stderr, kept here). */
    Path logFile() {
        return dir.resolve("chronyd.log");
    }

    @Override
    public void close() {
        Tools.stop(process);
    }
}
