// The text of mode 6 variable lists: "name=value, name=value" as servers send them and ntpq reads them.
package dev.jntp.proto;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Variable lists in control message data (RFC 9327 section 2; the layout of ntpd and NTPsec).
 * A reply lists {@code name=value} items separated by a comma and a blank, or by a comma and
 * CR LF where a line would reach 72 characters, and ends with CR LF; string values are in
 * double quotes and may hold commas. A READVAR request lists just the names, separated by
 * commas. Parsing is total: any octets give a list, never an exception.
 */
public final class ControlVariables {

    /** Lines are broken before they reach this many characters. */
    static final int LINE_LIMIT = 72;

    /**
     * One item.
     *
     * @param name the variable's name
     * @param value its text as sent (strings keep their quotes), or null for a bare name
     */
    public record Variable(String name, String value) {

        /** The value without the double quotes of a string; null for a bare name. */
        public String unquoted() {
            return value != null && value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")
                    ? value.substring(1, value.length() - 1) : value;
        }
    }

    private ControlVariables() {}

    /** The data of a reply listing {@code vars} in order: ASCII text ending with CR LF (empty for no items). */
    public static byte[] format(List<Variable> vars) {
        StringBuilder sb = new StringBuilder();
        int line = 0;
        for (Variable v : vars) {
            String item = v.value() == null ? v.name() : v.name() + "=" + v.value();
            if (!sb.isEmpty()) {
                sb.append(',');
                line++;
                if (line + item.length() + 1 >= LINE_LIMIT) {
                    sb.append("\r\n");
                    line = 0;
                } else {
                    sb.append(' ');
                    line++;
                }
            }
            sb.append(item);
            line += item.length();
        }
        if (!sb.isEmpty()) {
            sb.append("\r\n");
        }
        return sb.toString().getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * The names a READVAR request asks for, in order: comma-separated items, blanks around them
     * ignored, empty items skipped; an item {@code name=value} names {@code name} (a read ignores the value).
     * Other octets are kept as they are (as ISO-8859-1), so that garbage never matches a real name.
     */
    public static List<String> requestedNames(byte[] data) {
        List<String> out = new ArrayList<>();
        for (Variable v : split(data, false)) {
            out.add(v.name());
        }
        return out;
    }

    /**
     * The items of a reply: split at commas outside double quotes, blanks and line breaks around
     * items removed, empty items skipped, control and non-ASCII octets outside strings dropped.
     */
    public static List<Variable> parse(byte[] data) {
        return split(data, true);
    }

    private static List<Variable> split(byte[] data, boolean quotes) {
        List<Variable> out = new ArrayList<>();
        if (data == null) {
            return out;
        }
        StringBuilder item = new StringBuilder();
        boolean inString = false;
        for (byte b : data) {
            char c = (char) (b & 0xFF);
            if (quotes && c == '"') {
                inString = !inString;
                item.append(c);
            } else if (c == ',' && !inString) {
                add(out, item);
                item.setLength(0);
            } else if (inString || !quotes || (c >= 0x20 && c < 0x7F)) {
                item.append(c);
            }
        }
        add(out, item);
        return out;
    }

    private static void add(List<Variable> out, StringBuilder item) {
        String s = item.toString().strip();
        if (s.isEmpty()) {
            return;
        }
        int eq = s.indexOf('=');
        out.add(eq < 0 ? new Variable(s, null) : new Variable(s.substring(0, eq).strip(), s.substring(eq + 1).strip()));
    }
}
