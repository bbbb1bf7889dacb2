// ntpdate -q, sntp and ntpdig (all query-only) against jntp serving on port 123 inside a network namespace.
package dev.jntp.interop;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** These programs only talk to port 123, so jntp runs on 123 in a namespace of the test's own. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class QueryToolsAgainstJntpTest {

    private static final int STRATUM = 4;
    /** "2026-11-22 02:55:31.972934 (+0000) +0.001415 +/- 0.004062 127.0.0.1 s4 no-leap" */
    private static final Pattern SNTP_LINE = Pattern.compile("([-+][0-9.]+) \\+/- ([0-9.]+) (\\S+) s(\\d+) (\\S+)");

    private NetNs ns;
    private JntpProcess jntp;

    @BeforeAll
    void startJntpOnPort123(@TempDir Path tmp) throws IOException {
        ns = NetNs.create();
        Path conf = tmp.resolve("jntp.conf");
        Files.writeString(conf, "port 123\nbindaddress 127.0.0.1\nbindaddress ::1\nallow 127.0.0.0/8\nallow ::1\n"
                + "local stratum " + STRATUM + "\nbindcmdaddress " + tmp.resolve("jntp.sock") + "\n");
        jntp = JntpProcess.start(conf, ns.name());
    }

    @AfterAll
    void stop() {
        try {
            if (jntp != null) {
                jntp.stopAndCheck();
                jntp.close();
            }
        } finally {
            if (ns != null) {
                ns.close();
            }
        }
    }

    @Test
    void ntpdateQuery_ipv4_reportsStratumAndOffsetUnder1ms() {
        assertSntpStyle(Tools.require("ntpdate"), "-q", "127.0.0.1");
    }

    @Test
    void sntp_ipv4_reportsStratumAndOffsetUnder1ms() {
        assertSntpStyle(Tools.require("sntp"), "127.0.0.1");
    }

    @Test
    void sntp_ipv6_reportsStratumAndOffsetUnder1ms() {
        assertSntpStyle(Tools.require("sntp"), "::1");
    }

    @Test
    void ntpdigJson_ipv4_reportsStratumAndOffsetUnder1ms() throws IOException {
        assertNtpdigJson("-4", "127.0.0.1");
    }

    @Test
    void ntpdigJson_ipv6_reportsStratumAndOffsetUnder1ms() throws IOException {
        assertNtpdigJson("-6", "::1");
    }

    /**
     * ntpdate and sntp here are ntpsec's ntpdig, a Python program that takes one sample whose
     * error (printed as +/-) is dominated by the interpreter's own delays around the exchange.
     * Like the original ntpdate, which took 4 samples and kept the one with the shortest round
     * trip, the test runs the program until one sample's error is under 250 us (at most 8 runs:
     * on a loaded machine the interpreter's delay reaches milliseconds) and judges the best.
     */
    private void assertSntpStyle(String... command) {
        Matcher best = null;
        for (int i = 0; i < 8 && (best == null || Double.parseDouble(best.group(2)) > 250e-6); i++) {
            Tools.Run r = Tools.run(Duration.ofSeconds(20), Tools.nocap(Tools.in(ns.name(), command)));
            assertThat(r.exit()).as("%s", r.all()).isZero();
            Matcher m = SNTP_LINE.matcher(r.stdout());
            assertThat(m.find()).as("a result line in:\n%s", r.all()).isTrue();
            System.out.printf("%s -> %s%n", String.join(" ", command), m.group());
            assertThat(Integer.parseInt(m.group(4))).isEqualTo(STRATUM);
            assertThat(m.group(5)).isEqualTo("no-leap");
            if (best == null || Double.parseDouble(m.group(2)) < Double.parseDouble(best.group(2))) {
                best = m;
            }
        }
        assertThat(Math.abs(Double.parseDouble(best.group(1)))).as("|offset| s: %s", best.group()).isLessThan(1e-3);
    }

    private void assertNtpdigJson(String family, String address) throws IOException {
        Tools.Run r = Tools.run(Duration.ofSeconds(20),
                Tools.nocap(Tools.in(ns.name(), Tools.require("ntpdig"), family, "-p", "4", "-j", address)));
        assertThat(r.exit()).as("%s", r.all()).isZero();
        Map<String, String> json = flatJson(r.stdout().strip());
        System.out.printf("ntpdig %s -j %s -> %s%n", family, address, json);
        assertThat(json).containsEntry("stratum", String.valueOf(STRATUM)).containsEntry("leap", "no-leap")
                .containsEntry("ip", address);
        assertThat(Math.abs(Double.parseDouble(json.get("offset")))).as("|offset| s").isLessThan(1e-3);
    }

    private static Map<String, String> flatJson(String text) throws IOException {
        Map<String, String> out = new HashMap<>();
        try (JsonParser p = new JsonFactory().createParser(text)) {
            assertThat(p.nextToken()).isEqualTo(JsonToken.START_OBJECT);
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                p.nextToken();
                out.put(name, p.getText());
            }
        }
        return out;
    }
}
