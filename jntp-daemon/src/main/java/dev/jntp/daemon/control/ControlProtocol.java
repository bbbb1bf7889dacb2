// The control socket's wire format: one JSON object per line, versioned, read with bounds and never trusted.
package dev.jntp.daemon.control;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Requests: {@code {"version":1,"command":"NAME"}}. Replies: {@code {"version":1,"ok":true,
 * "command":"NAME","data":{...}}} or {@code {"version":1,"ok":false,"error":"..."}}. A reply to a
 * newer version than this daemon speaks is an error naming both versions.
 */
public final class ControlProtocol {

    /** The protocol version this build speaks. */
    public static final int VERSION = 1;

    private static final JsonFactory JSON = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(8).maxStringLength(1024).build())
            .build();

    private ControlProtocol() {}

    /** A parsed request: its command, or the error to answer. */
    public record Request(String command, String error) {}

    /** Parses a request line; never throws. */
    public static Request parse(String line) {
        int version = -1;
        String command = null;
        try (JsonParser p = JSON.createParser(line)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return new Request(null, "a request is a JSON object");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken t = p.nextToken();
                switch (name) {
                    case "version" -> version = t == JsonToken.VALUE_NUMBER_INT ? p.getIntValue() : -1;
                    case "command" -> command = t == JsonToken.VALUE_STRING ? p.getText() : null;
                    default -> p.skipChildren();
                }
            }
        } catch (IOException | RuntimeException e) {
            return new Request(null, "malformed JSON request");
        }
        if (version != VERSION) {
            return new Request(null, "unsupported protocol version " + version + " (this daemon speaks " + VERSION + ")");
        }
        if (command == null || command.isEmpty()) {
            return new Request(null, "missing \"command\"");
        }
        return new Request(command, null);
    }

    /** The request line for a command. */
    public static String request(String command) {
        return write(g -> {
            g.writeNumberField("version", VERSION);
            g.writeStringField("command", command);
        });
    }

    /** An error reply. */
    public static String error(String message) {
        return write(g -> {
            g.writeNumberField("version", VERSION);
            g.writeBooleanField("ok", false);
            g.writeStringField("error", message);
        });
    }

    /** The reply to {@code tracking}. */
    public static String tracking(Tracking t) {
        return write(g -> {
            g.writeNumberField("version", VERSION);
            g.writeBooleanField("ok", true);
            g.writeStringField("command", "tracking");
            g.writeObjectFieldStart("data");
            g.writeStringField("reference_id", t.referenceId());
            g.writeStringField("reference_name", t.referenceName());
            g.writeNumberField("stratum", t.stratum());
            g.writeNumberField("reference_time_unix_ns", t.referenceTimeUnixNanos());
            g.writeNumberField("system_time_offset", t.systemTimeOffset());
            g.writeNumberField("last_offset", t.lastOffset());
            g.writeNumberField("rms_offset", t.rmsOffset());
            g.writeNumberField("frequency_ppm", t.frequencyPpm());
            g.writeNumberField("skew_ppm", t.skewPpm());
            g.writeNumberField("root_delay", t.rootDelay());
            g.writeNumberField("root_dispersion", t.rootDispersion());
            g.writeNumberField("update_interval", t.updateInterval());
            g.writeStringField("leap_status", t.leap());
            g.writeBooleanField("synchronised", t.synchronised());
            g.writeStringField("alarm", t.alarm());
            g.writeNumberField("residual_frequency_ppm", t.residualFrequencyPpm());
            g.writeEndObject();
        });
    }

    /** A successful reply to {@code command} whose data are the given scalars (numbers, booleans, text), in order. */
    public static String reply(String command, Map<String, ?> data) {
        return write(g -> {
            g.writeNumberField("version", VERSION);
            g.writeBooleanField("ok", true);
            g.writeStringField("command", command);
            g.writeObjectFieldStart("data");
            for (Map.Entry<String, ?> e : data.entrySet()) {
                g.writeFieldName(e.getKey());
                switch (e.getValue()) {
                    case Integer i -> g.writeNumber(i);
                    case Long l -> g.writeNumber(l);
                    case Double x -> g.writeNumber(x);
                    case Boolean b -> g.writeBoolean(b);
                    case null -> g.writeNull();
                    default -> g.writeString(String.valueOf(e.getValue()));
                }
            }
            g.writeEndObject();
        });
    }

    /**
     * Reads a reply into its "data" fields (scalars as text or numbers), or throws with the
     * daemon's error message.
     */
    public static Map<String, Object> data(String reply) throws ControlException {
        Map<String, Object> data = new LinkedHashMap<>();
        boolean ok = false;
        String error = "malformed reply";
        try (JsonParser p = JSON.createParser(reply)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new ControlException("malformed reply from the daemon");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken t = p.nextToken();
                switch (name) {
                    case "ok" -> ok = t == JsonToken.VALUE_TRUE;
                    case "error" -> error = p.getText();
                    case "data" -> {
                        if (t != JsonToken.START_OBJECT) {
                            throw new ControlException("malformed reply from the daemon");
                        }
                        while (p.nextToken() == JsonToken.FIELD_NAME) {
                            String key = p.currentName();
                            JsonToken v = p.nextToken();
                            data.put(key, switch (v) {
                                case VALUE_NUMBER_INT -> p.getLongValue();
                                case VALUE_NUMBER_FLOAT -> p.getDoubleValue();
                                case VALUE_TRUE -> Boolean.TRUE;
                                case VALUE_FALSE -> Boolean.FALSE;
                                default -> {
                                    p.skipChildren();
                                    yield p.getText();
                                }
                            });
                        }
                    }
                    default -> p.skipChildren();
                }
            }
        } catch (IOException e) {
            throw new ControlException("malformed reply from the daemon: " + e.getMessage());
        }
        if (!ok) {
            throw new ControlException(error);
        }
        return data;
    }

    /** The daemon answered with an error, or not in the protocol. */
    public static final class ControlException extends Exception {
        public ControlException(String message) {
            super(message);
        }
    }

    interface Body {
        void write(JsonGenerator g) throws IOException;
    }

    static String write(Body body) {
        StringWriter w = new StringWriter();
        try (JsonGenerator g = JSON.createGenerator(w)) {
            g.writeStartObject();
            body.write(g);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return w.toString();
    }
}
