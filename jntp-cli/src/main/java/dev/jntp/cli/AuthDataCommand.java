// 'jntp authdata': how each source is authenticated, in chronyc authdata's layout (NTS cookies, NAKs, NTS-KE).
package dev.jntp.cli;

import static dev.jntp.cli.ChronyFormat.num;
import static dev.jntp.cli.ChronyFormat.text;
import static dev.jntp.cli.ChronyFormat.whole;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * chronyc authdata's columns: Mode (NTS, or - for none), KeyID (NTS-KE sessions that succeeded),
 * Type (the AEAD algorithm's number), KLen (key bits), Last (time since the last NTS-KE), Atmp
 * (NTS-KE tries since the last authenticated reply), NAK (the last request got an NTS NAK), Cook
 * (cookies held), CLen (the last cookie's length). With {@code -v}, each NTS source's state and
 * last failures follow the table.
 */
@Command(name = "authdata", mixinStandardHelpOptions = true,
        description = {"Show how each source's replies are authenticated: NTS keys, cookies, NAKs and NTS-KE tries"
            + " (as chronyc authdata).", "Exit status: 0 shown, 1 the daemon refused, 2 the daemon cannot be reached."})
final class AuthDataCommand extends SocketCommand {

    static final String HEADER = "Name/IP address             Mode KeyID Type KLen Last Atmp  NAK Cook CLen";

    @Option(names = "-v", description = "also show each NTS source's state, counters and last failures")
    boolean verbose;

    @Override
    String command() {
        return "authdata";
    }

    @Override
    void printText(PrintStream out, Map<String, Object> data) {
        print(out, data, verbose);
    }

    static void print(PrintStream out, Map<String, Object> data, boolean verbose) {
        out.println(HEADER);
        out.println("=".repeat(HEADER.length()));
        List<Map<String, Object>> rows = StatusText.rows(data, "sources");
        for (Map<String, Object> s : rows) {
            boolean nts = "nts".equals(text(s, "mode"));
            out.printf(Locale.ROOT, "%-27s %4s %5d %4d %4d %s %4d %4d %4d %4d%n",
                    ChronyFormat.cut(StatusText.name(s), 27),
                    nts ? "NTS" : "-", whole(s, "key_id", 0), whole(s, "aead", 0), whole(s, "key_length_bits", 0),
                    ChronyFormat.interval(num(s, "last_key_exchange_seconds")), whole(s, "key_exchange_attempts", 0),
                    Boolean.TRUE.equals(s.get("nak")) ? 1 : 0, whole(s, "cookies", 0), whole(s, "cookie_length", 0));
        }
        if (!verbose) {
            return;
        }
        for (Map<String, Object> s : rows) {
            if (!"nts".equals(text(s, "mode"))) {
                continue;
            }
            out.println();
            out.printf(Locale.ROOT, "%s: %s; %d authenticated replies, %d rejected, %d NAKs; NTS-KE %d ok, %d failed%n",
                    StatusText.name(s), text(s, "state"), whole(s, "authenticated_replies", 0),
                    whole(s, "rejected_replies", 0),
                    whole(s, "naks", 0), whole(s, "key_exchanges", 0), whole(s, "key_exchange_failures", 0));
            if (s.get("ntp_server") != null || s.get("ntp_port") != null) {
                out.printf(Locale.ROOT, "  NTP server named by NTS-KE: %s port %s%n",
                        s.get("ntp_server") == null ? "(the NTS-KE server)" : text(s, "ntp_server"),
                        s.get("ntp_port") == null ? "(configured)" : text(s, "ntp_port"));
            }
            if (s.get("last_key_exchange_failure") != null) {
                out.println("  last NTS-KE failure: " + text(s, "last_key_exchange_failure"));
            }
            if (s.get("last_rejection") != null) {
                out.println("  last rejected reply: " + text(s, "last_rejection"));
            }
        }
    }
}
