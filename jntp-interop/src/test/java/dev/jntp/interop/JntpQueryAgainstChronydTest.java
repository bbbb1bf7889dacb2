// 'jntp query' against a real chronyd (-x, local stratum 3): the figures must match what chronyc reports.
package dev.jntp.interop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jntp.cli.Cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class JntpQueryAgainstChronydTest {

    @Test
    void jntpQuery_chronydLocalStratum3_matchesChronycWithinAMillisecond() throws IOException {
        int port = Tools.freeUdpPort();
        try (Chronyd chronyd = Chronyd.start("port " + port + "\nbindaddress 127.0.0.1\nallow 127.0.0.0/8\n"
                + "local stratum 3\n")) {
            Tools.Run tracking = chronyd.chronyc("-c", "tracking");
            String[] t = tracking.stdout().strip().split(",");
            String chronycRefId = t[0];
            int chronycStratum = Integer.parseInt(t[2]);

            Cli r = Cli.run("query", "127.0.0.1:" + port, "--json", "--count", "4", "--interval", "0.1");
            String json = r.out();
            System.out.println(json);
            assertThat(r.exit()).as(json + r.err()).isZero();
            Best best = best(json);
            assertThat(best.stratum).isEqualTo(chronycStratum).isEqualTo(3);
            assertThat(best.refidHex).isEqualTo(chronycRefId).isEqualTo("7F7F0101");
            assertThat(Math.abs(best.offset)).as("|offset| s").isLessThan(1e-3);
            assertThat(best.delay).as("delay s").isLessThan(1e-3);
        }
    }

    record Best(double offset, double delay, int stratum, String refidHex) {}

    private static Best best(String json) throws IOException {
        double offset = Double.NaN;
        double delay = Double.NaN;
        int stratum = -1;
        String refid = null;
        try (JsonParser p = new JsonFactory().createParser(json)) {
            while (p.nextToken() != null) {
                if (p.currentToken() == JsonToken.FIELD_NAME && "best".equals(p.currentName())) {
                    assertThat(p.nextToken()).isEqualTo(JsonToken.START_OBJECT);
                    while (p.nextToken() == JsonToken.FIELD_NAME) {
                        String name = p.currentName();
                        p.nextToken();
                        switch (name) {
                            case "offset" -> offset = p.getDoubleValue();
                            case "delay" -> delay = p.getDoubleValue();
                            case "stratum" -> stratum = p.getIntValue();
                            case "refid_hex" -> refid = p.getText();
                            default -> { }
                        }
                    }
                }
            }
        }
        return new Best(offset, delay, stratum, refid);
    }
}
