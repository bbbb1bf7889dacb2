// Tests of jntp's cookie format: sizes, round trips, and every way a cookie is refused.
package dev.jntp.engine.nts;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CookiesTest {

    static final long SEED = 8915;

    static NtsKeys keys(Random rnd, AeadAlgorithm aead) {
        byte[] c2s = new byte[aead.keyLength()];
        byte[] s2c = new byte[aead.keyLength()];
        rnd.nextBytes(c2s);
        rnd.nextBytes(s2c);
        return new NtsKeys(aead, c2s, s2c);
    }

    static CookieKeys ring(Random rnd) {
        return CookieKeys.empty().rotate(1_000, 3600, rnd);
    }

    @Test
    void seal_eachAlgorithm_hasItsLengthAndOpensToTheSameKeys() {
        Random rnd = new Random(SEED);
        CookieKeys ring = ring(rnd);
        CookieKey current = ring.current(1_000).orElseThrow();
        for (AeadAlgorithm aead : AeadAlgorithm.values()) {
            NtsKeys k = keys(rnd, aead);
            byte[] cookie = Cookies.seal(k, current, new byte[16]);
            assertThat(cookie).hasSize(Cookies.length(aead));
            assertThat(cookie.length % 4).isZero();
            assertThat(Cookies.open(cookie, ring)).isEqualTo(new CookieOpening.Opened(k, current));
        }
        assertThat(Cookies.length(AeadAlgorithm.AES_SIV_CMAC_256)).isEqualTo(104);
        assertThat(Cookies.length(AeadAlgorithm.AES_SIV_CMAC_512)).isEqualTo(168);
    }

    @Test
    void seal_freshNonces_giveUnlinkableCookies() {
        Random rnd = new Random(SEED);
        CookieKeys ring = ring(rnd);
        NtsKeys k = keys(rnd, AeadAlgorithm.AES_SIV_CMAC_256);
        byte[] n1 = new byte[16];
        byte[] n2 = new byte[16];
        n2[0] = 1;
        byte[] a = Cookies.seal(k, ring.keys().getFirst(), n1);
        byte[] b = Cookies.seal(k, ring.keys().getFirst(), n2);
        assertThat(java.util.Arrays.copyOfRange(a, 20, a.length)).isNotEqualTo(java.util.Arrays.copyOfRange(b, 20,
                b.length));
    }

    @Test
    void open_keyNotInTheRing_isUnknownKey() {
        Random rnd = new Random(SEED);
        CookieKeys mine = ring(rnd);
        CookieKeys other = ring(rnd);
        CookieKey k = other.keys().getFirst();
        byte[] cookie = Cookies.seal(keys(rnd, AeadAlgorithm.AES_SIV_CMAC_256), k, new byte[16]);
        assertThat(Cookies.open(cookie, mine)).isEqualTo(new CookieOpening.UnknownKey(k.id()));
    }

    @Test
    void open_anyOctetChanged_isUndecryptableOrUnknown() {
        Random rnd = new Random(SEED);
        CookieKeys ring = ring(rnd);
        byte[] cookie = Cookies.seal(keys(rnd, AeadAlgorithm.AES_SIV_CMAC_256), ring.keys().getFirst(), new byte[16]);
        for (int i = 0; i < cookie.length; i++) {
            byte[] t = cookie.clone();
            t[i] ^= (byte) 0x80;
            assertThat(Cookies.open(t, ring)).as("octet %d changed", i).isInstanceOfAny(
                    CookieOpening.Undecryptable.class, CookieOpening.UnknownKey.class);
        }
        byte[] padded = java.util.Arrays.copyOf(cookie, cookie.length + 4);
        assertThat(Cookies.open(padded, ring)).isInstanceOf(CookieOpening.Undecryptable.class);
    }

    @Test
    void open_sameIdAnotherKey_isUndecryptable() {
        Random rnd = new Random(SEED);
        CookieKey k = ring(rnd).keys().getFirst();
        CookieKey impostor = new CookieKey(k.id(), k.activeFrom(), new byte[32]);
        byte[] cookie = Cookies.seal(keys(rnd, AeadAlgorithm.AES_SIV_CMAC_256), k, new byte[16]);
        assertThat(Cookies.open(cookie, CookieKeys.of(List.of(impostor))))
                .isInstanceOf(CookieOpening.Undecryptable.class);
    }

    @Test
    void open_shortOrMissing_isMalformed() {
        CookieKeys ring = ring(new Random(SEED));
        assertThat(Cookies.open(new byte[39], ring)).isInstanceOf(CookieOpening.Malformed.class);
        assertThat(Cookies.open(null, ring)).isInstanceOf(CookieOpening.Malformed.class);
    }

    @Test
    void fuzzCorpus_validSeeds_stillOpenAndAuthenticate() throws java.io.IOException {
        String base = "/dev/jntp/engine/nts/";
        try (var in = CookiesTest.class.getResourceAsStream(base + "CookiesFuzzTestInputs/openNeverThrows/valid-cookie")) {
            assertThat(Cookies.open(in.readAllBytes(), NtsFuzzFixture.RING)).isInstanceOf(CookieOpening.Opened.class);
        }
        try (var in = CookiesTest.class.getResourceAsStream(
                base + "NtsResponderFuzzTestInputs/respondNeverThrows/valid-2-placeholders")) {
            assertThat(in.readAllBytes()).isEqualTo(NtsFuzzFixture.request(2));
        }
    }
}
