// Seeds for simulations: one seed per test, split into independent streams per component, replayable.
package dev.jntp.testkit;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/**
 * Every random choice in a simulation comes from one seed. Each component (a clock's wander, a
 * network path, a server) draws from its own stream, derived from the seed and a label, so that
 * adding a component does not change what the others draw. Re-run a failed scenario with
 * {@code -Djntp.seed=N} to replay it.
 */
public final class Seeds {

    /** The system property that overrides a test's seed. */
    public static final String PROPERTY = "jntp.seed";

    private Seeds() {}

    /** The seed given with {@code -Djntp.seed=N} (decimal or 0x hex), or {@code fallback}. */
    public static long chosen(long fallback) {
        String s = System.getProperty(PROPERTY);
        if (s == null || s.isBlank()) {
            return fallback;
        }
        s = s.strip();
        return s.startsWith("0x") || s.startsWith("0X") ? Long.parseUnsignedLong(s.substring(2), 16) : Long.parseLong(s);
    }

    /** An independent seed for the component named {@code label}. */
    public static long derive(long seed, String label) {
        long h = mix(seed);
        for (byte b : label.getBytes(StandardCharsets.UTF_8)) {
            h = mix(h ^ (b & 0xFF));
        }
        return h;
    }

    /** A random stream for the component named {@code label}. */
    public static SplittableRandom random(long seed, String label) {
        return new SplittableRandom(derive(seed, label));
    }

    /** The SplitMix64 finaliser: a bijection that spreads every input bit over the output. */
    private static long mix(long z) {
        z += 0x9E37_79B9_7F4A_7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58_476D_1CE4_E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D0_49BB_1331_11EBL;
        return z ^ (z >>> 31);
    }
}
