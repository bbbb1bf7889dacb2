// Keeps the NTS cookie keys in ntsdumpdir: reloads them at start, rotates them, and shares them with other servers.
package dev.jntp.daemon.nts;

import dev.jntp.engine.nts.CookieKeys;
import dev.jntp.engine.nts.KeyFile;
import dev.jntp.engine.nts.KeyFileResult;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;

/**
 * The cookie keys and where they live. With a directory ({@code ntsdumpdir}) each
 * {@link #update} reads {@code DIR/ntskeys}, merges it with the keys in memory (the file wins on
 * the same id), rotates ({@link CookieKeys#rotate}) and writes the file back when that changed
 * anything: atomically (a temporary file of mode 0600, flushed, then renamed over the old one),
 * inside the directory (mode 0700 when jntp creates it), holding a lock on {@code DIR/ntskeys.lock}
 * (and a lock within this JVM, for several daemons in one process) so that servers sharing the
 * directory do not rotate at once. So a restarted server, and every server sharing the directory,
 * knows every key the others seal cookies with, and the next key before it takes over.
 *
 * <p>With {@code ntsrotate 0} the keys are managed outside jntp: the file is read and never
 * written; without a file, one key is made and kept in memory. Without a directory the keys live
 * in memory only and a restart invalidates every cookie (clients then see NTS NAKs and run
 * NTS-KE again).
 */
final class CookieKeyStore {

    private static final ConcurrentHashMap<Path, ReentrantLock> LOCKS = new ConcurrentHashMap<>();

    private final Path dir;
    private final long rotateSeconds;
    private final RandomGenerator random;
    private final Consumer<String> warn;
    private CookieKeys keys = CookieKeys.empty();
    private String lastProblem;

    /**
     * @param dir the directory, or null for memory only
     * @param rotateSeconds {@code ntsrotate}
     * @param random the source of new keys (SecureRandom)
     */
    CookieKeyStore(Path dir, long rotateSeconds, RandomGenerator random, Consumer<String> warn) {
        this.dir = dir;
        this.rotateSeconds = rotateSeconds;
        this.random = random;
        this.warn = warn;
    }

    /** The key file, or null without a directory. */
    Path file() {
        return dir == null ? null : dir.resolve(KeyFile.NAME);
    }

    /**
     * Reloads, rotates and saves the keys for {@code nowSeconds}; returns them. A directory that
     * cannot be written is reported once (through {@code warn}) and the keys in memory are used.
     */
    synchronized CookieKeys update(long nowSeconds) {
        if (dir == null) {
            keys = keys.rotate(nowSeconds, rotateSeconds, random);
            return keys;
        }
        ReentrantLock local = LOCKS.computeIfAbsent(dir.toAbsolutePath().normalize(), p -> new ReentrantLock());
        local.lock();
        try {
            if (rotateSeconds > 0) {
                Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(
                        PosixFilePermissions.fromString("rwx------")));
            }
            if (rotateSeconds == 0 || !Files.isDirectory(dir)) {
                keys = read().merge(keys).rotate(nowSeconds, 0, random);
                return keys;
            }
            try (FileChannel lockFile = FileChannel.open(dir.resolve(KeyFile.NAME + ".lock"), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE); FileLock lock = lockFile.lock()) {
                CookieKeys onDisk = read();
                CookieKeys next = onDisk.merge(keys).rotate(nowSeconds, rotateSeconds, random);
                if (!next.equals(onDisk)) {
                    write(next);
                }
                keys = next;
            }
            lastProblem = null;
        } catch (IOException | RuntimeException e) {
            String problem = "cannot keep the NTS cookie keys in " + dir + ": " + e
                    + " (cookies will not survive a restart nor be shared; check ntsdumpdir and its permissions)";
            if (!problem.equals(lastProblem)) {
                warn.accept(problem);
                lastProblem = problem;
            }
            keys = keys.rotate(nowSeconds, rotateSeconds, random);
        } finally {
            local.unlock();
        }
        return keys;
    }

    /** The keys in the file; none when there is no file or it is not a key file (reported). */
    private CookieKeys read() throws IOException {
        String text;
        try {
            text = Files.readString(file(), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return CookieKeys.empty();
        }
        return switch (KeyFile.parse(text)) {
            case KeyFileResult.Parsed p -> p.keys();
            case KeyFileResult.Rejected r -> {
                warn.accept(file() + ":" + r.line() + ": not a jntp NTS key file (" + r.message() + "); "
                        + (rotateSeconds > 0 ? "it will be replaced" : "no keys read from it"));
                yield CookieKeys.empty();
            }
        };
    }

    private void write(CookieKeys k) throws IOException {
        Path tmp = Files.createTempFile(dir, "." + KeyFile.NAME, ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ByteBuffer b = ByteBuffer.wrap(KeyFile.format(k).getBytes(StandardCharsets.UTF_8));
                while (b.hasRemaining()) {
                    ch.write(b);
                }
                ch.force(true);
            }
            Files.move(tmp, file(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
