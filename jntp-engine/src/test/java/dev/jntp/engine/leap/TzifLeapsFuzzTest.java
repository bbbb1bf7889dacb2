// Fuzzes the TZif leap record reader: any bytes give a consistent table or a stated problem, never an exception.
package dev.jntp.engine.leap;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Under plain {@code mvn verify} this replays the seed corpus in
 * {@code TzifLeapsFuzzTestInputs/parseNeverThrows/} (the real right/UTC, built files of versions
 * 1 to 4, broken headers); with {@code JAZZER_FUZZ=1} it fuzzes for {@code maxDuration}.
 */
class TzifLeapsFuzzTest {

    @FuzzTest(maxDuration = "60s")
    void parseNeverThrows(byte[] data) {
        LeapFuzzChecks.check(TzifLeaps.parse(data));
    }
}
