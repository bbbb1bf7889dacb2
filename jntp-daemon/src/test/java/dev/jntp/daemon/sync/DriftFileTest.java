// Tests the drift file: what is written reads back, and a missing, damaged or implausible file reads as nothing.
package dev.jntp.daemon.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DriftFileTest {

    @TempDir
    Path dir;

    @Test
    void write_thenRead_givesTheFrequencyBack() throws IOException {
        Path f = dir.resolve("drift");
        DriftFile.write(f, -12.3456789, 0.5);

        assertThat(Files.readString(f)).isEqualTo("-12.345679 0.500000\n");
        assertThat(DriftFile.read(f)).hasValue(-12.345679);
    }

    @Test
    void read_absent_empty() {
        assertThat(DriftFile.read(dir.resolve("none"))).isEmpty();
    }

    @Test
    void read_directory_empty() {
        assertThat(DriftFile.read(dir)).isEmpty();
    }

    @Test
    void read_largerThan256Octets_emptyWithoutParsing() throws IOException {
        Path f = dir.resolve("drift");
        Files.writeString(f, "1.0" + " ".repeat(300) + "\n");

        assertThat(DriftFile.read(f)).isEmpty();
    }

    @Test
    void read_notUtf8_empty() throws IOException {
        Path f = dir.resolve("drift");
        Files.write(f, new byte[] {(byte) 0xFF, (byte) 0xFE, '1', '2', '\n'});

        assertThat(DriftFile.read(f)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "\n", "   ", "abc 1.0", "NaN 0", "Infinity 1", "-Infinity", "501 0", "-500.000001",
        "1e308000", "12,5 0.1", "--1", "1.0.0"})
    void parse_damagedOrImplausible_empty(String text) {
        assertThat(DriftFile.parse(text)).as("'%s'", text).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"7.5", "  7.5  \t 1.0 \r\n", "7.5\n", "7.500000 0.010000", "7.5 garbage after"})
    void parse_frequencyFirst_readsOnlyTheFirstField(String text) {
        assertThat(DriftFile.parse(text)).as("'%s'", text).isEqualTo(OptionalDouble.of(7.5));
    }

    @Test
    void parse_limits_inclusiveOf500Ppm() {
        assertThat(DriftFile.parse("500")).hasValue(500);
        assertThat(DriftFile.parse("-500")).hasValue(-500);
    }
}
