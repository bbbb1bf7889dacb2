// Reads ntpd's ntp.conf (ntp 4.2.8 and NTPsec) into typed entries; total: any text gives entries and FILE:LINE errors.
package dev.jntp.config.ntp;

import dev.jntp.config.ConfigError;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * An ntp.conf as ntpd reads it (ntp.conf(5), ntp_scanner.c's rules): one command a line, words separated by blanks,
 * {@code #} to the end of the line a comment (outside quotes), {@code "..."} one word. The file is input from
 * another machine as often as not, so the reader is total: it never throws, every problem is a {@link ConfigError}
 * at FILE:LINE with a fix, and a bad line is left out (ntpd, too, reports a syntax error and skips the line). The
 * associations ({@code server pool peer broadcast manycastclient}) and {@code restrict} lines are parsed into
 * their options; every other known command is kept as its words ({@link Setting}); an unknown command is an error.
 *
 * @param file the file as named to the reader
 * @param entries the good lines, in file order
 * @param errors the bad lines, in file order
 */
public record NtpConf(String file, List<Entry> entries, List<ConfigError> errors) {

    public NtpConf {
        entries = List.copyOf(entries);
        errors = List.copyOf(errors);
    }

    /** Largest text read; a longer one is an error at line 0 and nothing else is read. */
    public static final int MAX_CHARS = 1 << 20;

    /** Commands kept as words; what each takes is checked where it is used. */
    static final Set<String> SETTINGS = Set.of("automax", "broadcastclient", "broadcastdelay", "calldelay",
            "controlkey", "crypto", "disable", "discard", "driftfile", "dscp", "enable", "filegen", "fudge",
            "ident", "includefile", "interface", "keys", "keysdir", "leapfile", "leapsmearinterval", "logconfig",
            "logfile", "manycastserver", "mdnstries", "mru", "multicastclient", "nic", "nts", "phone", "pidfile",
            "pollskewlist", "refclock", "requestkey", "reset", "revoke", "rlimit", "saveconfigdir", "setvar",
            "statistics", "statsdir", "tinker", "tos", "trap", "trustedkey", "ttl", "unpeer", "unrestrict");

    /** The association commands. */
    static final Set<String> ASSOCIATIONS = Set.of("server", "pool", "peer", "broadcast", "manycastclient");

    /** Association options that take no value. */
    static final Set<String> FLAGS = Set.of("autokey", "burst", "iburst", "noselect", "preempt", "prefer", "true",
            "xleave", "nts", "noval");
    /** Association options that take a number. */
    static final Set<String> NUMBERS = Set.of("key", "minpoll", "maxpoll", "mode", "ttl", "version", "ask");

    /** restrict flags (ntp 4.2.8 and NTPsec). */
    static final Set<String> RESTRICT_FLAGS = Set.of("ignore", "kod", "limited", "lowpriotrap", "mssntp",
            "nomodify", "nomrulist", "nopeer", "noquery", "noserve", "notrap", "notrust", "ntpport", "version",
            "epeer", "noepeer", "flake", "serverresponse", "fuzz", "interface", "ippeerlimit");

    /** One good line. */
    public sealed interface Entry {
        /** Its line number, from 1. */
        int line();

        /** The command word, in lower case. */
        String command();
    }

    /**
     * {@code server|pool|peer|broadcast|manycastclient ADDRESS [options]}.
     *
     * @param address the host name or address as written ({@code 127.127.T.U} is reference clock type T, unit U)
     * @param flags the options without a value ({@code iburst prefer true ...})
     * @param numbers the options with a value ({@code key 3 minpoll 4 ...})
     * @param family 4 or 6 when {@code -4}/{@code -6} came before the address, else 0
     */
    public record Association(int line, String command, String address, Set<String> flags,
            Map<String, Long> numbers, int family) implements Entry {
        public Association {
            flags = Set.copyOf(flags);
            numbers = Map.copyOf(numbers);
        }

        /** Whether the option was given. */
        public boolean has(String flag) {
            return flags.contains(flag);
        }

        /** The reference clock type when the address is {@code 127.127.T.U}, else -1. */
        public int refclockType() {
            String[] p = address.split("\\.");
            if (p.length == 4 && p[0].equals("127") && p[1].equals("127") && p[2].matches("[0-9]{1,3}")
                    && p[3].matches("[0-9]{1,3}")) {
                return Integer.parseInt(p[2]);
            }
            return -1;
        }
    }

    /**
     * {@code restrict [-4|-6] default|source|ADDRESS [mask MASK] [flags]}.
     *
     * @param target {@code default}, {@code source}, or the address (or NTPsec's ADDRESS/BITS) as written
     * @param mask the mask as written, or null
     * @param flags the flags, in lower case
     * @param family 4 or 6 for {@code -4}/{@code -6}, else 0
     */
    public record Restrict(int line, String command, String target, String mask, Set<String> flags, int family)
            implements Entry {
        public Restrict {
            flags = Set.copyOf(flags);
        }

        /** Whether the flag was given. */
        public boolean has(String flag) {
            return flags.contains(flag);
        }

        /** Whether the line is about the default entry. */
        public boolean isDefault() {
            return target.equalsIgnoreCase("default");
        }
    }

    /** Any other known command, with its words. */
    public record Setting(int line, String command, List<String> args) implements Entry {
        public Setting {
            args = List.copyOf(args);
        }
    }

    /** Reads {@code text}; never throws. */
    public static NtpConf parse(String file, String text) {
        List<Entry> entries = new ArrayList<>();
        List<ConfigError> errors = new ArrayList<>();
        if (text.length() > MAX_CHARS) {
            errors.add(new ConfigError(file, 0, "the file is larger than 1 MiB", "check that this is an ntp.conf"));
            return new NtpConf(file, entries, errors);
        }
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        String[] lines = text.split("\r?\n|\r", -1);
        for (int i = 0; i < lines.length; i++) {
            int n = i + 1;
            Reader r = new Reader(file, n, errors);
            List<String> words = r.words(lines[i]);
            if (words == null || words.isEmpty()) {
                continue;
            }
            String command = words.getFirst().toLowerCase(Locale.ROOT);
            List<String> args = words.subList(1, words.size());
            Entry e;
            if (ASSOCIATIONS.contains(command)) {
                e = r.association(command, args);
            } else if (command.equals("restrict")) {
                e = r.restrict(args);
            } else if (SETTINGS.contains(command)) {
                e = new Setting(n, command, args);
            } else {
                r.error("unknown ntp.conf command '" + printable(words.getFirst()) + "'",
                        "check the spelling (ntpd, too, skips this line)");
                e = null;
            }
            if (e != null) {
                entries.add(e);
            }
        }
        return new NtpConf(file, entries, errors);
    }

    /** The entries with this command. */
    public List<Entry> all(String command) {
        return entries.stream().filter(e -> e.command().equals(command)).toList();
    }

    /** Text safe to echo: control characters as '?', cut after 80 characters. */
    static String printable(String text) {
        StringBuilder sb = new StringBuilder();
        text.codePoints().limit(80).forEach(c -> sb.appendCodePoint(Character.isISOControl(c) ? '?' : c));
        return text.length() > 80 ? sb + "..." : sb.toString();
    }

    /** The reading of one line. */
    private static final class Reader {
        final String file;
        final int line;
        final List<ConfigError> errors;

        Reader(String file, int line, List<ConfigError> errors) {
            this.file = file;
            this.line = line;
            this.errors = errors;
        }

        void error(String message, String fix) {
            errors.add(new ConfigError(file, line, message, fix));
        }

        /** The words of a line; null after an error (an unterminated quote). */
        List<String> words(String text) {
            List<String> out = new ArrayList<>();
            StringBuilder w = null;
            boolean quoted = false;
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (quoted) {
                    if (c == '"') {
                        quoted = false;
                    } else {
                        w.append(c);
                    }
                } else if (c == '#') {
                    break;
                } else if (c == '"') {
                    quoted = true;
                    w = w == null ? new StringBuilder() : w;
                } else if (c == ' ' || c == '\t' || c == '\f' || c == 0x0b) {
                    if (w != null) {
                        out.add(w.toString());
                        w = null;
                    }
                } else {
                    w = w == null ? new StringBuilder() : w;
                    w.append(c);
                }
            }
            if (quoted) {
                error("a quoted word is not closed", "end it with '\"' on the same line");
                return null;
            }
            if (w != null) {
                out.add(w.toString());
            }
            return out;
        }

        Association association(String command, List<String> args) {
            int family = family(args);
            int i = family == 0 ? 0 : 1;
            if (i >= args.size()) {
                error("'" + command + "' needs an address", "write '" + command + " ADDRESS [options]'");
                return null;
            }
            String address = args.get(i++);
            if (!hostOrAddress(address)) {
                error("'" + printable(address) + "' is not a host name or address",
                        "write a DNS name such as pool.ntp.org or a numeric address");
                return null;
            }
            Set<String> flags = new LinkedHashSet<>();
            Map<String, Long> numbers = new LinkedHashMap<>();
            for (; i < args.size(); i++) {
                String opt = args.get(i).toLowerCase(Locale.ROOT);
                if (FLAGS.contains(opt)) {
                    flags.add(opt);
                } else if (NUMBERS.contains(opt)) {
                    Long v = i + 1 < args.size() ? number(args.get(i + 1)) : null;
                    if (v == null) {
                        error("option '" + opt + "' needs a whole number", "write '" + opt + " N'");
                        return null;
                    }
                    numbers.put(opt, v);
                    i++;
                } else {
                    error("unknown option '" + printable(args.get(i)) + "' for '" + command + "'",
                            "use the options of ntp.conf(5): iburst, burst, prefer, noselect, true, key N, "
                                    + "minpoll N, maxpoll N, version N, ...");
                    return null;
                }
            }
            return new Association(line, command, address, flags, numbers, family);
        }

        Restrict restrict(List<String> args) {
            int family = family(args);
            int i = family == 0 ? 0 : 1;
            if (i >= args.size()) {
                error("'restrict' needs default, source or an address", "write e.g. 'restrict default kod "
                        + "nomodify nopeer noquery limited'");
                return null;
            }
            String target = args.get(i++);
            if (!target.equalsIgnoreCase("default") && !target.equalsIgnoreCase("source")
                    && !hostOrAddress(target.replaceFirst("/[0-9]{1,3}$", ""))) {
                error("'" + printable(target) + "' is not an address", "write default, source, or an address");
                return null;
            }
            String mask = null;
            if (i < args.size() && args.get(i).equalsIgnoreCase("mask")) {
                if (i + 1 >= args.size()) {
                    error("'mask' needs a value", "write e.g. 'mask 255.255.255.0'");
                    return null;
                }
                mask = args.get(i + 1);
                i += 2;
            }
            Set<String> flags = new LinkedHashSet<>();
            for (; i < args.size(); i++) {
                String f = args.get(i).toLowerCase(Locale.ROOT);
                if (!RESTRICT_FLAGS.contains(f) && number(f) == null) {
                    error("unknown restrict flag '" + printable(args.get(i)) + "'", "use the flags of ntp.conf(5): "
                            + "ignore, kod, limited, nomodify, nopeer, noquery, noserve, notrap, ...");
                    return null;
                }
                flags.add(f);
            }
            return new Restrict(line, "restrict", target, mask, flags, family);
        }

        /** 4 or 6 when the first word is {@code -4} or {@code -6}, else 0. */
        static int family(List<String> args) {
            return args.isEmpty() ? 0 : args.getFirst().equals("-4") ? 4 : args.getFirst().equals("-6") ? 6 : 0;
        }

        /** A host name (letters, digits, dots, hyphens, underscores) or a numeric address. */
        static boolean hostOrAddress(String text) {
            return !text.isEmpty() && text.length() <= 253 && text.matches("[A-Za-z0-9._:%\\[\\]-]+");
        }

        static Long number(String text) {
            if (!text.matches("-?[0-9]{1,18}")) {
                return null;
            }
            return Long.parseLong(text);
        }
    }
}
