// Writes an audit's result as the Markdown report operators read (like the field audit document) or as JSON.
package dev.jntp.cli.audit;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.jntp.config.audit.AuditResult;
import dev.jntp.config.audit.Check;
import dev.jntp.config.audit.Finding;
import dev.jntp.config.audit.Severity;
import java.io.IOException;
import java.io.PrintStream;
import java.util.List;

/** Markdown: title, grade, a table of counts, each finding with evidence, why and fix, every check, notes. */
public final class AuditReport {

    private static final JsonFactory JSON = new JsonFactory();

    private AuditReport() {}

    /** The Markdown report; {@code host} names the audited host (null: not said). */
    public static String markdown(AuditResult r, String host) {
        StringBuilder sb = new StringBuilder();
        sb.append("# NTP Server Audit\n\n");
        sb.append("**Configuration:** `").append(r.file()).append("` (").append(r.kind().label()).append(")  \n");
        if (host != null) {
            sb.append("**Host:** ").append(host).append("  \n");
        }
        sb.append("**Role:** ").append(r.serves() ? "server (serves NTP clients)" : "client (serves no clients)")
                .append("  \n");
        sb.append("**Scope:** ").append(r.live() ? "configuration and the running host (--live)"
                : "configuration only").append("  \n");
        sb.append("**Grade: ").append(r.grade().letter()).append("** (score ").append(r.grade().score())
                .append("/100)\n\n");
        sb.append("## Summary\n\n| Severity | Findings |\n|----------|----------|\n");
        for (Severity s : List.of(Severity.CRITICAL, Severity.HIGH, Severity.MEDIUM, Severity.LOW, Severity.INFO)) {
            sb.append("| ").append(s.title()).append(" | ").append(count(r, s)).append(" |\n");
        }
        sb.append("\n## Findings\n\n");
        if (r.findings().isEmpty()) {
            sb.append("None.\n\n");
        }
        int n = 1;
        for (Finding f : r.findings()) {
            sb.append("### ").append(n++).append(". [").append(f.severity().name()).append("] ").append(f.id())
                    .append(": ").append(f.title()).append("\n\n**Evidence:**\n\n```\n");
            f.evidence().forEach(e -> sb.append(e).append('\n'));
            sb.append("```\n\n**Why it matters:** ").append(f.why()).append("\n\n**Fix:** ").append(f.fix())
                    .append("\n\n");
        }
        sb.append("## Checks\n\n| Check | Status | Detail |\n|-------|--------|--------|\n");
        for (Check c : r.checks()) {
            sb.append("| ").append(c.id()).append(": ").append(c.title()).append(" | ").append(mark(c.status()))
                    .append(" | ").append(c.detail().replace("|", "\\|")).append(" |\n");
        }
        if (!r.notes().isEmpty()) {
            sb.append("\n## Notes\n\n");
            r.notes().forEach(note -> sb.append("- ").append(note).append('\n'));
        }
        sb.append("\n## Grading\n\nScore = 100 minus 40 per critical, 15 per high, 8 per medium and 3 per low "
                + "finding. A from 90, B+ 87, B 83, B- 80, C+ 77, C 73, C- 70, D+ 67, D 63, D- 60, F below "
                + "(docs/audit.md).\n");
        return sb.toString();
    }

    /** The JSON report. */
    public static void json(PrintStream out, AuditResult r, String host) throws IOException {
        try (JsonGenerator g = JSON.createGenerator(out).useDefaultPrettyPrinter()) {
            g.configure(JsonGenerator.Feature.AUTO_CLOSE_TARGET, false);
            g.writeStartObject();
            g.writeStringField("file", r.file());
            g.writeStringField("kind", r.kind().label());
            if (host != null) {
                g.writeStringField("host", host);
            }
            g.writeStringField("role", r.serves() ? "server" : "client");
            g.writeBooleanField("live", r.live());
            g.writeStringField("grade", r.grade().letter());
            g.writeNumberField("score", r.grade().score());
            g.writeStringField("worst", r.worst().map(Severity::label).orElse("none"));
            g.writeNumberField("exit_status", r.exitStatus());
            g.writeObjectFieldStart("summary");
            for (Severity s : List.of(Severity.CRITICAL, Severity.HIGH, Severity.MEDIUM, Severity.LOW, Severity.INFO)) {
                g.writeNumberField(s.label(), count(r, s));
            }
            g.writeEndObject();
            g.writeArrayFieldStart("findings");
            for (Finding f : r.findings()) {
                g.writeStartObject();
                g.writeStringField("id", f.id());
                g.writeStringField("severity", f.severity().label());
                g.writeStringField("title", f.title());
                g.writeArrayFieldStart("evidence");
                for (String e : f.evidence()) {
                    g.writeString(e);
                }
                g.writeEndArray();
                g.writeStringField("why", f.why());
                g.writeStringField("fix", f.fix());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeArrayFieldStart("checks");
            for (Check c : r.checks()) {
                g.writeStartObject();
                g.writeStringField("id", c.id());
                g.writeStringField("title", c.title());
                g.writeStringField("status", c.status().label());
                g.writeStringField("detail", c.detail());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeArrayFieldStart("notes");
            for (String note : r.notes()) {
                g.writeString(note);
            }
            g.writeEndArray();
            g.writeEndObject();
        }
        out.println();
    }

    private static long count(AuditResult r, Severity s) {
        return r.findings().stream().filter(f -> f.severity() == s).count();
    }

    private static String mark(Check.Status s) {
        return switch (s) {
            case PASS -> "✅ pass";
            case FAIL -> "❌ fail";
            case NOT_APPLICABLE -> "➖ n/a";
            case NOT_CHECKED -> "⏭ not checked";
        };
    }
}
