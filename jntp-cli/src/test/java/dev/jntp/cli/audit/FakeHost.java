// Test helper: a host's files under a temporary root (configs, /etc/passwd, logrotate, units, firewall, /proc).
package dev.jntp.cli.audit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes files by their host path under {@code root}. */
record FakeHost(Path root) {

    /** Writes {@code text} at the host path, creating directories. */
    FakeHost file(String hostPath, String text) {
        try {
            Path p = root.resolve(hostPath.substring(1));
            Files.createDirectories(p.getParent());
            Files.writeString(p, text);
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Creates the directory at the host path. */
    FakeHost dir(String hostPath) {
        try {
            Files.createDirectories(root.resolve(hostPath.substring(1)));
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A link at the host path to {@code target} (as systemctl enable makes them). */
    FakeHost link(String hostPath, String target) {
        try {
            Path p = root.resolve(hostPath.substring(1));
            Files.createDirectories(p.getParent());
            Files.createSymbolicLink(p, Path.of(target));
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Where a host path is. */
    Path path(String hostPath) {
        return root.resolve(hostPath.substring(1));
    }

    /** /etc/passwd and /etc/group naming the daemons' users with this uid and primary gid. */
    FakeHost accounts(int uid, int gid) {
        return file("/etc/passwd", "root:x:0:0:root:/root:/bin/bash\n_chrony:x:" + uid + ":" + gid
                + "::/var/lib/chrony:/usr/sbin/nologin\njntp:x:" + uid + ":" + gid + "::/var/lib/jntp:/usr/sbin/nologin\n")
                .file("/etc/group", "root:x:0:\nchrony:x:" + gid + ":\nadm:x:4:jntp\n");
    }

    /** A /proc/net/udp line for a socket bound to {@code hexAddress:port}. */
    static String udpLine(String hexAddress, int port) {
        return String.format("   1: %s:%04X 00000000:0000 07 00000000:00000000 00:00000000 00000000   105        0 1 2"
                + " 0000000000000000 0%n", hexAddress, port);
    }

    /** The header line of /proc/net/udp. */
    static final String UDP_HEADER = "   sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid"
            + "  timeout inode ref pointer drops\n";
}
