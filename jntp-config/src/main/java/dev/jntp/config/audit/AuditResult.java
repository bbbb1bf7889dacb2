// The outcome of an audit: findings, every check's status, notes, the grade and the worst severity.
package dev.jntp.config.audit;

import dev.jntp.config.convert.ConfigKind;
import java.util.List;
import java.util.Optional;

/**
 * What {@code jntp audit} prints, as Markdown or JSON.
 *
 * @param file the configuration audited, as the host names it
 * @param kind its syntax
 * @param serves whether it serves clients (the server rules apply)
 * @param live whether the host was probed
 * @param findings failed rules, worst first, then in rule order
 * @param checks every rule's outcome, in rule order
 * @param notes what was not read or not probed, and why
 * @param grade score and letter
 */
public record AuditResult(String file, ConfigKind kind, boolean serves, boolean live, List<Finding> findings,
        List<Check> checks, List<String> notes, Grade grade) {

    public AuditResult {
        findings = List.copyOf(findings);
        checks = List.copyOf(checks);
        notes = List.copyOf(notes);
    }

    /** The worst severity found, if any finding. */
    public Optional<Severity> worst() {
        return findings.stream().map(Finding::severity).max(Enum::compareTo);
    }

    /** The exit status of {@code jntp audit}: 0 clean or info only, 1 low, 2 medium, 3 high, 4 critical. */
    public int exitStatus() {
        return worst().map(Severity::exitStatus).orElse(0);
    }
}
