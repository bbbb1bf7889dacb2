// Converts ntpd's ntp.conf into jntp.conf, line by line, with a comment at each line that could not be carried over.
package dev.jntp.config.convert;

import dev.jntp.config.ConfigError;
import dev.jntp.config.ntp.NtpConf;
import dev.jntp.config.ntp.NtpConf.Association;
import dev.jntp.config.ntp.NtpConf.Entry;
import dev.jntp.config.ntp.NtpConf.Restrict;
import dev.jntp.config.ntp.NtpConf.Setting;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * ntp.conf(5) to jntp.conf, keeping the file's order and its comments. What maps: associations with their options
 * ({@code true} is chrony's {@code trust}), {@code restrict} lines (most specific match wins in both, so a
 * {@code default} line is the /0 subnet: served unless {@code ignore} or {@code noserve}; ntpq allowed unless
 * {@code noquery}), {@code driftfile}, {@code statsdir}/{@code statistics}/{@code filegen} (loopstats, peerstats,
 * clockstats), {@code leapfile}, {@code tos minsane|maxdist|orphan}, {@code tinker step}, {@code interface}
 * addresses, the LOCAL clock driver with its {@code fudge stratum}, and {@code includefile} (converted in place when
 * it can be read). ntpd's defaults that jntp does not share are made explicit at the end: stepping whenever the
 * offset exceeds 128 ms, and, without any {@code restrict} line, serving and answering ntpq for everyone. Every
 * jntp line written is checked with jntp's parser; one it rejects is commented out with the parser's reason.
 */
public final class NtpImport {

    /** How deep {@code includefile} is followed. */
    static final int MAX_INCLUDE_DEPTH = 8;

    private NtpImport() {}

    /**
     * Converts {@code text}, read from {@code file}; {@code includes} reads an included file by its path.
     * Never throws.
     */
    public static Converted convert(String file, String text, Includes includes) {
        NtpImport.State s = new NtpImport.State(includes);
        s.out.add("# jntp.conf converted by 'jntp config import' from " + file + " (ntpd's ntp.conf).");
        s.out.add("# Lines that could not be carried over are kept as comments with the reason.");
        s.file(file, text, 0);
        s.defaults();
        return s.result();
    }


    /** The state of one conversion. */
    private static final class State {
        final Includes includes;
        final Output out = new Output();
        final List<ConfigError> readErrors = new ArrayList<>();
        final Set<String> visited = new java.util.HashSet<>();
        boolean anyRestrict;
        boolean anyTinkerStep;
        boolean rateLimitNoted;
        /** {@code fudge 127.127.1.U stratum N} seen in any file: the stratum of the LOCAL driver. */
        Integer localStratum;

        State(Includes includes) {
            this.includes = includes;
        }

        void file(String file, String text, int depth) {
            visited.add(file);
            NtpConf conf = NtpConf.parse(file, text);
            readErrors.addAll(conf.errors());
            for (Entry e : conf.entries()) {
                if (e instanceof Setting f && f.command().equals("fudge") && f.args().size() >= 3
                        && f.args().getFirst().startsWith("127.127.1.")
                        && f.args().get(1).equalsIgnoreCase("stratum") && f.args().get(2).matches("[0-9]{1,2}")) {
                    localStratum = Integer.parseInt(f.args().get(2));
                }
            }
            String[] lines = text.startsWith("\uFEFF") ? text.substring(1).split("\r?\n|\r", -1)
                    : text.split("\r?\n|\r", -1);
            int last = lines.length;
            while (last > 0 && lines[last - 1].isBlank()) {
                last--;
            }
            for (int i = 0; i < last; i++) {
                int n = i + 1;
                String raw = lines[i].strip();
                Entry entry = conf.entries().stream().filter(e -> e.line() == n).findFirst().orElse(null);
                ConfigError error = conf.errors().stream().filter(e -> e.line() == n).findFirst().orElse(null);
                if (entry == null && error == null) {
                    out.add(raw); // a comment or a blank line, kept
                    continue;
                }
                Conv c = error != null ? Conv.not("ntpd cannot read it either: " + error.message())
                        : convert(entry, file, depth);
                out.emit(file, n, raw, c);
            }
        }

        Conv convert(Entry e, String file, int depth) {
            return switch (e) {
                case Association a -> association(a);
                case Restrict r -> restrict(r);
                case Setting s -> setting(s, file, depth);
            };
        }

        Conv association(Association a) {
            int type = a.refclockType();
            if (type == 1) {
                int stratum = localStratum != null ? localStratum : 10;
                Conv c = Conv.of("local stratum " + stratum);
                return localStratum != null ? c.note("the LOCAL clock driver with its fudge stratum")
                        : c.note("the LOCAL clock driver without 'fudge ... stratum': stratum 10 assumed, check it");
            }
            if (type >= 0) {
                return Conv.not("reference clock driver type " + type + ": jntp has no reference clocks; run the "
                        + "driver in ntpd or chronyd and give jntp a 'server' line for that machine");
            }
            switch (a.command()) {
                case "peer" -> {
                    return Conv.not("jntp has no symmetric mode; to follow " + a.address() + " as a server write '"
                            + "server " + a.address() + " iburst'");
                }
                case "broadcast" -> {
                    return Conv.not("jntp does not send broadcasts; give clients a 'server' line for this host");
                }
                case "manycastclient" -> {
                    return Conv.not("jntp has no manycast; list the servers with 'server' lines");
                }
                default -> { }
            }
            StringBuilder line = new StringBuilder(a.command()).append(' ').append(a.address());
            List<String> notes = new ArrayList<>();
            for (String f : List.of("iburst", "burst", "prefer", "noselect", "nts")) {
                if (a.has(f)) {
                    line.append(' ').append(f);
                }
            }
            if (a.has("true")) {
                line.append(" trust");
                notes.add("'true' is jntp's 'trust'");
            }
            for (String k : List.of("minpoll", "maxpoll", "key", "version")) {
                Long v = a.numbers().get(k);
                if (v != null) {
                    line.append(' ').append(k).append(' ').append(v);
                }
            }
            for (String f : List.of("autokey", "preempt", "xleave", "noval")) {
                if (a.has(f)) {
                    notes.add("'" + f + "' dropped: " + switch (f) {
                        case "autokey" -> "jntp has no Autokey; use NTS ('nts') or a symmetric key ('key N')";
                        case "preempt" -> "jntp replaces unusable pool members by itself";
                        case "xleave" -> "jntp has no interleaved mode";
                        default -> "jntp has no such option";
                    });
                }
            }
            for (String k : List.of("mode", "ttl", "ask")) {
                if (a.numbers().containsKey(k)) {
                    notes.add("'" + k + "' dropped: jntp has no such option");
                }
            }
            if (a.family() != 0) {
                notes.add("'-" + a.family() + "' dropped: jntp uses the name's addresses of both families");
            }
            Conv c = Conv.of(line.toString());
            for (String n : notes) {
                c = c.note(n);
            }
            return c;
        }

        Conv restrict(Restrict r) {
            anyRestrict = true;
            if (r.target().equalsIgnoreCase("source")) {
                return Conv.not("jntp polls its sources whatever its allow lines say, so this has no equivalent");
            }
            String subnet;
            if (r.isDefault()) {
                subnet = r.family() == 4 ? "0.0.0.0/0" : r.family() == 6 ? "::/0" : null;
            } else {
                subnet = Subnets.of(r.target(), r.mask());
                if (subnet == null) {
                    return Conv.not("'" + r.target() + (r.mask() == null ? "" : " mask " + r.mask())
                            + "' is not an address and mask jntp can take (a host name, or a mask that is not "
                            + "contiguous); write the subnet as ADDRESS/BITS in an 'allow' or 'deny' line");
                }
            }
            boolean serve = !r.has("ignore") && !r.has("noserve");
            boolean query = !r.has("ignore") && !r.has("noquery");
            String scope = subnet == null ? "" : " " + subnet;
            List<String> lines = new ArrayList<>();
            lines.add((serve ? "allow" : "deny") + scope);
            boolean loopback = subnet != null && (subnet.startsWith("127.") || subnet.equals("::1/128"));
            Conv c;
            if (query && !loopback) {
                lines.add("cmdallow" + scope);
                c = new Conv(lines, List.of(), null).note("no 'noquery': ntpq may read this server from "
                        + (subnet == null ? "anywhere" : subnet) + " (jntp answers mode 6 read-only, rate limited; "
                        + "never mode 7)");
            } else {
                c = new Conv(lines, List.of(), null);
            }
            if ((r.has("limited") || r.has("kod")) && !rateLimitNoted) {
                rateLimitNoted = true;
                c = RateLimit.supported() ? c.line(RateLimit.LINE).note("'limited'/'kod' is chrony's 'ratelimit'")
                        : c.note("'limited'/'kod' (rate limiting) not carried over: jntp does not rate-limit yet");
            }
            return c;
        }

        Conv setting(Setting s, String file, int depth) {
            List<String> a = s.args();
            String first = a.isEmpty() ? "" : a.getFirst();
            return switch (s.command()) {
                case "driftfile" -> a.isEmpty() ? Conv.not("no file given") : Conv.of("driftfile " + first);
                case "statsdir" -> a.isEmpty() ? Conv.not("no directory given")
                        : Conv.of("statsdir " + first.replaceAll("(.)/+$", "$1"));
                case "statistics" -> statistics(a);
                case "filegen" -> fileGen(a);
                case "leapfile" -> a.isEmpty() ? Conv.not("no file given") : Conv.of("leapseclist " + first);
                case "tos" -> tos(a);
                case "tinker" -> tinker(a);
                case "interface", "nic" -> iface(a);
                case "includefile" -> include(first, file, s.line(), depth);
                case "fudge" -> first.startsWith("127.127.1.") ? Conv.not("read with the LOCAL driver's line")
                        : Conv.not("jntp has no reference clocks");
                case "keys" -> Conv.not("ntpd's key file: jntp reads chrony's key file format ('ID TYPE KEY', "
                        + "named by 'keyfile'); convert the keys and give each source its 'key N'");
                case "trustedkey" -> Conv.not("in jntp a key is trusted when a source line names it ('key N')");
                case "requestkey", "controlkey" -> Conv.not("jntp accepts no remote configuration (no mode 6 "
                        + "writes, no mode 7): nothing to carry over");
                case "enable", "disable" -> flags(s.command(), a);
                case "logfile", "logconfig" -> Conv.not("jntp logs events to stderr (journald), or with --log-syslog");
                case "crypto", "revoke", "automax", "ident" -> Conv.not("jntp has no Autokey; use NTS");
                case "leapsmearinterval" -> Conv.not("jntp does not smear leap seconds");
                case "broadcastclient", "multicastclient", "manycastserver" ->
                        Conv.not("jntp has no broadcast or manycast; list the servers with 'server' lines");
                case "unpeer", "unrestrict" -> Conv.not("a runtime command; jntp.conf states the configuration whole");
                case "pidfile" -> Conv.not("run jntp under systemd, which tracks the process");
                case "refclock" -> Conv.not("jntp has no reference clocks");
                case "nts" -> Conv.not("NTPsec's NTS server settings: not carried over; see jntp's NTS directives");
                default -> Conv.not("jntp has no equivalent of '" + s.command() + "'");
            };
        }

        Conv statistics(List<String> args) {
            List<String> kept = new ArrayList<>();
            List<String> dropped = new ArrayList<>();
            for (String w : args) {
                (Set.of("loopstats", "peerstats", "clockstats").contains(w.toLowerCase(Locale.ROOT)) ? kept : dropped)
                        .add(w);
            }
            if (kept.isEmpty()) {
                return Conv.not("jntp writes loopstats and peerstats only");
            }
            Conv c = Conv.of("statistics " + String.join(" ", kept));
            return dropped.isEmpty() ? c : c.note(String.join(", ", dropped) + " dropped: jntp writes loopstats and "
                    + "peerstats only");
        }

        Conv fileGen(List<String> args) {
            if (args.isEmpty() || !Set.of("loopstats", "peerstats", "clockstats")
                    .contains(args.getFirst().toLowerCase(Locale.ROOT))) {
                return Conv.not("jntp writes loopstats and peerstats only");
            }
            List<String> words = new ArrayList<>(args);
            for (int i = 0; i + 1 < words.size(); i++) {
                if (words.get(i).equalsIgnoreCase("type")
                        && !Set.of("day", "none").contains(words.get(i + 1).toLowerCase(Locale.ROOT))) {
                    String was = words.get(i + 1);
                    words.set(i + 1, "day");
                    return Conv.of("filegen " + String.join(" ", words)).note("'type " + was + "' is 'type day': "
                            + "jntp writes a file a day, or one file (type none) for logrotate");
                }
            }
            return Conv.of("filegen " + String.join(" ", words));
        }

        Conv tos(List<String> args) {
            List<String> lines = new ArrayList<>();
            List<String> notes = new ArrayList<>();
            for (int i = 0; i + 1 < args.size(); i += 2) {
                String k = args.get(i).toLowerCase(Locale.ROOT);
                String v = args.get(i + 1);
                switch (k) {
                    case "minsane" -> lines.add("minsources " + v);
                    case "maxdist" -> lines.add("maxdistance " + v);
                    case "orphan" -> lines.add("local stratum " + v + " orphan");
                    default -> notes.add("'tos " + k + " " + v + "' dropped: jntp has no such setting");
                }
            }
            if (args.size() % 2 != 0) {
                notes.add("'" + args.getLast() + "' has no value");
            }
            if (lines.isEmpty()) {
                return Conv.not(notes.isEmpty() ? "no settings" : String.join("; ", notes));
            }
            return new Conv(lines, notes, null);
        }

        Conv tinker(List<String> args) {
            List<String> lines = new ArrayList<>();
            List<String> notes = new ArrayList<>();
            for (int i = 0; i + 1 < args.size(); i += 2) {
                String k = args.get(i).toLowerCase(Locale.ROOT);
                String v = args.get(i + 1);
                if (k.equals("step")) {
                    anyTinkerStep = true;
                    if (v.matches("0*(\\.0*)?")) {
                        notes.add("'tinker step 0': never step, as jntp without makestep");
                    } else {
                        lines.add("makestep " + v + " -1");
                    }
                } else {
                    notes.add("'tinker " + k + " " + v + "' dropped: jntp has no such setting");
                }
            }
            if (lines.isEmpty()) {
                return notes.size() == 1 && notes.getFirst().startsWith("'tinker step 0'")
                        ? new Conv(List.of(), notes, null)
                        : Conv.not(notes.isEmpty() ? "no settings" : String.join("; ", notes));
            }
            return new Conv(lines, notes, null);
        }

        Conv iface(List<String> args) {
            if (args.size() != 2) {
                return Conv.not("write 'bindaddress ADDRESS' for each address to serve on");
            }
            String action = args.getFirst().toLowerCase(Locale.ROOT);
            String target = args.get(1).toLowerCase(Locale.ROOT);
            if (action.equals("listen") && Subnets.isLiteral(target)) {
                return Conv.of("bindaddress " + target);
            }
            if ((action.equals("ignore") || action.equals("drop")) && target.equals("ipv6")) {
                return Conv.of("bindaddress 0.0.0.0").note("serving on IPv4 only, as ntpd was told");
            }
            if ((action.equals("ignore") || action.equals("drop")) && target.equals("ipv4")) {
                return Conv.of("bindaddress ::").note("serving on IPv6 only, as ntpd was told");
            }
            if (action.equals("listen") && Set.of("all", "ipv4", "ipv6", "wildcard").contains(target)) {
                return Conv.not("jntp serves on every address of both families unless bindaddress lines say "
                        + "otherwise");
            }
            return Conv.not("jntp binds addresses, not interface names; write 'bindaddress ADDRESS' for each address "
                    + "to serve on");
        }

        Conv flags(String command, List<String> args) {
            return Conv.not(String.join(" ", args) + ": " + (command.equals("disable") && args.stream()
                    .anyMatch(a -> a.equalsIgnoreCase("monitor")) ? "jntp has no monlist (it never answers mode 7)"
                    : "jntp has no such switches") + "; nothing to carry over");
        }

        Conv include(String path, String file, int line, int depth) {
            if (path.isEmpty()) {
                return Conv.not("no file given");
            }
            if (depth >= MAX_INCLUDE_DEPTH || visited.contains(path)) {
                return Conv.not("included again or too deep (a loop of includefile lines)");
            }
            java.util.Optional<String> text = includes.read(path);
            if (text.isEmpty()) {
                return Conv.not("cannot read " + path + ": convert it with 'jntp config import " + path
                        + "' and paste the lines here");
            }
            out.add("# " + Output.where(file, line) + "includefile " + path + " (converted below)");
            file(path, text.get(), depth + 1);
            out.add("# end of " + path);
            return Conv.handled();
        }

        /** ntpd's defaults that jntp does not share, made explicit. */
        void defaults() {
            List<String> lines = new ArrayList<>();
            if (!anyTinkerStep) {
                lines.add("# ntpd steps the clock whenever the offset exceeds 128 ms (its default 'tinker step');");
                lines.add("# jntp only slews unless told. 'makestep 1 3' (step only while starting) is gentler.");
                lines.add("makestep 0.128 -1");
            }
            if (!anyRestrict) {
                lines.add("# ntp.conf has no restrict line, so ntpd serves and answers ntpq for everyone; these");
                lines.add("# keep that. Narrow them to your networks ('allow 192.168.0.0/16').");
                lines.add("allow");
                lines.add("cmdallow");
            }
            if (!lines.isEmpty()) {
                out.add("");
                out.add("# ntpd's defaults that jntp does not share:");
                lines.forEach(out::add);
            }
        }

        Converted result() {
            return out.result(readErrors);
        }
    }
}
