// The jntp.conf a converter writes: kept comments, converted lines with notes, and lines kept only as comments.
package dev.jntp.config.convert;

import dev.jntp.config.ConfigError;
import dev.jntp.config.ConfigParser;
import dev.jntp.config.ConfigResult;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Collects the output of a conversion. Each line written is first checked alone with jntp's parser; at the end
 * the whole text is checked, and a line rejected only in company (a second {@code bindcmdaddress}, both
 * {@code leapsectz} and {@code leapseclist}) is commented out with the parser's reason, so the text is always a
 * valid jntp.conf.
 */
final class Output {

    private final List<String> out = new ArrayList<>();
    private int carried;
    private int notCarried;

    /** A line written as it is (a comment, a blank line). */
    void add(String line) {
        out.add(line);
    }

    /** The conversion of line {@code n} of {@code file}, whose text was {@code raw}. */
    void emit(String file, int n, String raw, Conv c) {
        List<String> good = new ArrayList<>();
        List<String> notes = new ArrayList<>(c.notes());
        String why = c.notCarried();
        for (String l : c.lines()) {
            String problem = Checked.problem(l);
            if (problem == null) {
                good.add(l);
            } else {
                notes.add("'" + l + "' is not valid in jntp.conf: " + problem);
            }
        }
        if (why == null && good.isEmpty() && !c.lines().isEmpty()) {
            why = String.join("; ", notes);
            notes.clear();
        }
        if (why != null) {
            notCarried++;
            out.add("# " + where(file, n) + raw);
            out.add("#   not carried over: " + why);
            return;
        }
        if (c.lines().isEmpty() && notes.isEmpty()) {
            return;
        }
        carried++;
        if (!notes.isEmpty()) {
            out.add("# " + where(file, n) + raw);
        }
        out.addAll(good);
        notes.forEach(note -> out.add("#   " + note));
    }

    /** {@code FILE:LINE: }. */
    static String where(String file, int n) {
        return file + ":" + n + ": ";
    }

    /** The text, every line the whole-file check rejects commented out with its reason. */
    Converted result(List<ConfigError> readErrors) {
        for (int round = 0; round < 16; round++) {
            if (!(ConfigParser.parse("out", text()) instanceof ConfigResult.Invalid bad)) {
                break;
            }
            List<ConfigError> errors = new ArrayList<>(bad.errors());
            errors.sort(Comparator.comparingInt(ConfigError::line).reversed());
            int lastLine = -1;
            for (ConfigError e : errors) {
                int i = e.line() - 1;
                if (e.line() == lastLine || i < 0 || i >= out.size()) {
                    continue;
                }
                lastLine = e.line();
                out.set(i, "# " + out.get(i));
                out.add(i + 1, "#   not carried over: " + e.message() + " (" + e.fix() + ")");
                carried--;
                notCarried++;
            }
        }
        return new Converted(text(), carried, notCarried, readErrors);
    }

    private String text() {
        StringBuilder sb = new StringBuilder();
        out.forEach(l -> sb.append(l).append('\n'));
        return sb.toString();
    }
}
