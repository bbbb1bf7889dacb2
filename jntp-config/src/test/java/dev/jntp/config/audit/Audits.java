// Test helpers for the audit: run it over a text of a given kind and pick one check's outcome.
package dev.jntp.config.audit;

import dev.jntp.config.convert.ConfigKind;
import dev.jntp.config.convert.Includes;

/** Audits texts named /etc/test.conf. */
final class Audits {

    static final String FILE = "/etc/test.conf";

    private Audits() {}

    static AuditResult config(String kind, String text) {
        ConfigKind k = ConfigKind.ofLabel(kind).orElseThrow();
        return Audit.run(Audit.model(FILE, text, k, Includes.NONE), null);
    }

    static AuditResult live(String kind, String text, LiveFacts live) {
        ConfigKind k = ConfigKind.ofLabel(kind).orElseThrow();
        return Audit.run(Audit.model(FILE, text, k, Includes.NONE), live);
    }

    static Check check(AuditResult r, String id) {
        return r.checks().stream().filter(c -> c.id().equals(id)).findFirst().orElseThrow();
    }

    static Finding finding(AuditResult r, String id) {
        return r.findings().stream().filter(f -> f.id().equals(id)).findFirst()
                .orElseThrow(() -> new AssertionError("no finding " + id + " in " + r.findings()));
    }
}
