// The outcome of one rule in one audit: passed, failed (with its finding), not applicable, or not checked.
package dev.jntp.config.audit;

import java.util.Locale;

/**
 * A row of the audit's table of checks.
 *
 * @param id the rule's id
 * @param title what the rule checks
 * @param status the outcome
 * @param detail what was seen (passed), why it does not apply, or why it was not checked; the finding's title
 *     when it failed
 */
public record Check(String id, String title, Status status, String detail) {

    /** How a rule came out. */
    public enum Status {
        PASS, FAIL, NOT_APPLICABLE, NOT_CHECKED;

        /** "pass", "fail", "n/a", "not checked". */
        public String label() {
            return switch (this) {
                case NOT_APPLICABLE -> "n/a";
                case NOT_CHECKED -> "not checked";
                default -> name().toLowerCase(Locale.ROOT);
            };
        }
    }
}
