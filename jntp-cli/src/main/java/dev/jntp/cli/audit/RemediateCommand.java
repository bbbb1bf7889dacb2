// 'jntp remediate': shows the hardened configuration as a diff; with --apply backs up, writes, checks and re-grades.
package dev.jntp.cli.audit;

import dev.jntp.config.ConfigError;
import dev.jntp.config.ConfigParser;
import dev.jntp.config.ConfigResult;
import dev.jntp.config.audit.Audit;
import dev.jntp.config.audit.AuditResult;
import dev.jntp.config.audit.LiveFacts;
import dev.jntp.config.audit.Remediation;
import dev.jntp.config.audit.RemediationPlan;
import dev.jntp.config.audit.ServerModel;
import dev.jntp.config.convert.ConfigKind;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Audits as {@code jntp audit} does, computes the remediation, prints it (unified diffs, directories, links,
 * manual steps, the grade now and with the changes); with {@code --apply} takes a backup of every file it will
 * change, writes the files atomically, reads them back, audits again and prints the grade before and after. A
 * write that fails midway is undone from the backup at once.
 */
@Command(name = "remediate", mixinStandardHelpOptions = true, exitCodeOnInvalidInput = AuditCommand.USAGE,
        exitCodeOnExecutionException = 1,
        description = {"Propose the hardened configuration for the audited server, shown as a unified diff; with "
                + "--apply, back up every file it changes (a timestamped tar.gz in /var/backups/jntp/), write the new "
                + "files atomically (temporary file, fsync, rename; mode and owner kept), check them and print the "
                + "grade before and after. 'jntp rollback' undoes it.",
            "The audited file is edited in its own syntax, in place: a chrony.conf or jntp.conf keeps its comments "
                    + "and lines (a line at fault is amended, or commented out with the reason; what is missing is "
                    + "appended in blocks that name the findings); an ntp.conf likewise, so that the ntpd or NTPsec "
                    + "that reads it is hardened (to move to jntp instead: 'jntp config import', then remediate the "
                    + "jntp.conf). With --live also the log directory, a logrotate file and the boot-time wait unit. "
                    + "Keys, certificates, firewall rules and other machines are listed as steps to do by hand.",
            "Nothing is written unless the result checks: a jntp.conf must pass 'jntp config check', a chrony.conf "
                    + "must gain no error there nor a directive chronyd does not know, an ntp.conf no line ntpd "
                    + "cannot read; nor when the backup cannot be written. A write that fails midway is undone "
                    + "from the backup at once.",
            "Exit status: 0 shown, applied, or nothing to change; 1 not applied (the reason is printed); 64 usage; "
                    + "66 no configuration."})
public final class RemediateCommand implements Callable<Integer> {

    @CommandLine.Mixin
    TargetOptions target = new TargetOptions();

    @Option(names = "--apply", description = "back up, then write the changes")
    boolean apply;

    @Option(names = "--backup-dir", paramLabel = "DIR", defaultValue = "/var/backups/jntp",
            description = "where backups go, a path on the audited host (default ${DEFAULT-VALUE})")
    String backupDir;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        AuditTarget t = target.open(spec);
        if (t == null) {
            return AuditCommand.NO_INPUT;
        }
        LiveFacts facts = target.facts(t);
        AuditResult before = Audit.run(t.model(), facts);
        RemediationPlan plan = Remediation.plan(t.model(), t.text(), before, facts);
        RemediationWork work;
        try {
            work = RemediationWork.of(t, plan);
        } catch (IOException e) {
            System.err.println("jntp remediate: " + e.getMessage());
            return 1;
        }
        ServerModel next = Audit.model(t.hostPath(), plan.newConfig(), t.kind(),
                dev.jntp.cli.TextFiles.includes(p -> t.root().resolve(p.toString())));
        AuditResult predicted = Audit.run(next, null);
        System.out.print(work.describe());
        List<String> manual = new java.util.ArrayList<>(plan.manual());
        manual.addAll(work.manual);
        if (!manual.isEmpty()) {
            System.out.println("\nTo do by hand:");
            manual.forEach(m -> System.out.println("  - " + m));
        }
        System.out.println("\nGrade now: " + grade(before) + "; the configuration with these changes: "
                + grade(predicted) + (facts != null ? " (live checks not counted)" : ""));
        String invalid = invalid(t, plan.newConfig(), next);
        if (work.isEmpty()) {
            System.out.println("Nothing to change.");
            return 0;
        }
        if (invalid != null) {
            System.err.println("jntp remediate: " + (apply ? "not applied: " : "would not be applied: ") + invalid);
            return 1;
        }
        if (!apply) {
            System.out.println("Nothing changed yet: run again with --apply to back up and write.");
            return 0;
        }
        HostRoot root = t.root();
        Path backup;
        try {
            backup = Backup.create(root, work.changes(), root.resolveForWrite(backupDir), Instant.now());
        } catch (IOException | RuntimeException e) {
            System.err.println("jntp remediate: not applied: cannot write the backup in " + backupDir + ": "
                    + e.getMessage() + " (nothing was changed; name a writable directory with --backup-dir)");
            return 1;
        }
        String backupPath = root.hostPath(backup);
        try {
            work.apply();
        } catch (IOException | RuntimeException e) {
            System.err.println("jntp remediate: writing failed (" + e + "); restoring the backup " + backupPath);
            return restore(root, backup);
        }
        AuditTarget again;
        try {
            again = AuditTarget.open(root, t.hostPath(), t.kind());
        } catch (AuditTarget.NoInput e) {
            System.err.println("jntp remediate: " + e.getMessage() + "; restoring the backup " + backupPath);
            return restore(root, backup);
        }
        AuditResult after = Audit.run(again.model(), target.facts(again));
        System.out.println("Applied. Backup: " + backupPath);
        System.out.println("Grade before: " + grade(before) + ", after: " + grade(after));
        System.out.println("Undo with: jntp rollback " + backupPath + (root.isSystem() ? "" : " --root " + root.dir()));
        return 0;
    }

    /** Undoes a failed --apply from its backup; exit status 1 either way. */
    private static int restore(HostRoot root, Path backup) {
        try {
            Backup.restore(root, backup);
            System.err.println("jntp remediate: restored; nothing is changed");
        } catch (IOException | RuntimeException e) {
            System.err.println("jntp remediate: restoring failed too (" + e.getMessage() + "): run 'jntp rollback "
                    + root.hostPath(backup) + "' once the cause is fixed");
        }
        return 1;
    }

    private static String grade(AuditResult r) {
        return r.grade().letter() + " (" + r.grade().score() + ")";
    }

    /**
     * Why the new configuration must not be written, or null. A jntp.conf must pass {@code jntp config check}; a
     * chrony.conf must give jntp's parser no error it did not give before (the directives jntp does not implement
     * stay as they were) and chronyd no unknown directive; an ntp.conf no line ntpd cannot read.
     */
    static String invalid(AuditTarget t, String newText, ServerModel next) {
        if (t.kind() != ConfigKind.NTP) {
            List<ConfigError> added = errors(t.hostPath(), newText);
            if (t.kind() == ConfigKind.CHRONY) {
                for (ConfigError old : errors(t.hostPath(), t.text())) {
                    added.stream().filter(e -> e.message().equals(old.message())).findFirst().ifPresent(added::remove);
                }
            }
            if (!added.isEmpty()) {
                return "jntp config check would refuse the result: " + added.getFirst()
                        + (t.model().errors().isEmpty() ? "" : " (fix the configuration's own errors first)");
            }
        }
        if (next.errors().size() > t.model().errors().size()) {
            return "the result has lines " + (t.kind() == ConfigKind.NTP ? "ntpd" : "chronyd") + " cannot read: "
                    + next.errors().getLast();
        }
        return null;
    }

    /** jntp's parser's errors in a text (a mutable list). */
    private static List<ConfigError> errors(String file, String text) {
        return ConfigParser.parse(file, text) instanceof ConfigResult.Invalid bad
                ? new java.util.ArrayList<>(bad.errors()) : new java.util.ArrayList<>();
    }
}
