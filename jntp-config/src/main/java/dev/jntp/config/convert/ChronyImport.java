// Converts a chrony.conf into jntp.conf: supported lines kept, the rest commented out with what to do instead.
package dev.jntp.config.convert;

import dev.jntp.config.ConfigError;
import dev.jntp.config.ConfigLines;
import dev.jntp.config.ConfigParser;
import dev.jntp.config.ConfigResult;
import dev.jntp.config.UnsupportedDirectives;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * chrony.conf to jntp.conf. jntp.conf is chrony.conf's syntax, so a line jntp accepts is kept as it is; a
 * {@code server}/{@code pool} option jntp does not know ({@code xleave}, {@code polltarget 6}, ...) is dropped with
 * a note and the rest of the line kept; {@code include} and {@code confdir} are converted in place when the files
 * can be read; any other line jntp rejects is kept as a comment with the parser's reason and fix (for chrony
 * directives jntp does not implement, what to do instead).
 */
public final class ChronyImport {

    private static final Pattern UNKNOWN_OPTION = Pattern.compile("unknown option '([^']*)' for '(server|pool)'");
    /** chrony's source options that take a value, so that dropping one drops its value too. */
    private static final Set<String> VALUED = Set.of("polltarget", "minstratum", "maxdelayratio", "maxdelaydevratio",
            "mindelay", "asymmetry", "offset", "filter", "presend", "certset", "extfield", "maxsamples",
            "minsamples");

    private ChronyImport() {}

    /** Converts {@code text}, read from {@code file}; never throws. */
    public static Converted convert(String file, String text, Includes includes) {
        Output out = new Output();
        out.add("# jntp.conf converted by 'jntp config import' from " + file + " (chrony.conf).");
        out.add("# Lines that could not be carried over are kept as comments with the reason.");
        new ChronyImport.Run(out, includes).file(file, text, 0);
        return out.result(List.of());
    }

    /** One conversion, following includes. */
    private record Run(Output out, Includes includes, Set<String> visited) {
        Run(Output out, Includes includes) {
            this(out, includes, new HashSet<>());
        }

        void file(String file, String text, int depth) {
            visited.add(file);
            String[] raw = (text.startsWith("\uFEFF") ? text.substring(1) : text).split("\r?\n|\r", -1);
            int last = raw.length;
            while (last > 0 && raw[last - 1].isBlank()) {
                last--;
            }
            List<ConfigLines.Line> lines = ConfigLines.of(text);
            int next = 0;
            for (int i = 0; i < last; i++) {
                int n = i + 1;
                if (next < lines.size() && lines.get(next).number() == n) {
                    out.emit(file, n, raw[i].strip(), convert(lines.get(next++), file, depth));
                } else {
                    out.add(raw[i].strip());
                }
            }
        }

        Conv convert(ConfigLines.Line l, String file, int depth) {
            switch (l.directive()) {
                case "include" -> {
                    return l.args().size() == 1 ? include(l, List.of(l.args().getFirst()), file, depth)
                            : Conv.not("write 'include FILE'");
                }
                case "confdir" -> {
                    List<String> files = new ArrayList<>();
                    l.args().forEach(d -> files.addAll(includes.list(d, ".conf")));
                    return files.isEmpty() ? Conv.not("no *.conf file found in " + String.join(" ", l.args())
                            + " (or it cannot be read): jntp reads one file; paste such files' lines here")
                            : include(l, files, file, depth);
                }
                default -> { }
            }
            List<String> words = new ArrayList<>(l.args());
            List<String> notes = new ArrayList<>();
            for (int round = 0; round <= l.args().size(); round++) {
                String line = words.isEmpty() ? l.directive() : l.directive() + " " + String.join(" ", words);
                ConfigError e = firstError(line);
                if (e == null) {
                    Conv c = Conv.of(line);
                    for (String note : notes) {
                        c = c.note(note);
                    }
                    return c;
                }
                Matcher m = UNKNOWN_OPTION.matcher(e.message());
                int at = m.find() ? indexOfIgnoreCase(words, m.group(1)) : -1;
                if (at < 1) {
                    String advice = UnsupportedDirectives.advice(l.directive()).orElse(e.fix());
                    return Conv.not(e.message() + "; " + advice);
                }
                String option = words.remove(at);
                String value = VALUED.contains(option.toLowerCase(java.util.Locale.ROOT)) && at < words.size()
                        ? " " + words.remove(at) : "";
                notes.add("'" + option + value + "' dropped: jntp has no such source option");
            }
            return Conv.not("too many options jntp does not know");
        }

        Conv include(ConfigLines.Line l, List<String> files, String file, int depth) {
            if (depth >= NtpImport.MAX_INCLUDE_DEPTH) {
                return Conv.not("included too deep (a loop of include lines?)");
            }
            List<String> read = new ArrayList<>();
            for (String f : files) {
                if (visited.contains(f) || includes.read(f).isEmpty()) {
                    return Conv.not("cannot read " + f + " (or it is included twice): convert it with 'jntp config"
                            + " import " + f + "' and paste the lines here");
                }
                read.add(f);
            }
            out.add("# " + Output.where(file, l.number()) + l.text() + " (converted below)");
            for (String f : read) {
                file(f, includes.read(f).orElseThrow(), depth + 1);
            }
            out.add("# end of " + l.text());
            return Conv.handled();
        }

        private static ConfigError firstError(String line) {
            return ConfigParser.parse("line", line + "\n") instanceof ConfigResult.Invalid bad
                    ? bad.errors().getFirst() : null;
        }

        private static int indexOfIgnoreCase(List<String> words, String word) {
            for (int i = 0; i < words.size(); i++) {
                if (words.get(i).equalsIgnoreCase(word)) {
                    return i;
                }
            }
            return -1;
        }
    }
}
