// Fuzzes the status page's query parser: any query string gives a time or a refusal, never an exception.
package dev.jntp.daemon.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;

class StatusPageFuzzTest {

    @FuzzTest(maxDuration = "30s")
    void sinceNeverThrows(byte[] data) {
        String query = new String(data, StandardCharsets.UTF_8);
        Long since = StatusPage.since(query);
        if (!query.contains("since=")) {
            assertThat(since).isZero();
        }
    }
}
