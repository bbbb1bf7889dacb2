// One problem the audit found: id, severity, evidence, why it matters and the fix.
package dev.jntp.config.audit;

import java.util.List;

/**
 * A failed rule.
 *
 * @param id the rule's id, e.g. {@code SRC-DIVERSITY} (docs/audit.md lists them)
 * @param severity how bad
 * @param title one line
 * @param evidence {@code FILE:LINE: text} of the lines at fault, or command output; never empty
 * @param why why it matters
 * @param fix what to change
 */
public record Finding(String id, Severity severity, String title, List<String> evidence, String why, String fix) {
    public Finding {
        evidence = List.copyOf(evidence);
        if (evidence.isEmpty()) {
            throw new IllegalArgumentException("a finding needs evidence: " + id);
        }
    }
}
