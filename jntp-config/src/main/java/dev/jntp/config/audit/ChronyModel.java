// Builds the audit's model of a chrony.conf or jntp.conf, following include, confdir and sourcedir.
package dev.jntp.config.audit;

import dev.jntp.config.ConfigError;
import dev.jntp.config.ConfigLines;
import dev.jntp.config.ConfigParser;
import dev.jntp.config.ConfigResult;
import dev.jntp.config.UnsupportedDirectives;
import dev.jntp.config.audit.ServerModel.Source;
import dev.jntp.config.convert.ConfigKind;
import dev.jntp.config.convert.Includes;
import java.net.InetAddress;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * chrony.conf(5)'s meaning of the directives the rules look at: {@code allow} opens the server (port 123
 * unless {@code port} says otherwise, {@code port 0}: no server); {@code allow} alone, {@code allow all} or a
 * /0 subnet serve everyone; chronyd answers commands on localhost only unless {@code bindcmdaddress} names a
 * network address and {@code cmdallow} lets others in. jntp.conf reads the same way, except that jntp answers
 * ntpq (mode 6) on the NTP port to {@code cmdallow} addresses. A jntp.conf is also parsed with jntp's own
 * parser, whose errors stop the daemon; a chrony.conf's directives are checked against chrony's list
 * (chronyd stops at an invalid one).
 */
public final class ChronyModel {

    static final int MAX_INCLUDE_DEPTH = 8;

    private ChronyModel() {}

    /** The model of {@code text}, read from {@code file}, of kind chrony or jntp. */
    public static ServerModel of(String file, String text, ConfigKind kind, Includes includes) {
        ServerModel m = new ServerModel(file, kind);
        if (kind == ConfigKind.JNTP && ConfigParser.parse(file, text) instanceof ConfigResult.Invalid bad) {
            m.errors.addAll(bad.errors());
        }
        Reader r = new Reader(m, includes);
        r.file(file, text, 0);
        if (m.anyIpv6Bind) {
            m.ipv4Only.clear();
        }
        if (kind == ConfigKind.CHRONY) {
            if (m.bindCmdNetwork == null) {
                m.commandExposure.clear(); // chronyd answers commands on localhost only without bindcmdaddress
            } else if (!m.commandExposure.isEmpty()) {
                m.commandExposure.add(m.bindCmdNetwork);
            }
        }
        if (kind == ConfigKind.JNTP && !m.logs.isEmpty() && m.logDirPath == null) {
            m.logDirPath = "/var/log/jntp";
        }
        m.serves &= m.port != 0;
        if (m.port == 0) {
            m.servesEveryone.clear();
        }
        return m;
    }

    /** Reads one file and what it includes into the model. */
    private record Reader(ServerModel m, Includes includes, Set<String> visited) {
        Reader(ServerModel m, Includes includes) {
            this(m, includes, new HashSet<>());
        }

        void file(String file, String text, int depth) {
            visited.add(file);
            for (ConfigLines.Line l : ConfigLines.of(text)) {
                Located at = new Located(file, l.number(), l.text());
                List<String> a = l.args();
                String first = a.isEmpty() ? "" : a.getFirst();
                if (m.kind == ConfigKind.CHRONY && !UnsupportedDirectives.CHRONY_DIRECTIVES.contains(l.directive())) {
                    m.errors.add(new ConfigError(file, l.number(), "invalid directive '" + l.directive() + "'",
                            "chronyd stops at it: check the spelling in chrony.conf(5)"));
                }
                switch (l.directive()) {
                    case "server", "pool", "peer" -> source(at, l.directive(), a);
                    case "refclock" -> m.sources.add(new Source(at, Source.Kind.REFCLOCK, "", false, false, 1));
                    case "port" -> m.port = first.matches("[0-9]{1,5}") ? Integer.parseInt(first) : m.port;
                    case "allow" -> allow(at, a);
                    case "ratelimit" -> m.rateLimit = at;
                    case "cmdallow" -> {
                        if (!loopbackOnly(a)) {
                            (m.kind == ConfigKind.JNTP ? m.queryOpen : m.commandExposure).add(at);
                        }
                    }
                    case "bindcmdaddress" -> {
                        InetAddress ip = Operators.literal(first);
                        if (ip != null && !ip.isLoopbackAddress()) {
                            m.bindCmdNetwork = at;
                        }
                    }
                    case "ntsserverkey" -> m.clientAuth.add(at);
                    case "driftfile" -> m.driftFile = at;
                    case "makestep", "initstepslew" -> m.makeStep = at;
                    case "leapsectz", "leapseclist" -> m.leapTable = at;
                    case "logdir", "statsdir" -> {
                        m.logDir = at;
                        m.logDirPath = first;
                    }
                    case "log", "statistics" -> m.logs.add(at);
                    case "filegen" -> {
                        if (a.stream().anyMatch("enable"::equalsIgnoreCase)) {
                            m.logs.add(at);
                        }
                    }
                    case "bindaddress" -> {
                        InetAddress ip = Operators.literal(first);
                        if (ip != null && ip.getAddress().length == 4) {
                            m.ipv4Only.add(at);
                        } else {
                            m.anyIpv6Bind = true;
                        }
                    }
                    case "include" -> include(at, List.of(first), depth);
                    case "confdir" -> include(at, a.stream().flatMap(d -> includes.list(d, ".conf").stream()).toList(),
                            depth);
                    case "sourcedir" -> sourceDir(at, first);
                    default -> { }
                }
            }
        }

        void source(Located at, String directive, List<String> a) {
            if (a.isEmpty()) {
                return;
            }
            Set<String> words = new HashSet<>();
            a.forEach(w -> words.add(w.toLowerCase(Locale.ROOT)));
            int count = 1;
            if (directive.equals("pool")) {
                count = 4;
                int i = indexOf(a, "maxsources");
                if (i > 0 && i + 1 < a.size() && a.get(i + 1).matches("[0-9]{1,2}")) {
                    count = Integer.parseInt(a.get(i + 1));
                }
            }
            Source.Kind kind = switch (directive) {
                case "pool" -> Source.Kind.POOL;
                case "peer" -> Source.Kind.PEER;
                default -> Source.Kind.SERVER;
            };
            m.sources.add(new Source(at, kind, a.getFirst(), words.contains("iburst"),
                    words.contains("nts") || words.contains("key"), count));
        }

        void allow(Located at, List<String> a) {
            List<String> rest = !a.isEmpty() && a.getFirst().equalsIgnoreCase("all") ? a.subList(1, a.size()) : a;
            if (loopbackOnly(a)) {
                return;
            }
            m.serves = true;
            m.serving.add(at);
            if (rest.isEmpty() || rest.getFirst().endsWith("/0")) {
                m.servesEveryone.add(at);
            }
        }

        void include(Located at, List<String> files, int depth) {
            for (String f : files) {
                Optional<String> text = depth >= MAX_INCLUDE_DEPTH || visited.contains(f) ? Optional.empty()
                        : includes.read(f);
                if (text.isPresent()) {
                    file(f, text.get(), depth + 1);
                } else {
                    m.notes.add(at + ": " + f + " was not read (not readable, or included again)");
                }
            }
        }

        void sourceDir(Located at, String dir) {
            m.sourceDirs.add(at);
            for (String f : includes.list(dir, ".sources")) {
                includes.read(f).ifPresent(text -> {
                    for (ConfigLines.Line l : ConfigLines.of(text)) {
                        if (l.directive().equals("server") || l.directive().equals("pool")) {
                            source(new Located(f, l.number(), l.text()), l.directive(), l.args());
                        }
                    }
                });
            }
        }

        /** Whether an allow/cmdallow line lets in only this host. */
        static boolean loopbackOnly(List<String> a) {
            List<String> rest = !a.isEmpty() && a.getFirst().equalsIgnoreCase("all") ? a.subList(1, a.size()) : a;
            if (rest.isEmpty()) {
                return false;
            }
            String net = rest.getFirst();
            int slash = net.indexOf('/');
            InetAddress ip = Operators.literal(slash < 0 ? net : net.substring(0, slash));
            boolean wide = slash >= 0 && net.substring(slash + 1).matches("[0-9]+")
                    && Integer.parseInt(net.substring(slash + 1)) < (ip != null && ip.getAddress().length == 4 ? 8 : 128);
            return ip != null && ip.isLoopbackAddress() && !wide;
        }

        static int indexOf(List<String> a, String word) {
            for (int i = 0; i < a.size(); i++) {
                if (a.get(i).equalsIgnoreCase(word)) {
                    return i;
                }
            }
            return -1;
        }
    }
}
