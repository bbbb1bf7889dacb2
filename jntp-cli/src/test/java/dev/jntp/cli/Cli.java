// Runs the jntp command in process with its output captured, and starts daemons for it to query, for the CLI tests.
package dev.jntp.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.jntp.config.ConfigParser;
import dev.jntp.config.ConfigResult;
import dev.jntp.daemon.NtpDaemon;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.DatagramSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What one run of {@code jntp} printed and returned (public: the interop tests use it through the test jar). */
public record Cli(int exit, String out, String err, long millis) {

    /** Runs {@link Main#execute} with System.out and System.err captured. */
    public static synchronized Cli run(String... args) {
        PrintStream stdout = System.out;
        PrintStream stderr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        long start = System.nanoTime();
        int exit;
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            exit = Main.execute(args);
        } finally {
            System.setOut(stdout);
            System.setErr(stderr);
        }
        return new Cli(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8),
                (System.nanoTime() - start) / 1_000_000L);
    }

    /** A port nothing was bound to a moment ago. */
    public static int unusedPort() throws IOException {
        try (DatagramSocket s = new DatagramSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** A daemon on both loopback addresses of a free port, serving the given configuration lines. */
    public static NtpDaemon daemon(String lines) throws IOException {
        IOException last = null;
        for (int attempt = 0; attempt < 10; attempt++) {
            String text = "port " + unusedPort() + "\nbindaddress 127.0.0.1\nbindaddress ::1\n"
                    + (lines.contains("bindcmdaddress") ? "" : "bindcmdaddress /\n")
                    + (lines.contains("metricsport") ? "" : "metricsport 0\n") + lines;
            if (!(ConfigParser.parse("test.conf", text) instanceof ConfigResult.Valid v)) {
                throw new AssertionError("invalid test config: " + text);
            }
            try {
                return NtpDaemon.start(v.config());
            } catch (IOException e) {
                last = e;
            }
        }
        throw last;
    }

    /** The JSON text as maps, lists, strings, numbers, booleans and nulls. */
    public static Object json(String text) throws IOException {
        try (JsonParser p = new JsonFactory().createParser(text)) {
            Object value = value(p, p.nextToken());
            if (p.nextToken() != null) {
                throw new IOException("text after the JSON value");
            }
            return value;
        }
    }

    private static Object value(JsonParser p, JsonToken t) throws IOException {
        return switch (t) {
            case START_OBJECT -> {
                Map<String, Object> m = new LinkedHashMap<>();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    m.put(name, value(p, p.nextToken()));
                }
                yield m;
            }
            case START_ARRAY -> {
                List<Object> l = new ArrayList<>();
                for (JsonToken e = p.nextToken(); e != JsonToken.END_ARRAY; e = p.nextToken()) {
                    l.add(value(p, e));
                }
                yield l;
            }
            case VALUE_STRING -> p.getText();
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> p.getNumberValue();
            case VALUE_TRUE, VALUE_FALSE -> p.getBooleanValue();
            case VALUE_NULL -> null;
            default -> throw new IOException("unexpected " + t);
        };
    }

    /** Standard error without the lines Jazzer's agent prints when it instruments a class during the run. */
    public String errors() {
        return err.lines().filter(l -> !l.startsWith("INFO: Instrumented ")).map(l -> l + "\n")
                .collect(java.util.stream.Collectors.joining());
    }
}
