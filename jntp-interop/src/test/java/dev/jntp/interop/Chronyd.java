// A chronyd started by a test: always with -x (never touches the clock), private sockets and files.
package dev.jntp.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** chronyd in a temporary directory, with chronyc talking to it over its private Unix socket. */
final class Chronyd implements AutoCloseable {

    private final Path dir;
    private final Process process;

    private Chronyd(Path dir, Process process) {
        this.dir = dir;
        this.process = process;
    }

    /**
     * Starts {@code chronyd -x -d} with the given directives plus a private command socket,
     * drift file and pid file, and waits until chronyc can reach it.
     */
    static Chronyd start(String directives) throws IOException {
        String chronyd = Tools.require("chronyd");
        Tools.require("chronyc");
        Path dir = Files.createTempDirectory("jntp-chronyd");
        Files.writeString(dir.resolve("chrony.conf"), directives + "\n"
                + "cmdport 0\n"
                + "bindcmdaddress " + dir.resolve("cmd.sock") + "\n"
                + "driftfile " + dir.resolve("drift") + "\n"
                + "pidfile " + dir.resolve("chronyd.pid") + "\n");
        List<String> cmd = Tools.nocap(List.of(chronyd, "-x", "-d", "-u", "root", "-f",
                dir.resolve("chrony.conf").toString()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("chronyd.log").toFile())
                .start();
        Chronyd c = new Chronyd(dir, p);
        boolean up = Tools.await(Duration.ofSeconds(15), () -> !p.isAlive() || c.chronyc("tracking").exit() == 0);
        if (!up || !p.isAlive()) {
            String log = c.log();
            c.close();
            throw new AssertionError("chronyd did not start:\n" + log);
        }
        return c;
    }

    /** Runs {@code chronyc -h SOCKET -n ARGS...}. */
    Tools.Run chronyc(String... args) {
        List<String> cmd = new ArrayList<>(List.of(Tools.require("chronyc"), "-h", dir.resolve("cmd.sock").toString(),
                "-n"));
        cmd.addAll(List.of(args));
        return Tools.run(Duration.ofSeconds(10), cmd);
    }

    /** chronyd's own log. */
    String log() {
        try {
            return Files.readString(dir.resolve("chronyd.log"));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    @Override
    public void close() {
        Tools.stop(process);
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        assertThat(process.isAlive()).isFalse();
    }
}
