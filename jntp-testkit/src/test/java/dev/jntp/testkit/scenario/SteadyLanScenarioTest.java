// Scenario (a) of issue 3: a steady LAN with four servers, iburst, a day long.
package dev.jntp.testkit.scenario;

import dev.jntp.testkit.Accuracy;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class SteadyLanScenarioTest {

    /**
     * Offsets and frequency are judged from two minutes after the start: the initial burst (8
     * requests, 2 s apart) measures the 100 ppm error to about a ppm, and the first regular poll
     * 64 s later refines it; the 0.1 s initial offset is slewed away within 1.2 s.
     */
    @Test
    void steadyLan_iburst_syncWithin6s_dayWithin1msMaxAnd100usRms_frequencyWithin1ppm() {
        long seed = Lan.seed("a");
        Lan lan = Lan.standard(seed);
        for (int i = 0; i < 4; i++) {
            lan.server();
        }
        lan.run(Duration.ofHours(24));
        Accuracy.Summary s = Accuracy.check(lan.trace, seed).scenario("(a) steady LAN, iburst")
                .synchronisedWithin(Duration.ofSeconds(6))
                .settlingTime(Duration.ofMinutes(2))
                .maxAbsOffset(1e-3).rmsOffset(100e-6).maxFrequencyErrorPpm(1).staysSynchronised()
                .verify();
        System.out.println("(a) " + s);
    }
}
