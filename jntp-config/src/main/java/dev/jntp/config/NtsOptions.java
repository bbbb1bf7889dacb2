// Parses the NTS server directives (chrony's names): ntsport, ntsservercert, ntsserverkey, ntsdumpdir, ntsrotate, ...
package dev.jntp.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Collects the NTS directives into {@link NtsSettings}. {@code ntsservercert} and
 * {@code ntsserverkey} may be repeated (one pair per name the server has) and pair up in order;
 * the others may be given once, a second line being an error naming the first.
 * {@code ntsprocesses} is accepted and has no effect: jntp answers NTS-KE on virtual threads.
 */
final class NtsOptions {

    /** The directives this class parses. */
    static final Set<String> DIRECTIVES = Set.of("ntsport", "ntsservercert", "ntsserverkey", "ntsdumpdir",
            "ntsrotate", "ntsprocesses", "maxntsconnections");

    private int port = NtsSettings.DEFAULT_PORT;
    private final List<Path> certificates = new ArrayList<>();
    private final List<Path> keys = new ArrayList<>();
    private final List<Integer> certificateLines = new ArrayList<>();
    private final List<Integer> keyLines = new ArrayList<>();
    private Path dumpDir;
    private long rotate = NtsSettings.DEFAULT_ROTATE;
    private int processes = NtsSettings.DEFAULT_PROCESSES;
    private int maxConnections = NtsSettings.DEFAULT_MAX_CONNECTIONS;
    private final Map<String, Integer> firstLine = new HashMap<>();

    /** Parses one of {@link #DIRECTIVES} found at {@code line}. */
    void parse(Values v, List<String> args, int line) {
        String name = v.name();
        boolean repeatable = name.equals("ntsservercert") || name.equals("ntsserverkey");
        Integer first = firstLine.get(name);
        if (!repeatable && first != null) {
            v.error("'" + name + "' is given again (first on line " + first + ")", "keep one " + name + " line");
            return;
        }
        if (v.exactly(1).isEmpty()) {
            return;
        }
        String arg = args.getFirst();
        switch (name) {
            case "ntsport" -> v.intIn(arg, "ntsport", 0, 65535).ifPresent(p -> {
                port = p;
                firstLine.put(name, line);
            });
            case "ntsservercert" -> v.path(arg).ifPresent(p -> {
                certificates.add(p);
                certificateLines.add(line);
            });
            case "ntsserverkey" -> v.path(arg).ifPresent(p -> {
                keys.add(p);
                keyLines.add(line);
            });
            case "ntsdumpdir" -> v.path(arg).ifPresent(p -> {
                dumpDir = p;
                firstLine.put(name, line);
            });
            case "ntsrotate" -> v.intIn(arg, "ntsrotate", 0, Integer.MAX_VALUE).ifPresent(s -> {
                rotate = s;
                firstLine.put(name, line);
            });
            case "ntsprocesses" -> v.intIn(arg, "ntsprocesses", 0, 1000).ifPresent(n -> {
                processes = n;
                firstLine.put(name, line);
            });
            case "maxntsconnections" -> v.intIn(arg, "maxntsconnections", 1, 100_000).ifPresent(n -> {
                maxConnections = n;
                firstLine.put(name, line);
            });
            default -> throw new IllegalArgumentException(name);
        }
    }

    /**
     * Checks that certificates and keys pair up; reports at the first line without a partner
     * through {@code sink} (line, message, fix).
     */
    void check(PairSink sink) {
        int pairs = Math.min(certificates.size(), keys.size());
        if (certificates.size() > pairs) {
            sink.error(certificateLines.get(pairs), "'ntsservercert' has no matching 'ntsserverkey' ("
                    + certificates.size() + " certificates, " + keys.size() + " keys)",
                    "add an 'ntsserverkey /PATH/TO/KEY.pem' line for each certificate, in the same order");
        } else if (keys.size() > pairs) {
            sink.error(keyLines.get(pairs), "'ntsserverkey' has no matching 'ntsservercert' (" + keys.size()
                    + " keys, " + certificates.size() + " certificates)",
                    "add an 'ntsservercert /PATH/TO/CERT.pem' line for each key, in the same order");
        }
    }

    /** Where {@link #check} reports. */
    interface PairSink {
        void error(int line, String message, String fix);
    }

    /** The settings of the file, defaults for what it does not say; call after {@link #check} found nothing. */
    NtsSettings build() {
        int pairs = Math.min(certificates.size(), keys.size());
        return new NtsSettings(port, certificates.subList(0, pairs), keys.subList(0, pairs), dumpDir, rotate,
                processes, maxConnections);
    }
}
