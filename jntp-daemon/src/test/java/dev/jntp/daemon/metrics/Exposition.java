// Reads the Prometheus text exposition format back into numbers, for tests that scrape /metrics.
package dev.jntp.daemon.metrics;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A strict reader of the text format (version 0.0.4): every line is a comment ({@code # HELP},
 * {@code # TYPE}) or a sample {@code name{label="value",...} number}; anything else fails the test.
 */
public final class Exposition {

    private static final Pattern SAMPLE = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)})? (\\S+)");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\",?");

    private final Map<String, Double> samples = new LinkedHashMap<>();
    private final Map<String, String> types = new LinkedHashMap<>();

    private Exposition() {}

    /** Parses a whole exposition; throws IllegalArgumentException at the first line that is neither. */
    public static Exposition parse(String text) {
        Exposition e = new Exposition();
        for (String line : text.split("\n")) {
            if (line.startsWith("# TYPE ")) {
                String[] w = line.split(" ");
                e.types.put(w[2], w[3]);
            } else if (line.startsWith("# HELP ") || line.isEmpty()) {
                continue;
            } else {
                Matcher m = SAMPLE.matcher(line);
                if (!m.matches()) {
                    throw new IllegalArgumentException("not a sample: " + line);
                }
                Map<String, String> labels = new TreeMap<>();
                if (m.group(2) != null) {
                    Matcher l = LABEL.matcher(m.group(2));
                    int end = 0;
                    while (l.find() && l.start() == end) {
                        labels.put(l.group(1), l.group(2));
                        end = l.end();
                    }
                    if (end != m.group(2).length()) {
                        throw new IllegalArgumentException("bad labels: " + line);
                    }
                }
                String key = key(m.group(1), labels);
                if (e.samples.put(key, Double.parseDouble(m.group(3))) != null) {
                    throw new IllegalArgumentException("repeated sample: " + key);
                }
            }
        }
        return e;
    }

    private static String key(String name, Map<String, String> labels) {
        return labels.isEmpty() ? name : name + labels;
    }

    /** The value of a sample without labels; throws when absent. */
    public double value(String name) {
        return get(name);
    }

    /** The value of a sample with labels given as name, value, name, value...; throws when absent. */
    public double value(String name, String... labelPairs) {
        Map<String, String> labels = new TreeMap<>();
        for (int i = 0; i < labelPairs.length; i += 2) {
            labels.put(labelPairs[i], labelPairs[i + 1]);
        }
        return get(key(name, labels));
    }

    /** Whether a sample of that name exists, with any labels. */
    public boolean has(String name) {
        return samples.keySet().stream().anyMatch(k -> k.equals(name) || k.startsWith(name + "{"));
    }

    /** The declared type of a metric family ("gauge", "counter"). */
    public String type(String family) {
        return types.get(family);
    }

    private double get(String key) {
        Double v = samples.get(key);
        if (v == null) {
            throw new AssertionError("no sample " + key + " among " + samples.keySet());
        }
        return v;
    }
}
