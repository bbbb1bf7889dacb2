// Fuzzes cookie opening: any octets give a typed outcome, and only a real cookie opens.
package dev.jntp.engine.nts;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Jazzer fuzz test of {@link Cookies#open} against a fixed key ring ({@link NtsFuzzFixture}).
 * Without {@code JAZZER_FUZZ} it replays {@code CookiesFuzzTestInputs/openNeverThrows/} (a real
 * cookie, edits of it, short ones); with {@code JAZZER_FUZZ=1} it fuzzes for {@code maxDuration}.
 */
class CookiesFuzzTest {

    @FuzzTest(maxDuration = "60s")
    void openNeverThrows(byte[] data) {
        CookieOpening o = Cookies.open(data, NtsFuzzFixture.RING);
        if (o instanceof CookieOpening.Opened(NtsKeys keys, CookieKey key)) {
            assertThat(data).hasSize(Cookies.length(keys.aead()));
            assertThat(NtsFuzzFixture.RING.keys()).contains(key);
        }
    }
}
