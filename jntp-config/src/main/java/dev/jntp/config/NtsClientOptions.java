// Parses the NTS client directives (chrony's names): ntstrustedcerts, nosystemcert, ntsrefresh.
package dev.jntp.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Collects the directives of {@link NtsClientSettings}. {@code ntstrustedcerts} may be repeated;
 * chrony's optional certificate set number is accepted only as 0 (jntp has one set, used by every
 * NTS source, so {@code certset} is not a source option). As in chrony, the other two take their
 * last value.
 */
final class NtsClientOptions {

    /** The directives this class parses. */
    static final Set<String> DIRECTIVES = Set.of("ntstrustedcerts", "nosystemcert", "ntsrefresh");

    private final List<Path> trusted = new ArrayList<>();
    private boolean system = true;
    private long refresh = NtsClientSettings.DEFAULT_REFRESH_SECONDS;

    /** Parses one of {@link #DIRECTIVES}. */
    void parse(Values v, List<String> args) {
        switch (v.name()) {
            case "nosystemcert" -> {
                if (!args.isEmpty()) {
                    v.error("'nosystemcert' takes no argument, got " + args.size(), "write 'nosystemcert' alone");
                    return;
                }
                system = false;
            }
            case "ntsrefresh" -> {
                if (args.size() != 1) {
                    v.error("'ntsrefresh' takes 1 argument, got " + args.size(), "write 'ntsrefresh SECONDS'");
                    return;
                }
                v.intIn(args.getFirst(), "ntsrefresh", 1, Integer.MAX_VALUE).ifPresent(s -> refresh = s);
            }
            case "ntstrustedcerts" -> trustedCerts(v, args);
            default -> throw new IllegalStateException(v.name());
        }
    }

    private void trustedCerts(Values v, List<String> args) {
        if (args.isEmpty() || args.size() > 2) {
            v.error("'ntstrustedcerts' takes a file or directory, got " + args.size() + " arguments",
                    "write 'ntstrustedcerts /ABSOLUTE/PATH/TO/CA.pem' (or a directory of PEM files)");
            return;
        }
        if (args.size() == 2) {
            if (!args.getFirst().matches("[0-9]+")) {
                v.error("'ntstrustedcerts' takes one path, got '" + Values.printable(String.join(" ", args)) + "'",
                        "give the path of a file or directory whose name has no blanks");
                return;
            }
            if (!args.getFirst().equals("0")) {
                v.error("certificate set '" + Values.printable(args.getFirst()) + "' is not supported: jntp has one"
                        + " set of trusted certificates for every NTS source",
                        "write 'ntstrustedcerts " + Values.printable(args.get(1)) + "' without the set number");
                return;
            }
        }
        v.path(args.getLast()).ifPresent(trusted::add);
    }

    NtsClientSettings build() {
        return new NtsClientSettings(trusted, system, refresh);
    }
}
