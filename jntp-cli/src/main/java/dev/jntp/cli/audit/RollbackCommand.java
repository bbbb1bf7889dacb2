// 'jntp rollback': restores exactly what a backup of 'jntp remediate --apply' holds, the newest when none is named.
package dev.jntp.cli.audit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Puts files back with their contents, modes, owners and times; removes what the remediation created. */
@Command(name = "rollback", mixinStandardHelpOptions = true, exitCodeOnInvalidInput = AuditCommand.USAGE,
        exitCodeOnExecutionException = 1,
        description = {"Restore a backup taken by 'jntp remediate --apply': every file as it was (content, mode, "
                + "owner, time), directories' modes and owners; the files, links and empty directories the "
                + "remediation created (listed in the backup's manifest) are removed. Without BACKUP, the newest "
                + "in the backup directory.",
            "The whole backup is checked before anything changes: a damaged or truncated archive, an entry that is "
                    + "not a regular file (a link, a device), a path that is absolute or climbs out with '..', a "
                    + "missing or unknown manifest line, or a link on the way to a file is refused with the reason, "
                    + "and nothing is written.",
            "Exit status: 0 restored, 1 not (the reason is printed), 64 usage."})
public final class RollbackCommand implements Callable<Integer> {

    @Parameters(arity = "0..1", paramLabel = "BACKUP", description = "the backup (a path on the host)")
    String backup;

    @Option(names = "--root", paramLabel = "DIR", description = "treat DIR as / for every path, BACKUP and "
            + "--backup-dir included (default /)")
    Path root;

    @Option(names = "--backup-dir", paramLabel = "DIR", defaultValue = "/var/backups/jntp",
            description = "where to look for the newest backup (default ${DEFAULT-VALUE})")
    String backupDir;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        HostRoot r = root == null ? HostRoot.system() : new HostRoot(root);
        Path file;
        if (backup != null) {
            file = r.isSystem() ? Path.of(backup).toAbsolutePath() : r.resolve(backup);
        } else {
            Optional<Path> newest = Backup.newest(r.resolve(backupDir));
            if (newest.isEmpty()) {
                System.err.println("jntp rollback: no backup in " + backupDir);
                return 1;
            }
            file = newest.get();
        }
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            System.err.println("jntp rollback: " + r.hostPath(file) + ": " + (Files.exists(file)
                    ? "not a readable file" : "no such backup"));
            return 1;
        }
        try {
            for (String line : Backup.restore(r, file)) {
                System.out.println(line);
            }
        } catch (IOException | RuntimeException e) {
            System.err.println("jntp rollback: " + r.hostPath(file) + ": " + e.getMessage());
            return 1;
        }
        System.out.println("Restored " + r.hostPath(file) + ". Restart the time daemon to read the configuration.");
        return 0;
    }
}
