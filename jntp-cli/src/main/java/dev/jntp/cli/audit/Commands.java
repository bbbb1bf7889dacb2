// Runs the read-only commands the live probes use (chronyc, nft), found on PATH, bounded in time and output.
package dev.jntp.cli.audit;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** A command's standard output, or why there is none. Commands never get input; their stderr is discarded. */
final class Commands {

    /** Largest output read. */
    static final int MAX_OUTPUT = 1 << 20;

    private Commands() {}

    /** The executable named {@code name} on PATH, if any. */
    static Optional<Path> find(String name) {
        String path = System.getenv().getOrDefault("PATH", "/usr/sbin:/usr/bin:/sbin:/bin");
        for (String dir : path.split(File.pathSeparator)) {
            if (!dir.isEmpty()) {
                Path p = Path.of(dir, name);
                if (Files.isExecutable(p) && !Files.isDirectory(p)) {
                    return Optional.of(p);
                }
            }
        }
        return Optional.empty();
    }

    /**
     * Runs {@code command} and returns its standard output.
     *
     * @throws IOException when it cannot start, exits non-zero (with its status), or outlasts {@code limit}
     */
    static String run(List<String> command, Duration limit) throws IOException {
        Process p = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        java.util.concurrent.CompletableFuture<byte[]> output = new java.util.concurrent.CompletableFuture<>();
        Thread.ofVirtual().name("probe-output").start(() -> {
            try (InputStream out = p.getInputStream()) {
                byte[] bytes = out.readNBytes(MAX_OUTPUT);
                out.transferTo(OutputStream.nullOutputStream()); // the rest, so the command is never blocked
                output.complete(bytes);
            } catch (IOException e) {
                output.completeExceptionally(e);
            }
        });
        try {
            if (!p.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new IOException(String.join(" ", command) + " gave no answer within " + limit.toSeconds() + " s");
            }
            byte[] bytes = output.get(limit.toMillis(), TimeUnit.MILLISECONDS);
            if (p.exitValue() != 0) {
                throw new IOException(String.join(" ", command) + " exited with status " + p.exitValue());
            }
            return new String(bytes, StandardCharsets.UTF_8);
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running " + command.getFirst(), e);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            p.destroyForcibly();
            throw new IOException("cannot read the output of " + command.getFirst() + ": " + e, e);
        }
    }
}
