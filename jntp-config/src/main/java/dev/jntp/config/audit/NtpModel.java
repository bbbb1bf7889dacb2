// Builds the audit's model of an ntp.conf (ntpd or NTPsec), following includefile.
package dev.jntp.config.audit;

import dev.jntp.config.audit.ServerModel.Source;
import dev.jntp.config.convert.ConfigKind;
import dev.jntp.config.convert.Includes;
import dev.jntp.config.ntp.NtpConf;
import dev.jntp.config.ntp.NtpConf.Association;
import dev.jntp.config.ntp.NtpConf.Entry;
import dev.jntp.config.ntp.NtpConf.Restrict;
import dev.jntp.config.ntp.NtpConf.Setting;
import java.net.InetAddress;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * ntp.conf(5)'s meaning of what the rules look at. ntpd always listens on port 123 and, without a
 * {@code restrict default} line, serves time and answers ntpq (mode 6) and, before ntp 4.2.7p26, ntpdc's
 * monlist (mode 7) to every address. A restrict line serves unless it says {@code ignore} or {@code noserve},
 * answers ntpq unless {@code noquery} or {@code ignore}, and rate-limits with {@code limited}. {@code -4} and
 * {@code -6} split the default between the families. The LOCAL clock driver (127.127.1.x) is the undisciplined
 * local clock, not a source. ntpd steps the clock at start ({@code -g}) by itself, so makestep does not apply.
 */
public final class NtpModel {

    private NtpModel() {}

    /** The model of {@code text}, read from {@code file}. */
    public static ServerModel of(String file, String text, Includes includes) {
        ServerModel m = new ServerModel(file, ConfigKind.NTP);
        m.makeStep = new Located(file, 0, "ntpd steps the clock at start by itself (-g)");
        Reader r = new Reader(m, includes, new HashSet<>());
        r.file(file, text, 0);
        r.finish();
        return m;
    }

    /** Reads one file and what it includes into the model. */
    private record Reader(ServerModel m, Includes includes, Set<String> visited, boolean[] defaults,
            List<Located> defaultLines, boolean[] splitByDay) {
        Reader(ServerModel m, Includes includes, Set<String> visited) {
            this(m, includes, visited, new boolean[3], new java.util.ArrayList<>(), new boolean[] {true});
        }

        void file(String file, String text, int depth) {
            visited.add(file);
            NtpConf conf = NtpConf.parse(file, text);
            m.errors.addAll(conf.errors());
            String[] raw = text.split("\r?\n|\r", -1);
            for (Entry e : conf.entries()) {
                String lineText = e.line() - 1 < raw.length ? raw[e.line() - 1].strip() : e.command();
                int hash = lineText.indexOf('#');
                Located at = new Located(file, e.line(), (hash > 0 ? lineText.substring(0, hash) : lineText).strip());
                switch (e) {
                    case Association a -> association(at, a);
                    case Restrict r -> restrict(at, r);
                    case Setting s -> setting(at, s, file, depth);
                }
            }
        }

        void association(Located at, Association a) {
            int type = a.refclockType();
            if (type == 1) {
                m.notes.add(at + ": the LOCAL clock driver serves this host's own clock; it is not a source");
                return;
            }
            boolean auth = a.has("autokey") || a.has("nts") || a.numbers().containsKey("key");
            Source.Kind kind = switch (a.command()) {
                case "pool" -> Source.Kind.POOL;
                case "peer" -> Source.Kind.PEER;
                case "broadcast" -> null;
                default -> Source.Kind.SERVER;
            };
            if (kind == null) {
                return;
            }
            if (type >= 0) {
                m.sources.add(new Source(at, Source.Kind.REFCLOCK, "", false, false, 1));
            } else {
                m.sources.add(new Source(at, kind, a.address(), a.has("iburst"), auth, kind == Source.Kind.POOL ? 4 : 1));
            }
        }

        void restrict(Located at, Restrict r) {
            if (r.target().equalsIgnoreCase("source")) {
                return;
            }
            boolean serve = !r.has("ignore") && !r.has("noserve");
            boolean query = !r.has("ignore") && !r.has("noquery");
            if (r.isDefault()) {
                defaultLines.add(at);
                for (int f : r.family() == 0 ? new int[] {4, 6} : new int[] {r.family()}) {
                    defaults[f == 4 ? 1 : 2] = true;
                }
                if (serve) {
                    m.servesEveryone.add(at);
                }
            } else if (NtpModel.loopback(r.target())) {
                return;
            }
            if (serve) {
                m.serving.add(at);
                if (!r.has("limited")) {
                    m.unlimited.add(at);
                }
            }
            if (query) {
                m.queryOpen.add(at);
            }
        }

        void setting(Located at, Setting s, String file, int depth) {
            List<String> a = s.args();
            String first = a.isEmpty() ? "" : a.getFirst().toLowerCase(Locale.ROOT);
            switch (s.command()) {
                case "refclock" -> m.sources.add(new Source(at, Source.Kind.REFCLOCK, "", false, false, 1));
                case "driftfile" -> m.driftFile = at;
                case "leapfile" -> m.leapTable = at;
                case "statsdir" -> {
                    m.logDir = at;
                    m.logDirPath = a.isEmpty() ? null : a.getFirst().replaceAll("(.)/+$", "$1");
                }
                case "statistics" -> m.logs.add(at);
                case "filegen" -> {
                    if (a.stream().anyMatch("enable"::equalsIgnoreCase)) {
                        m.logs.add(at);
                    }
                    int t = a.indexOf("type");
                    if (t > 0 && t + 1 < a.size() && !a.get(t + 1).equalsIgnoreCase("day")) {
                        splitByDay[0] = false;
                    }
                }
                case "trustedkey" -> m.clientAuth.add(at);
                case "enable" -> {
                    if (a.stream().anyMatch("mode7"::equalsIgnoreCase)) {
                        m.mode7 = at;
                    }
                }
                case "disable" -> {
                    if (a.stream().anyMatch("monitor"::equalsIgnoreCase)) {
                        m.monitorDisabled = at;
                    }
                }
                case "interface", "nic" -> {
                    if (a.size() == 2 && Set.of("ignore", "drop").contains(first)
                            && a.get(1).equalsIgnoreCase("ipv6")) {
                        m.ipv4Only.add(at);
                    }
                }
                case "includefile" -> {
                    String path = a.isEmpty() ? "" : a.getFirst();
                    Optional<String> text = depth >= ChronyModel.MAX_INCLUDE_DEPTH || visited.contains(path)
                            ? Optional.empty() : includes.read(path);
                    if (text.isPresent()) {
                        file(path, text.get(), depth + 1);
                    } else {
                        m.notes.add(at + ": " + path + " was not read (not readable, or included again)");
                    }
                }
                default -> { }
            }
        }

        /** ntpd's defaults for what the file does not say. */
        void finish() {
            m.accessControlled = defaults[1] && defaults[2];
            if (!m.accessControlled) {
                Located none = new Located(m.file, 0, defaultLines.isEmpty() ? "no 'restrict default' line: ntpd "
                        + "serves and answers queries for every address" : "no 'restrict default' line for IPv"
                        + (defaults[1] ? "6" : "4") + ": ntpd serves and answers queries for every such address");
                m.servesEveryone.add(none);
                m.serving.add(none);
                m.unlimited.add(none);
                m.queryOpen.add(none);
            }
            m.serves = !m.serving.isEmpty();
            m.logsSplitByDay = splitByDay[0];
        }
    }

    /** Whether a restrict target is this host's loopback address. */
    static boolean loopback(String target) {
        InetAddress ip = Operators.literal(target.replaceFirst("/[0-9]+$", ""));
        return ip != null && ip.isLoopbackAddress();
    }
}
