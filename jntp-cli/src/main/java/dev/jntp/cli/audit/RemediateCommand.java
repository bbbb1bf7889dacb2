// 'jntp remediate': shows the hardened configuration as a diff; with --apply backs up, writes, checks and re-grades.
package dev.jntp.cli.audit;

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
        description = {"Propose the hardened configuration for the audited server, as a diff; with --apply, back up "
                + "every file it changes (a timestamped tar.gz in /var/backups/jntp/), write the new files "
                + "atomically, check them and print the grade before and after. 'jntp rollback' undoes it.",
            "Exit status: 0 shown or applied, 1 not applied (invalid result, write failed: restored), 64 usage, "
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
        if (!apply) {
            if (!work.isEmpty()) {
                System.out.println("Nothing changed yet: run again with --apply to back up and write.");
            }
            return 0;
        }
        if (work.isEmpty()) {
            System.out.println("Nothing to apply.");
            return 0;
        }
        String invalid = invalid(t, plan.newConfig(), next);
        if (invalid != null) {
            System.err.println("jntp remediate: not applied: " + invalid);
            return 1;
        }
        HostRoot root = t.root();
        Path backup = Backup.create(root, work.changes(), root.resolve(backupDir), Instant.now());
        try {
            work.apply();
        } catch (IOException | RuntimeException e) {
            System.err.println("jntp remediate: writing failed (" + e.getMessage() + "); restoring the backup");
            Backup.restore(root, backup);
            return 1;
        }
        AuditTarget again;
        try {
            again = AuditTarget.open(root, t.hostPath(), t.kind());
        } catch (AuditTarget.NoInput e) {
            System.err.println("jntp remediate: " + e.getMessage() + "; restoring the backup");
            Backup.restore(root, backup);
            return 1;
        }
        AuditResult after = Audit.run(again.model(), target.facts(again));
        String backupPath = root.hostPath(backup);
        System.out.println("Applied. Backup: " + backupPath);
        System.out.println("Grade before: " + grade(before) + ", after: " + grade(after));
        System.out.println("Undo with: jntp rollback " + backupPath + (root.isSystem() ? "" : " --root " + root.dir()));
        return 0;
    }

    private static String grade(AuditResult r) {
        return r.grade().letter() + " (" + r.grade().score() + ")";
    }

    /** Why the new configuration must not be written, or null: jntp's parser, or new syntax errors. */
    private static String invalid(AuditTarget t, String newText, ServerModel next) {
        if (t.kind() == ConfigKind.JNTP) {
            if (ConfigParser.parse(t.hostPath(), newText) instanceof ConfigResult.Invalid bad) {
                return "jntp would refuse the result: " + bad.errors().getFirst()
                        + (t.model().errors().isEmpty() ? "" : " (fix the configuration's own errors first)");
            }
        } else if (next.errors().size() > t.model().errors().size()) {
            return "the result has lines " + (t.kind() == ConfigKind.NTP ? "ntpd" : "chronyd") + " cannot read: "
                    + next.errors().getFirst();
        }
        return null;
    }
}
