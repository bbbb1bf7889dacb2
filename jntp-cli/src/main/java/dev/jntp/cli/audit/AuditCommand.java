// 'jntp audit': grades an NTP server's configuration (and, with --live, the running host) with findings and fixes.
package dev.jntp.cli.audit;

import dev.jntp.config.audit.Audit;
import dev.jntp.config.audit.AuditResult;
import dev.jntp.config.audit.LiveFacts;
import java.io.IOException;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Prints the Markdown report (or JSON) and exits with the worst severity found. */
@Command(name = "audit", mixinStandardHelpOptions = true, exitCodeOnInvalidInput = AuditCommand.USAGE,
        exitCodeOnExecutionException = AuditCommand.USAGE,
        description = {"Audit an NTP server's configuration (chrony.conf, ntp.conf or jntp.conf): findings with "
                + "evidence (FILE:LINE or command output), why they matter and the fix, and a grade A to F by the "
                + "rules of docs/audit.md.",
            "With --live also the running host: the daemon's state, listening sockets, the log directory, log "
                    + "rotation, the boot-time sync unit and the firewall (each read-only; skipped with a note "
                    + "when it cannot be read).",
            "Exit status: 0 no finding (or info only), 1 low, 2 medium, 3 high, 4 critical; 64 usage, 66 no "
                    + "configuration."})
public final class AuditCommand implements Callable<Integer> {

    /** EX_USAGE. */
    static final int USAGE = 64;
    /** EX_NOINPUT. */
    static final int NO_INPUT = 66;

    @CommandLine.Mixin
    TargetOptions target = new TargetOptions();

    @Option(names = "--json", description = "print JSON instead of Markdown")
    boolean json;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        AuditTarget t = target.open(spec);
        if (t == null) {
            return NO_INPUT;
        }
        LiveFacts facts = target.facts(t);
        String host = facts != null ? LiveProbes.hostName(t.root()) : null;
        AuditResult r = Audit.run(t.model(), facts);
        if (json) {
            AuditReport.json(System.out, r, host);
        } else {
            System.out.print(AuditReport.markdown(r, host));
        }
        return r.exitStatus();
    }
}
