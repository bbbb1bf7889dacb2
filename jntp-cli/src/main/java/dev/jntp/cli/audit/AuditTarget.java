// The configuration an audit or a remediation works on: found under --root, read, its kind told, its model built.
package dev.jntp.cli.audit;

import dev.jntp.cli.TextFiles;
import dev.jntp.config.audit.Audit;
import dev.jntp.config.audit.Defaults;
import dev.jntp.config.audit.ServerModel;
import dev.jntp.config.convert.ConfigKind;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

/**
 * Without {@code --config} the first that exists of /etc/jntp/jntp.conf, /etc/chrony/chrony.conf,
 * /etc/chrony.conf, /etc/ntpsec/ntp.conf and /etc/ntp.conf (under the root) is audited.
 *
 * @param root where the host's files are
 * @param hostPath the configuration's path as the host names it
 * @param text its text
 * @param kind its syntax
 * @param model what the rules read
 */
public record AuditTarget(HostRoot root, String hostPath, String text, ConfigKind kind, ServerModel model) {

    /** The configuration cannot be found or read (exit 66, EX_NOINPUT). */
    public static final class NoInput extends Exception {
        private static final long serialVersionUID = 1L;

        NoInput(String message) {
            super(message);
        }
    }

    /** Finds, reads and models the configuration. */
    public static AuditTarget open(HostRoot root, String config, ConfigKind kind) throws NoInput {
        String path = config;
        if (path == null) {
            List<String> candidates = new ArrayList<>();
            for (ConfigKind k : List.of(ConfigKind.JNTP, ConfigKind.CHRONY, ConfigKind.NTP)) {
                candidates.addAll(Defaults.configPaths(k));
            }
            path = candidates.stream().filter(p -> Files.isRegularFile(root.resolve(p))).findFirst()
                    .orElseThrow(() -> new NoInput("no configuration found under " + root.dir() + " (looked for "
                            + String.join(", ", candidates) + "); name one with --config"));
        }
        if (root.isSystem() && !path.startsWith("/")) {
            path = java.nio.file.Path.of(path).toAbsolutePath().toString(); // relative to the working directory
        }
        String hostPath = HostRoot.normalise(path);
        String text;
        try {
            text = TextFiles.read(root.resolve(hostPath));
        } catch (IOException | RuntimeException e) {
            throw new NoInput("cannot read " + hostPath + (root.isSystem() ? "" : " under " + root.dir()) + ": "
                    + e.getMessage());
        }
        ConfigKind k = kind != null ? kind : ConfigKind.detect(hostPath, text);
        ServerModel model = Audit.model(hostPath, text, k, TextFiles.includes(p -> root.resolve(p.toString())));
        return new AuditTarget(root, hostPath, text, k, model);
    }
}
