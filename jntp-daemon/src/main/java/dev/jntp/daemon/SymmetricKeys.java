// Loads the key file a configuration names into the keys the server and the sources use, checking it first.
package dev.jntp.daemon;

import dev.jntp.config.ConfigError;
import dev.jntp.config.JntpConfig;
import dev.jntp.config.KeyFile;
import dev.jntp.config.SourceSpec;
import dev.jntp.engine.auth.KeyRing;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The daemon's side of {@code keyfile}: reads the file ({@link KeyFile}), warns once when group or
 * others may read it, warns about weak keys, and refuses to start when the file has errors or a
 * {@code server ... key ID} line of the configuration names a key the file does not have (chronyd
 * only logs "Key N is missing" and runs a source that can never be authenticated).
 */
final class SymmetricKeys {

    private SymmetricKeys() {}

    /**
     * The keys of {@code config}'s key file, or none without a {@code keyfile} line.
     *
     * @throws IOException naming every error as FILE:LINE with its fix, one per line
     */
    static KeyRing load(JntpConfig config, Consumer<String> warn, Consumer<String> info) throws IOException {
        Path file = config.keyFilePath().orElse(null);
        List<String> errors = new ArrayList<>();
        if (file == null) {
            for (SourceSpec s : config.sources()) {
                if (s.keyId() != 0) {
                    errors.add(new ConfigError(config.source(), s.line(), "'" + s.name() + "' is to be authenticated"
                            + " with key " + s.keyId() + ", but no keyfile is given",
                            "add 'keyfile " + KeyFile.DEFAULT_PATH + "' with that key").toString());
                }
            }
            fail(errors);
            return KeyRing.EMPTY;
        }
        KeyFile.permissionWarning(file).ifPresent(warn);
        KeyFile.Result r = KeyFile.load(file);
        r.errors().forEach(e -> errors.add(e.toString()));
        r.warnings().forEach(w -> warn.accept(w.toString()));
        KeyRing ring = KeyRing.of(r.keys());
        if (r.errors().isEmpty()) {
            for (SourceSpec s : config.sources()) {
                if (s.keyId() != 0 && ring.key(s.keyId()).isEmpty()) {
                    errors.add(new ConfigError(config.source(), s.line(), "key " + s.keyId() + " of '" + s.name()
                            + "' is not in " + file, "add it to the key file, with the same line the server has")
                            .toString());
                }
            }
        }
        fail(errors);
        info.accept(ring.size() + " symmetric key" + (ring.size() == 1 ? "" : "s") + " from " + file);
        return ring;
    }

    private static void fail(List<String> errors) throws IOException {
        if (!errors.isEmpty()) {
            throw new IOException(String.join(System.lineSeparator(), errors));
        }
    }
}
