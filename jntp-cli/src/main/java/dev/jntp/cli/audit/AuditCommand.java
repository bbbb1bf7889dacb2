// 'jntp audit': grades an NTP server's configuration (and, with --live, the running host) with findings and fixes.
package dev.jntp.cli.audit;

import dev.jntp.config.audit.Audit;
import dev.jntp.config.audit.AuditResult;
import dev.jntp.config.audit.LiveFacts;
import dev.jntp.config.convert.ConfigKind;
import java.io.IOException;
import java.nio.file.Path;
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

    @Option(names = {"-c", "--config"}, paramLabel = "FILE", description = "the configuration (a path on the "
            + "audited host; default: the first of /etc/jntp/jntp.conf, /etc/chrony/chrony.conf, /etc/chrony.conf, "
            + "/etc/ntpsec/ntp.conf, /etc/ntp.conf)")
    String config;

    @Option(names = "--kind", paramLabel = "chrony|ntp|jntp", description = "the configuration's syntax (default: "
            + "told from its name and directives)")
    String kind;

    @Option(names = "--root", paramLabel = "DIR", description = "treat DIR as / for every path read (default /)")
    Path root;

    @Option(names = "--json", description = "print JSON instead of Markdown")
    boolean json;

    @Option(names = "--live", description = "also probe the running host (read-only)")
    boolean live;

    @Option(names = "--socket", paramLabel = "PATH", description = "a jntp daemon's control socket for --live "
            + "(default: the configuration's bindcmdaddress)")
    Path socket;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        AuditTarget t;
        try {
            t = AuditTarget.open(root == null ? HostRoot.system() : new HostRoot(root), config, kind(spec, kind));
        } catch (AuditTarget.NoInput e) {
            System.err.println("jntp audit: " + e.getMessage());
            return NO_INPUT;
        }
        LiveFacts facts = live ? LiveProbes.probe(t, socket) : null;
        String host = live ? LiveProbes.hostName(t.root()) : null;
        AuditResult r = Audit.run(t.model(), facts);
        if (json) {
            AuditReport.json(System.out, r, host);
        } else {
            System.out.print(AuditReport.markdown(r, host));
        }
        return r.exitStatus();
    }

    /** The --kind option's value, or null to detect. */
    static ConfigKind kind(CommandLine.Model.CommandSpec spec, String kind) {
        if (kind == null) {
            return null;
        }
        return ConfigKind.ofLabel(kind).orElseThrow(() -> new CommandLine.ParameterException(spec.commandLine(),
                "--kind must be chrony, ntp or jntp, not '" + kind + "'"));
    }
}
