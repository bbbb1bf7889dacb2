// Fuzzes the drift file reader: any text gives a believable frequency or nothing, never an exception.
package dev.jntp.daemon.sync;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.OptionalDouble;

/**
 * Jazzer fuzz test of {@link DriftFile#parse}, what {@link DriftFile#read} makes of the file's
 * text (the file survives restarts and crashes, so it may be damaged or truncated). Without
 * {@code JAZZER_FUZZ} it replays {@code DriftFileFuzzTestInputs/parseNeverThrows/} (each file is a
 * drift file as bytes, decoded as UTF-8 as the reader does). Property: no exception, and a value
 * only when it is finite and within {@link DriftFile#MAX_PPM}.
 */
class DriftFileFuzzTest {

    @FuzzTest(maxDuration = "30s")
    void parseNeverThrows(byte[] data) {
        OptionalDouble ppm = DriftFile.parse(new String(data, StandardCharsets.UTF_8));
        if (ppm.isPresent() && !(Double.isFinite(ppm.getAsDouble()) && Math.abs(ppm.getAsDouble()) <= DriftFile.MAX_PPM)) {
            throw new AssertionError("an unbelievable frequency was read: " + ppm);
        }
    }
}
