// The drift file: the frequency correction saved across restarts, written atomically.
package dev.jntp.daemon.sync;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.OptionalDouble;

/**
 * One line: the frequency correction in ppm (positive: the clock is made faster) and its error
 * bound in ppm. Written to a temporary file in the same directory and renamed over the old one,
 * so a crash or a full disk leaves the previous file intact.
 */
public final class DriftFile {

    /** Largest correction believed when read back, ppm (a larger value is a damaged file). */
    static final double MAX_PPM = 500;

    private DriftFile() {}

    /** The saved frequency, or empty when the file is absent, unreadable or damaged. */
    public static OptionalDouble read(Path file) {
        try {
            if (!Files.isRegularFile(file) || Files.size(file) > 256) {
                return OptionalDouble.empty();
            }
            return parse(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException | RuntimeException e) {
            return OptionalDouble.empty();
        }
    }

    /** The frequency a drift file's text holds, or empty when it holds none believable. Never throws. */
    static OptionalDouble parse(String text) {
        String[] f = text.strip().split("\\s+");
        double ppm;
        try {
            ppm = Double.parseDouble(f[0]);
        } catch (NumberFormatException e) {
            return OptionalDouble.empty();
        }
        return Double.isFinite(ppm) && Math.abs(ppm) <= MAX_PPM ? OptionalDouble.of(ppm) : OptionalDouble.empty();
    }

    /** Saves the frequency atomically; on failure the old file is left as it was. */
    public static void write(Path file, double ppm, double skewPpm) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Path tmp = Files.createTempFile(dir, file.getFileName() + ".", ".tmp");
        try {
            Files.writeString(tmp, String.format(Locale.ROOT, "%.6f %.6f%n", ppm, skewPpm), StandardCharsets.UTF_8);
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
