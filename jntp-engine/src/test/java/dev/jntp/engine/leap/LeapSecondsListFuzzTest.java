// Fuzzes the leap-seconds.list reader: any bytes give a consistent table or a stated problem, never an exception.
package dev.jntp.engine.leap;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Under plain {@code mvn verify} this replays the seed corpus in
 * {@code LeapSecondsListFuzzTestInputs/parseNeverThrows/} (the real IERS file, edited and
 * broken copies); with {@code JAZZER_FUZZ=1} it fuzzes for {@code maxDuration}.
 */
class LeapSecondsListFuzzTest {

    @FuzzTest(maxDuration = "60s")
    void parseNeverThrows(byte[] data) {
        LeapFuzzChecks.check(LeapSecondsList.parse(data));
    }
}
