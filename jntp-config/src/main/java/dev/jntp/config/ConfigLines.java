// The directive lines of a chrony.conf-syntax text, split into words the way ConfigParser splits them.
package dev.jntp.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Tools that read chrony.conf-syntax files without building a {@link JntpConfig} (the effective
 * configuration printer, the audit of a chrony.conf) see the same lines and words as the parser:
 * comments ({@code # ! ; %} first on a line, or after a blank and {@code #}) and blank lines are left
 * out, line numbers count LF, CRLF and a lone CR. Never throws.
 */
public final class ConfigLines {

    private ConfigLines() {}

    /**
     * One directive line.
     *
     * @param number its line number, from 1
     * @param directive the first word in lower case
     * @param args the other words as written
     */
    public record Line(int number, String directive, List<String> args) {
        public Line {
            args = List.copyOf(args);
        }

        /** The line as one blank-separated string, the directive in lower case. */
        public String text() {
            return args.isEmpty() ? directive : directive + " " + String.join(" ", args);
        }
    }

    /** The directive lines of {@code text}, in order. */
    public static List<Line> of(String text) {
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        String[] lines = text.split("\r?\n|\r", -1);
        List<Line> out = new ArrayList<>();
        for (int i = 0; i < lines.length; i++) {
            List<String> words = ConfigParser.words(lines[i]);
            if (!words.isEmpty()) {
                out.add(new Line(i + 1, words.getFirst().toLowerCase(Locale.ROOT), words.subList(1, words.size())));
            }
        }
        return out;
    }
}
