// Reads a JSON document into maps, lists, numbers, strings, booleans and nulls, for tests of /status.json.
package dev.jntp.daemon.metrics;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A tree reader on Jackson's streaming parser; numbers become doubles. Test code only. */
public final class Json {

    private static final JsonFactory JSON = new JsonFactory();

    private Json() {}

    /** The document's root object; throws if the text is not one complete JSON object. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> object(byte[] text) {
        try (JsonParser p = JSON.createParser(text)) {
            Object root = value(p, p.nextToken());
            if (p.nextToken() != null) {
                throw new IllegalArgumentException("text after the document");
            }
            return (Map<String, Object>) root;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Object value(JsonParser p, JsonToken t) throws IOException {
        return switch (t) {
            case START_OBJECT -> {
                Map<String, Object> m = new LinkedHashMap<>();
                for (JsonToken k = p.nextToken(); k != JsonToken.END_OBJECT; k = p.nextToken()) {
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
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> p.getDoubleValue();
            case VALUE_STRING -> p.getText();
            case VALUE_TRUE -> true;
            case VALUE_FALSE -> false;
            case VALUE_NULL -> null;
            default -> throw new IllegalArgumentException("unexpected " + t);
        };
    }
}
