// Creates the statistics log directory when missing and turns "cannot write there" into a start error that names it.
package dev.jntp.daemon.stats;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The log directory's checks at start. A missing directory is created (with its parents) mode
 * 0755, owned by the user the daemon runs as, which is the user that writes it: under systemd
 * with {@code User=jntp} that is jntp. A directory the daemon cannot write is an error that
 * names the directory, its owner and mode, and the daemon's user, with the fix: the first
 * finding of the remediation in the field document jntp started from was a chrony log
 * directory nobody could write, noticed only because the logs stayed empty.
 */
final class LogDirectory {

    private static final Logger LOG = LoggerFactory.getLogger(LogDirectory.class);

    private LogDirectory() {}

    /** Creates {@code dir} if missing and checks that this process may create files in it. */
    static void prepare(Path dir) throws IOException {
        if (Files.notExists(dir, LinkOption.NOFOLLOW_LINKS) && !Files.isSymbolicLink(dir)) {
            try {
                Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(
                        PosixFilePermissions.fromString("rwxr-xr-x")));
            } catch (IOException e) {
                throw new IOException("cannot create the statistics log directory " + dir + " as " + user() + ": "
                        + e + " (fix: create it and give it to that user, e.g. 'install -d -o " + userName() + " "
                        + dir + "', or set logdir to a directory that user may write)", e);
            }
            LOG.info("created the statistics log directory {} (owner {}, mode 0755)", dir, userName());
        }
        if (!Files.isDirectory(dir)) {
            throw new IOException("the statistics log directory " + dir + " is not a directory (fix: remove or "
                    + "rename that file, or set logdir to a directory)");
        }
        if (!Files.isWritable(dir) || !Files.isExecutable(dir)) {
            throw notWritable(dir, null);
        }
    }

    /** The start error for a directory or file this process cannot write. */
    static IOException notWritable(Path p, IOException cause) {
        return new IOException("the statistics log " + (Files.isDirectory(p) ? "directory " : "file ") + p
                + " is not writable by " + user() + describe(p) + (cause != null ? ": " + cause : "")
                + " (fix: 'chown " + userName() + " " + p + "', or set logdir to a directory that user may write)",
                cause);
    }

    /** " (owner root, mode rwxr-xr-x)", or nothing when the attributes cannot be read. */
    private static String describe(Path p) {
        try {
            PosixFileAttributes a = Files.readAttributes(p, PosixFileAttributes.class);
            return " (owner " + a.owner().getName() + ", mode " + PosixFilePermissions.toString(a.permissions()) + ")";
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return "";
        }
    }

    /** "user jntp (uid 999)", as far as it can be told. */
    private static String user() {
        try {
            Object uid = Files.getAttribute(Path.of("/proc/self"), "unix:uid");
            return "user " + userName() + " (uid " + uid + ")";
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException | SecurityException e) {
            return "user " + userName();
        }
    }

    private static String userName() {
        return System.getProperty("user.name", "?");
    }
}
