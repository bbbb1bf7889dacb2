// Tests the packet-test verdicts and their chrony-style "111 111 1111" rendering.
package dev.jntp.engine.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TestVerdictsTest {

    @Test
    void bits_allPassed_chronyLayout() {
        assertThat(TestVerdicts.ALL_PASSED.bits()).isEqualTo("111 111 1111");
        assertThat(TestVerdicts.ALL_PASSED.passed()).isTrue();
        assertThat(TestVerdicts.ALL_PASSED).hasToString("111 111 1111");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "DUPLICATE, 011 111 1111",
        "BOGUS, 101 111 1111",
        "INVALID_TIMESTAMPS, 110 111 1111",
        "AUTHENTICATION, 111 011 1111",
        "SYNCHRONISED, 111 101 1111",
        "ROOT_DISTANCE, 111 110 1111",
        "MAX_DELAY, 111 111 0111",
        "DELAY_RATIO, 111 111 1011",
        "DELAY_DEV_RATIO, 111 111 1101",
        "SYNC_LOOP, 111 111 1110"})
    void bits_oneFailure_zeroInItsPosition(PacketTest failed, String expected) {
        TestVerdicts v = new TestVerdicts(Set.of(failed));

        assertThat(v.bits()).isEqualTo(expected);
        assertThat(v.passed()).isFalse();
        assertThat(v.passed(failed)).isFalse();
        assertThat(EnumSet.complementOf(EnumSet.of(failed))).allMatch(v::passed);
    }

    @Test
    void bits_severalFailures_allShown() {
        TestVerdicts v = new TestVerdicts(EnumSet.of(PacketTest.BOGUS, PacketTest.SYNCHRONISED, PacketTest.SYNC_LOOP));

        assertThat(v.bits()).isEqualTo("101 101 1110");
    }

    @Test
    void constructor_mutableSet_copied() {
        Set<PacketTest> failed = new HashSet<>(Set.of(PacketTest.MAX_DELAY));
        TestVerdicts v = new TestVerdicts(failed);

        failed.add(PacketTest.BOGUS);

        assertThat(v.failed()).containsExactly(PacketTest.MAX_DELAY);
        assertThat(v).isEqualTo(new TestVerdicts(EnumSet.of(PacketTest.MAX_DELAY)));
    }

    @Test
    void labels_chronyOrder_numbersThenLetters() {
        StringBuilder sb = new StringBuilder();
        for (PacketTest t : PacketTest.values()) {
            sb.append(t.label());
            assertThat(t.failure()).isNotBlank();
        }

        assertThat(sb).hasToString("123567ABCD");
    }
}
