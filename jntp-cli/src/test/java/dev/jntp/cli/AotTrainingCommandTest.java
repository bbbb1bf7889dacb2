// Tests the launcher's training workload: two loopback daemons, one synchronised to the other, then stopped.
package dev.jntp.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class AotTrainingCommandTest {

    @Test
    @Timeout(60)
    void run_loopbackServerAndClient_clientSynchronisesAndTheCommandExitsZero() {
        assertThat(Main.execute("aot-training")).isZero();
    }

    @Test
    void help_hiddenFromTheCommandList() {
        java.io.StringWriter out = new java.io.StringWriter();
        new picocli.CommandLine(new Main()).usage(new java.io.PrintWriter(out));
        assertThat(out.toString()).doesNotContain("aot-training");
    }
}
