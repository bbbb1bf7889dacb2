// Tests the kiss-o'-death codes: lookup by reference ID and which codes stop polling.
package dev.jntp.proto;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class KissCodeTest {

    @ParameterizedTest
    @EnumSource(KissCode.class)
    void of_referenceIdOfCodeName_findsThatCode(KissCode code) {
        assertThat(KissCode.of(ReferenceId.ofAscii(code.name()))).contains(code);
        assertThat(code.referenceId().asAscii()).isEqualTo(code.name());
        assertThat(code.meaning()).isNotBlank();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "RAT", "rate", "GPS", "XXXX", "RATF"})
    void of_unregisteredReferenceId_isEmpty(String text) {
        assertThat(KissCode.of(ReferenceId.ofAscii(text))).isEmpty();
    }

    @Test
    void stopsPolling_onlyDenyAndRstr() {
        List<KissCode> stopping = EnumSet.allOf(KissCode.class).stream().filter(KissCode::stopsPolling).toList();

        assertThat(stopping).containsExactlyInAnyOrder(KissCode.DENY, KissCode.RSTR);
    }
}
