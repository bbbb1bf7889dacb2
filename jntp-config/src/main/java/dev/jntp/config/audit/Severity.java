// How bad a finding is: its weight in the score and the exit status of 'jntp audit' when it is the worst.
package dev.jntp.config.audit;

import java.util.Locale;

/** Severities in increasing order; the weights are documented in docs/audit.md. */
public enum Severity {
    /** Worth knowing; no points. */
    INFO(0),
    /** A weakness with little effect on time or exposure. */
    LOW(3),
    /** Worse time after some event, or an exposure that needs another mistake to hurt. */
    MEDIUM(8),
    /** Wrong or no time for clients is likely, or the server can be abused. */
    HIGH(15),
    /** The service does not start, or is an open amplifier. */
    CRITICAL(40);

    private final int weight;

    Severity(int weight) {
        this.weight = weight;
    }

    /** Points taken off the score of 100. */
    public int weight() {
        return weight;
    }

    /** The exit status of {@code jntp audit} when this is the worst severity found: 0 (INFO) to 4 (CRITICAL). */
    public int exitStatus() {
        return ordinal();
    }

    /** "low", "high": the word in JSON. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** "Low", "High": the word in Markdown. */
    public String title() {
        return name().charAt(0) + name().substring(1).toLowerCase(Locale.ROOT);
    }
}
