// What a rule returns: pass with what it saw, a finding, not applicable, or not checked (a probe was skipped).
package dev.jntp.config.audit;

/** The result of evaluating one rule; rules never throw and do no IO. */
sealed interface Outcome {

    /** The rule holds; {@code detail} says what was seen. */
    record Pass(String detail) implements Outcome {}

    /** The rule fails. */
    record Fail(Finding finding) implements Outcome {}

    /** The rule does not apply to this configuration (a client-only rule on a server, ...). */
    record NotApplicable(String why) implements Outcome {}

    /** The rule needs a live probe that did not run. */
    record NotChecked(String why) implements Outcome {}
}
