// Reads the files a configuration includes (includefile, include, confdir, sourcedir), or says they cannot be read.
package dev.jntp.config.convert;

import java.util.List;
import java.util.Optional;

/** The converters and the audit read included files through this, so that the core does no IO of its own. */
@FunctionalInterface
public interface Includes {

    /** Includes never read: the file is taken alone. */
    Includes NONE = p -> Optional.empty();

    /** The text of the file at {@code path} (as the audited host names it), empty when it cannot be read. */
    Optional<String> read(String path);

    /** The paths of the files in directory {@code dir} whose names end with {@code suffix}, in name order. */
    default List<String> list(String dir, String suffix) {
        return List.of();
    }
}
