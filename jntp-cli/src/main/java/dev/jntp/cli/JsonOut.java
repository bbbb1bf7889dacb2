// Prints a control reply's data as indented JSON for the status commands' --json.
package dev.jntp.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.jntp.daemon.control.ControlMessages;
import java.io.IOException;
import java.io.PrintStream;
import java.util.Map;

/** Writes maps, lists, strings, numbers, booleans and nulls as they came from the daemon, keys in order. */
final class JsonOut {

    private static final JsonFactory JSON = new JsonFactory();

    private JsonOut() {}

    static void print(PrintStream out, Map<String, Object> data) throws IOException {
        try (JsonGenerator g = JSON.createGenerator(out).useDefaultPrettyPrinter()) {
            g.configure(JsonGenerator.Feature.AUTO_CLOSE_TARGET, false);
            ControlMessages.writeValue(g, data);
        }
        out.println();
    }
}
