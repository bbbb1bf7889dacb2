// The conversion of one source line: the jntp.conf lines and notes it becomes, or why it is not carried over.
package dev.jntp.config.convert;

import java.util.ArrayList;
import java.util.List;

/**
 * What one line of an ntp.conf or chrony.conf becomes.
 *
 * @param lines jntp.conf lines to write
 * @param notes remarks written as comments below them
 * @param notCarried why the line is kept only as a comment, or null when it is carried over
 */
record Conv(List<String> lines, List<String> notes, String notCarried) {

    Conv {
        lines = List.copyOf(lines);
        notes = List.copyOf(notes);
    }

    /** Carried over as these lines. */
    static Conv of(String... lines) {
        return new Conv(List.of(lines), List.of(), null);
    }

    /** Not carried over, for this reason. */
    static Conv not(String why) {
        return new Conv(List.of(), List.of(), why);
    }

    /** Nothing to write, nothing to say (the line was handled elsewhere, e.g. an included file). */
    static Conv handled() {
        return new Conv(List.of(), List.of(), null);
    }

    /** The same with a note. */
    Conv note(String note) {
        List<String> n = new ArrayList<>(notes);
        n.add(note);
        return new Conv(lines, n, notCarried);
    }

    /** The same with another line. */
    Conv line(String line) {
        List<String> l = new ArrayList<>(lines);
        l.add(line);
        return new Conv(l, notes, notCarried);
    }
}
