// The verdict of every named packet test for one reply, printable like chrony's "111 111 1111".
package dev.jntp.engine.sync;

import java.util.EnumSet;
import java.util.Set;

/**
 * Which {@link PacketTest}s a reply failed.
 *
 * @param failed the failed tests (empty: every test passed)
 */
public record TestVerdicts(Set<PacketTest> failed) {

    /** Verdicts with every test passed. */
    public static final TestVerdicts ALL_PASSED = new TestVerdicts(Set.of());

    public TestVerdicts {
        failed = failed.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(failed));
    }

    /** Whether every test passed. */
    public boolean passed() {
        return failed.isEmpty();
    }

    /** Whether a given test passed. */
    public boolean passed(PacketTest t) {
        return !failed.contains(t);
    }

    /** chrony's layout: three groups of 1 (passed) and 0 (failed), e.g. {@code 111 111 1111}. */
    public String bits() {
        StringBuilder sb = new StringBuilder(12);
        PacketTest[] all = PacketTest.values();
        for (int i = 0; i < all.length; i++) {
            if (i == 3 || i == 6) {
                sb.append(' ');
            }
            sb.append(passed(all[i]) ? '1' : '0');
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return bits();
    }
}
