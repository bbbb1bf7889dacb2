// The options 'jntp audit' and 'jntp remediate' share: which configuration, its kind, the root, the live probes.
package dev.jntp.cli.audit;

import dev.jntp.config.audit.LiveFacts;
import dev.jntp.config.convert.ConfigKind;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** A picocli mixin. */
public final class TargetOptions {

    @Option(names = {"-c", "--config"}, paramLabel = "FILE", description = "the configuration (a path on the "
            + "audited host; default: the first of /etc/jntp/jntp.conf, /etc/chrony/chrony.conf, /etc/chrony.conf, "
            + "/etc/ntpsec/ntp.conf, /etc/ntp.conf)")
    String config;

    @Option(names = "--kind", paramLabel = "chrony|ntp|jntp", description = "the configuration's syntax (default: "
            + "told from its name and directives)")
    String kind;

    @Option(names = "--root", paramLabel = "DIR", description = "treat DIR as / for every path read and written "
            + "(default /)")
    Path root;

    @Option(names = "--live", description = "also probe the running host (read-only)")
    boolean live;

    @Option(names = "--socket", paramLabel = "PATH", description = "a jntp daemon's control socket for --live "
            + "(default: the configuration's bindcmdaddress)")
    Path socket;

    /** The root the options name. */
    HostRoot hostRoot() {
        return root == null ? HostRoot.system() : new HostRoot(root);
    }

    /** The configuration, found, read and modelled; null when there is none (the reason printed). */
    AuditTarget open(CommandLine.Model.CommandSpec spec) {
        try {
            return AuditTarget.open(hostRoot(), config, kind(spec));
        } catch (AuditTarget.NoInput e) {
            System.err.println("jntp " + spec.name() + ": " + e.getMessage());
            return null;
        }
    }

    /** The live facts, or null without --live. */
    LiveFacts facts(AuditTarget t) {
        return live ? LiveProbes.probe(t, socket) : null;
    }

    private ConfigKind kind(CommandLine.Model.CommandSpec spec) {
        if (kind == null) {
            return null;
        }
        return ConfigKind.ofLabel(kind).orElseThrow(() -> new CommandLine.ParameterException(spec.commandLine(),
                "--kind must be chrony, ntp or jntp, not '" + kind + "'"));
    }
}
