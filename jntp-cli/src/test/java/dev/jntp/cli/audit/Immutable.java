// Test helper: makes a file or directory immutable with chattr (ext4 and the like), so that even root's writes fail.
package dev.jntp.cli.audit;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The tests run as root, which file modes do not stop; the immutable attribute does (rename over the file,
 * creating a file in the directory: EPERM). {@link #set} says whether it worked (chattr installed, the file system
 * supports it, CAP_LINUX_IMMUTABLE), so that a test can be skipped where it does not; {@link AutoCloseable#close}
 * clears it again so that the temporary directory can be deleted.
 */
record Immutable(Path path) implements AutoCloseable {

    /** The attribute set on {@code path}, or null when that is not possible here. */
    static Immutable set(Path path) {
        return chattr("+i", path) ? new Immutable(path) : null;
    }

    @Override
    public void close() {
        chattr("-i", path);
    }

    private static boolean chattr(String flag, Path path) {
        try {
            Process p = new ProcessBuilder("chattr", flag, path.toString()).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
