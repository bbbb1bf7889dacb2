// Maps the audited host's paths onto the file system under --root, and refuses writes that would leave it.
package dev.jntp.cli.audit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * {@code --root DIR} treats DIR as {@code /} for every path read and written: {@code /etc/chrony.conf} is
 * {@code DIR/etc/chrony.conf}. A host path is made absolute and normalised first, so {@code ..} cannot climb
 * above DIR. Writes also refuse a path with a symbolic link between DIR and the file: a link could point out of
 * DIR (a backup being restored is input, and its paths are checked the same way).
 *
 * @param dir the directory that stands for {@code /}
 */
public record HostRoot(Path dir) {

    public HostRoot {
        dir = dir.toAbsolutePath().normalize();
    }

    /** The real file system's root. */
    public static HostRoot system() {
        return new HostRoot(Path.of("/"));
    }

    /** Whether this is the running host itself (no --root). */
    public boolean isSystem() {
        return dir.getParent() == null;
    }

    /** The host path made absolute and normalised ("etc/x/../y" is "/etc/y"). */
    public static String normalise(String hostPath) {
        return Path.of("/").resolve(hostPath).normalize().toString();
    }

    /** Where a host path is under the root. */
    public Path resolve(String hostPath) {
        String p = normalise(hostPath);
        return p.equals("/") ? dir : dir.resolve(p.substring(1));
    }

    /** The host path of a file under the root. */
    public String hostPath(Path file) {
        Path rel = dir.relativize(file.toAbsolutePath().normalize());
        return "/" + rel.toString().replace('\\', '/');
    }

    /**
     * Where a host path is under the root, for writing: every existing directory between the root and the file
     * must be a real directory and the file, if it exists, a regular file, none of them a link.
     *
     * @throws IOException naming the link or the odd file
     */
    public Path resolveForWrite(String hostPath) throws IOException {
        Path target = resolve(hostPath);
        Path p = dir;
        for (Path part : dir.relativize(target)) {
            p = p.resolve(part);
            if (Files.isSymbolicLink(p)) {
                throw new IOException(p + " is a symbolic link; refusing to write through it");
            }
            if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
                break;
            }
            if (!p.equals(target) && !Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                throw new IOException(p + " is not a directory");
            }
        }
        if (Files.exists(target, LinkOption.NOFOLLOW_LINKS) && !Files.isRegularFile(target, LinkOption.NOFOLLOW_LINKS)
                && !Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
            throw new IOException(target + " is not a regular file");
        }
        return target;
    }
}
