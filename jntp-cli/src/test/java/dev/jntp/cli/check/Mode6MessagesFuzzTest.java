// Fuzzes the mode 6 client's decoder, fragment reassembly and variable-list reader: any bytes, no exception.
package dev.jntp.cli.check;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.Map;

/**
 * Under plain {@code mvn verify} this replays the corpus in {@code Mode6MessagesFuzzTestInputs/decodeNeverThrows/}
 * (each file is a run of datagrams, each preceded by its length in one octet); with {@code JAZZER_FUZZ=1} it fuzzes.
 */
class Mode6MessagesFuzzTest {

    @FuzzTest(maxDuration = "30s")
    void decodeNeverThrows(byte[] input) {
        Mode6Messages.Reassembly r = new Mode6Messages.Reassembly();
        int at = 0;
        while (at < input.length) {
            int n = Math.min(input[at] & 0xFF, input.length - at - 1);
            byte[] datagram = java.util.Arrays.copyOfRange(input, at + 1, at + 1 + n);
            at += 1 + n;
            if (Mode6Messages.decode(datagram, datagram.length) instanceof Mode6Messages.Decoded.Fragment f) {
                check(f.data().length <= Mode6Messages.MAX_DATA, "data within one datagram's limit");
                r.add(f);
            }
        }
        if (r.complete()) {
            check(r.problem() == null, "a complete reply has no problem");
            Map<String, String> vars = Mode6Messages.variables(r.data());
            check(vars.size() <= Mode6Messages.MAX_VARIABLES, "bounded variables");
            check(!vars.containsKey(""), "no empty name");
            Mode6Messages.associations(r.data());
        }
        Mode6Messages.variables(input);
    }

    private static void check(boolean ok, String property) {
        if (!ok) {
            throw new AssertionError(property);
        }
    }
}
