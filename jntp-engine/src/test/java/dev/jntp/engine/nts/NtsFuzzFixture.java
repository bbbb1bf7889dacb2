// The fixed keys and packets the NTS fuzz tests and their seed corpora share: deterministic, from one seed.
package dev.jntp.engine.nts;

import dev.jntp.proto.NtpCodec;
import dev.jntp.proto.NtpPacket;
import java.util.Random;

/** A cookie key ring, association keys and a valid request, all derived from {@link #SEED}. */
final class NtsFuzzFixture {

    static final long SEED = 5297;
    static final long NOW = 1_767_225_600L;
    static final CookieKeys RING;
    static final NtsKeys KEYS;

    static {
        Random rnd = new Random(SEED);
        RING = CookieKeys.empty().rotate(NOW, 604_800, rnd);
        byte[] c2s = new byte[32];
        byte[] s2c = new byte[32];
        rnd.nextBytes(c2s);
        rnd.nextBytes(s2c);
        KEYS = new NtsKeys(AeadAlgorithm.AES_SIV_CMAC_256, c2s, s2c);
    }

    private NtsFuzzFixture() {}

    /** A cookie of {@link #KEYS} under the current key of {@link #RING}, with a zero nonce. */
    static byte[] cookie() {
        return Cookies.seal(KEYS, RING.current(NOW).orElseThrow(), new byte[Cookies.NONCE_LENGTH]);
    }

    /** A valid request with that cookie and {@code placeholders} placeholders. */
    static byte[] request(int placeholders) {
        byte[] header = new byte[NtpPacket.HEADER_LENGTH];
        header[0] = 0x23;
        NtpCodec.putLong(header, NtpCodec.OFF_TRANSMIT, 0x0102_0304_0506_0708L);
        return NtsClientPackets.request(header, new byte[32], cookie(), placeholders, KEYS, new byte[16]);
    }
}
