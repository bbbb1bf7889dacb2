// Writes a file all at once (temporary file, fsync, rename) with a given mode, owner and time; reads metadata back.
package dev.jntp.cli.audit;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;

/**
 * A reader of the file sees the old content or the new, never a part: the new content goes to a temporary file
 * in the same directory, is flushed to disk, gets its mode, owner and time, and is renamed over the target; the
 * directory is flushed too. Setting an owner needs root (CAP_CHOWN): when that fails and the owner would change,
 * the caller hears of it.
 */
final class AtomicFiles {

    /**
     * A file's metadata.
     *
     * @param mode permission bits
     * @param uid owner
     * @param gid group
     * @param mtime modification time
     */
    record Meta(int mode, int uid, int gid, Instant mtime) {

        /** The metadata of an existing file or directory (not following a final link). */
        static Meta of(Path p) throws IOException {
            return new Meta((Integer) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS) & 07777,
                    (Integer) Files.getAttribute(p, "unix:uid", LinkOption.NOFOLLOW_LINKS),
                    (Integer) Files.getAttribute(p, "unix:gid", LinkOption.NOFOLLOW_LINKS),
                    Files.getLastModifiedTime(p, LinkOption.NOFOLLOW_LINKS).toInstant());
        }
    }

    private AtomicFiles() {}

    /**
     * Replaces {@code target} with {@code data}; {@code meta} null keeps a new file's defaults (mode 0644).
     *
     * @throws IOException when writing, renaming, or giving the owner fails
     */
    static void write(Path target, byte[] data, Meta meta, int newMode) throws IOException {
        Path dir = target.getParent();
        Path tmp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".jntp-tmp");
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer b = ByteBuffer.wrap(data);
                while (b.hasRemaining()) {
                    ch.write(b);
                }
                ch.force(true);
            }
            Files.setAttribute(tmp, "unix:mode", meta != null ? meta.mode() : newMode);
            if (meta != null) {
                owner(tmp, meta.uid(), meta.gid());
                Files.setLastModifiedTime(tmp, FileTime.from(meta.mtime()));
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("cannot rename atomically into " + dir + ": " + e.getMessage(), e);
            }
            syncDirectory(dir);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Gives {@code p} an owner and group, unless it has them already. */
    static void owner(Path p, int uid, int gid) throws IOException {
        if ((Integer) Files.getAttribute(p, "unix:uid", LinkOption.NOFOLLOW_LINKS) != uid) {
            Files.setAttribute(p, "unix:uid", uid, LinkOption.NOFOLLOW_LINKS);
        }
        if ((Integer) Files.getAttribute(p, "unix:gid", LinkOption.NOFOLLOW_LINKS) != gid) {
            Files.setAttribute(p, "unix:gid", gid, LinkOption.NOFOLLOW_LINKS);
        }
    }

    /** Flushes a directory's entries to disk (so a rename survives a crash). */
    static void syncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            // some file systems cannot sync a directory; the rename itself was done
        }
    }
}
