// The control protocol's requests with arguments and its replies of any shape (lists of sources, clients), both ways.
package dev.jntp.daemon.control;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Version 1 of {@link ControlProtocol}, extended: a request may carry {@code "args"}, an array of
 * at most {@value #MAX_ARGS} strings ({@code {"version":1,"command":"delete","args":["192.0.2.1"]}}),
 * and a reply's {@code "data"} may hold arrays and objects (at most {@value #MAX_DEPTH} deep).
 * Daemons that predate arguments ignore them, so old and new ends still understand each other's
 * plain requests. Values written: strings, numbers (a NaN or infinite number is written as
 * {@code null}: nothing measured yet), booleans, null, {@link List}s and {@link Map}s.
 */
public final class ControlMessages {

    /** Arguments a request may carry. */
    public static final int MAX_ARGS = 64;
    /** Nesting of a reply. */
    static final int MAX_DEPTH = 8;

    private static final JsonFactory REQUESTS = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(4).maxStringLength(1024).build())
            .build();
    private static final JsonFactory REPLIES = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH)
                    .maxStringLength(1 << 16).build())
            .build();

    private ControlMessages() {}

    /** A parsed request: its command and arguments, or the error to answer. */
    public record Request(String command, List<String> args, String error) {}

    /** The request line for a command with arguments. */
    public static String request(String command, List<String> args) {
        return ControlProtocol.write(g -> {
            g.writeNumberField("version", ControlProtocol.VERSION);
            g.writeStringField("command", command);
            g.writeArrayFieldStart("args");
            for (String a : args) {
                g.writeString(a);
            }
            g.writeEndArray();
        });
    }

    /** Parses a request line with its arguments; never throws. */
    public static Request parse(String line) {
        ControlProtocol.Request base = ControlProtocol.parse(line);
        if (base.error() != null) {
            return new Request(null, List.of(), base.error());
        }
        List<String> args = new ArrayList<>();
        try (JsonParser p = REQUESTS.createParser(line)) {
            p.nextToken();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken t = p.nextToken();
                if (!name.equals("args")) {
                    p.skipChildren();
                    continue;
                }
                if (t != JsonToken.START_ARRAY) {
                    return new Request(null, List.of(), "\"args\" must be an array of strings");
                }
                for (JsonToken e = p.nextToken(); e != JsonToken.END_ARRAY; e = p.nextToken()) {
                    if (e != JsonToken.VALUE_STRING || args.size() == MAX_ARGS) {
                        return new Request(null, List.of(), "\"args\" must be an array of at most " + MAX_ARGS
                                + " strings");
                    }
                    args.add(p.getText());
                }
            }
        } catch (IOException | RuntimeException e) {
            return new Request(null, List.of(), "malformed JSON request");
        }
        return new Request(base.command(), List.copyOf(args), null);
    }

    /** A successful reply to {@code command} carrying {@code data}. */
    public static String ok(String command, Map<String, ?> data) {
        return ControlProtocol.write(g -> {
            g.writeNumberField("version", ControlProtocol.VERSION);
            g.writeBooleanField("ok", true);
            g.writeStringField("command", command);
            g.writeFieldName("data");
            writeValue(g, data);
        });
    }

    /**
     * The "data" of a reply with its arrays and objects (numbers as Long or Double), or the daemon's
     * error as an exception.
     */
    public static Map<String, Object> data(String reply) throws ControlProtocol.ControlException {
        Map<String, Object> data = null;
        boolean ok = false;
        String error = "malformed reply from the daemon";
        try (JsonParser p = REPLIES.createParser(reply)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new ControlProtocol.ControlException("malformed reply from the daemon");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken t = p.nextToken();
                switch (name) {
                    case "ok" -> ok = t == JsonToken.VALUE_TRUE;
                    case "error" -> error = p.getText();
                    case "data" -> data = read(p, t) instanceof Map<?, ?> m ? cast(m) : null;
                    default -> p.skipChildren();
                }
            }
        } catch (IOException | RuntimeException e) {
            throw new ControlProtocol.ControlException("malformed reply from the daemon: " + e.getMessage());
        }
        if (!ok) {
            throw new ControlProtocol.ControlException(error);
        }
        if (data == null) {
            throw new ControlProtocol.ControlException("malformed reply from the daemon: no data");
        }
        return data;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> cast(Map<?, ?> m) {
        return (Map<String, Object>) m;
    }

    private static Object read(JsonParser p, JsonToken t) throws IOException {
        return switch (t) {
            case START_OBJECT -> {
                Map<String, Object> m = new LinkedHashMap<>();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String key = p.currentName();
                    m.put(key, read(p, p.nextToken()));
                }
                yield m;
            }
            case START_ARRAY -> {
                List<Object> l = new ArrayList<>();
                for (JsonToken e = p.nextToken(); e != JsonToken.END_ARRAY; e = p.nextToken()) {
                    l.add(read(p, e));
                }
                yield l;
            }
            case VALUE_NUMBER_INT -> p.getLongValue();
            case VALUE_NUMBER_FLOAT -> p.getDoubleValue();
            case VALUE_TRUE -> Boolean.TRUE;
            case VALUE_FALSE -> Boolean.FALSE;
            case VALUE_NULL -> null;
            default -> p.getText();
        };
    }

    /** Writes a value of the kinds the class comment lists, lists and maps recursively. */
    public static void writeValue(JsonGenerator g, Object v) throws IOException {
        switch (v) {
            case null -> g.writeNull();
            case String s -> g.writeString(s);
            case Boolean b -> g.writeBoolean(b);
            case Double d when d.isNaN() || d.isInfinite() -> g.writeNull();
            case Float f when f.isNaN() || f.isInfinite() -> g.writeNull();
            case Double d -> g.writeNumber(d);
            case Float f -> g.writeNumber(f);
            case Number n -> g.writeNumber(n.longValue());
            case Map<?, ?> m -> {
                g.writeStartObject();
                for (Map.Entry<?, ?> e : m.entrySet()) {
                    g.writeFieldName(String.valueOf(e.getKey()));
                    writeValue(g, e.getValue());
                }
                g.writeEndObject();
            }
            case List<?> l -> {
                g.writeStartArray();
                for (Object e : l) {
                    writeValue(g, e);
                }
                g.writeEndArray();
            }
            default -> g.writeString(String.valueOf(v));
        }
    }
}
