// The NTS part of the NTP server's reply (RFC 8915 section 5): checks a request's cookie and authenticator, answers with fresh cookies or a NAK.
package dev.jntp.engine.nts;

import dev.jntp.proto.ExtensionField;
import dev.jntp.proto.ExtensionFieldType;
import dev.jntp.proto.KissCode;
import dev.jntp.proto.LeapIndicator;
import dev.jntp.proto.NtpCodec;
import dev.jntp.proto.NtpPacket;
import dev.jntp.proto.NtpTimestamp;
import dev.jntp.proto.nts.EncryptedField;
import dev.jntp.proto.nts.NtsField;
import dev.jntp.proto.nts.NtsFieldResult;
import dev.jntp.proto.nts.NtsFields;
import dev.jntp.proto.nts.PlaintextResult;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/**
 * Server-side NTS for NTPv4 requests, called by the server responder once it has written the
 * reply header (RFC 8915 sections 5.3 to 5.7; chrony's nts_ntp_server.c was read for behaviour).
 *
 * <p>A request is NTS when it carries any NTS extension field. It must then hold exactly one
 * Unique Identifier, exactly one NTS Cookie, any Cookie Placeholders of the cookie's length, and
 * one Authenticator as the last field; otherwise it is dropped. The cookie is opened with the
 * cookie keys, and the authenticator checked with the cookie's C2S key over the packet up to the
 * authenticator, with its nonce; a cookie that names an unknown key, fails to open or whose
 * authenticator does not verify gets an NTS NAK (section 5.7): a kiss-o'-death with code NTSN,
 * leap 3 and stratum 0, carrying only the Unique Identifier.
 *
 * <p>An accepted request gets: the header, the Unique Identifier echoed, and an Authenticator
 * under the S2C key whose encrypted fields are fresh cookies, one for the request's cookie and
 * one per placeholder (in the clear or encrypted), at most 8. The transmit timestamp is read from
 * the transmit clock after the cookies are made and just before the reply is sealed, since the
 * authenticator covers it. The authenticator is padded so that the reply is exactly as long as
 * the request, never longer (no amplification); if it could not fit, fewer cookies are sent.
 *
 * <p>Pure but for the clock and the random generator passed in; thread-safe (keys are swapped
 * whole with {@link #setKeys}).
 */
public final class NtsResponder {

    /** The most cookies one reply carries. */
    public static final int MAX_COOKIES = 8;
    /** Octets of the nonce of a reply's authenticator. */
    public static final int NONCE_LENGTH = 16;
    /** The shortest nonce plus padding a request's authenticator may have (chrony's rule, RFC 8915 section 5.6). */
    static final int MIN_PADDED_NONCE = 16;

    private static final int UID = ExtensionFieldType.NTS_UNIQUE_IDENTIFIER.code();
    private static final int COOKIE = ExtensionFieldType.NTS_COOKIE.code();
    private static final int PLACEHOLDER = ExtensionFieldType.NTS_COOKIE_PLACEHOLDER.code();
    private static final int AUTHENTICATOR = ExtensionFieldType.NTS_AUTHENTICATOR.code();

    private final Supplier<NtpTimestamp> transmitClock;
    private final RandomGenerator random;
    private final NtsStats stats;
    private volatile KeyState keys;

    private record KeyState(CookieKeys ring, CookieKey current) {}

    /**
     * @param keys the cookie keys (at least one)
     * @param nowSeconds Unix seconds, to pick the current key
     * @param transmitClock the served clock, read for the transmit timestamp of authenticated replies
     * @param random the source of nonces (a SecureRandom in the daemon; it must be thread-safe)
     * @param stats where NTS outcomes are counted
     */
    public NtsResponder(CookieKeys keys, long nowSeconds, Supplier<NtpTimestamp> transmitClock, RandomGenerator random,
            NtsStats stats) {
        this.transmitClock = transmitClock;
        this.random = random;
        this.stats = stats;
        setKeys(keys, nowSeconds);
    }

    /** Replaces the cookie keys (after a rotation or a reload) and picks the current one for {@code nowSeconds}. */
    public void setKeys(CookieKeys ring, long nowSeconds) {
        CookieKey current = ring.current(nowSeconds)
                .orElseThrow(() -> new IllegalArgumentException("NTS needs at least one cookie key"));
        keys = new KeyState(ring, current);
    }

    /** The keys in use. */
    public CookieKeys keys() {
        return keys.ring();
    }

    /** A new cookie for {@code association}, sealed with the current key and a fresh nonce (for NTS-KE). */
    public byte[] cookie(NtsKeys association) {
        byte[] nonce = new byte[Cookies.NONCE_LENGTH];
        random.nextBytes(nonce);
        return Cookies.seal(association, keys.current(), nonce);
    }

    /** The counters this responder updates. */
    public NtsStats stats() {
        return stats;
    }

    /** Whether a request carries any NTS extension field, and so is this class's to answer. */
    public static boolean carriesNts(NtpPacket request) {
        for (ExtensionField f : request.extensions()) {
            int t = f.type();
            if (t == UID || t == COOKIE || t == PLACEHOLDER || t == AUTHENTICATOR) {
                return true;
            }
        }
        return false;
    }

    /**
     * Completes the reply to an NTS request whose 48-octet header the caller has written to
     * {@code out} (transmit timestamp still zero).
     *
     * @param request the decoded request
     * @param req the request's octets, {@code len} of them from 0
     * @param out the reply buffer, the header at 0
     * @return the reply's length; 0 to drop the request. An authenticated reply has its transmit
     *     timestamp set; a NAK leaves it zero for the caller to stamp.
     */
    public int respond(NtpPacket request, byte[] req, int len, byte[] out) {
        List<ExtensionField> fields = request.extensions();
        int uid = -1;
        int cookie = -1;
        int placeholders = 0;
        int placeholderLength = -1;
        int authStart = NtpPacket.HEADER_LENGTH;
        int pos = NtpPacket.HEADER_LENGTH;
        ExtensionField auth = null;
        for (int i = 0; i < fields.size(); i++) {
            ExtensionField f = fields.get(i);
            int t = f.type();
            if (t == UID || t == COOKIE) {
                if ((t == UID ? uid : cookie) >= 0) {
                    return malformed();
                }
                if (t == UID) {
                    uid = i;
                } else {
                    cookie = i;
                }
            } else if (t == PLACEHOLDER) {
                if (placeholderLength >= 0 && placeholderLength != f.length()) {
                    return malformed();
                }
                placeholderLength = f.length();
                placeholders++;
            } else if (t == AUTHENTICATOR) {
                if (i != fields.size() - 1) {
                    return malformed();
                }
                auth = f;
                authStart = pos;
            }
            pos += f.length();
        }
        if (uid < 0 || cookie < 0 || auth == null || NtpPacket.HEADER_LENGTH + fields.get(uid).length() > out.length) {
            return malformed();
        }
        int cookieBody = fields.get(cookie).length() - 4;
        if (placeholderLength >= 0 && placeholderLength - 4 != cookieBody) {
            return malformed();
        }
        ExtensionField uidField = fields.get(uid);
        KeyState state = keys;
        CookieOpening opening = Cookies.open(fields.get(cookie).body(), state.ring());
        if (!(opening instanceof CookieOpening.Opened(NtsKeys ntsKeys, var _))) {
            return nak(out, uidField, opening instanceof CookieOpening.UnknownKey
                    ? NtsCounter.NAK_UNKNOWN_KEY : NtsCounter.NAK_BAD_AUTH);
        }
        byte[] plaintext = openAuthenticator(auth, ntsKeys, Arrays.copyOf(req, authStart));
        if (plaintext == null) {
            return nak(out, uidField, NtsCounter.NAK_BAD_AUTH);
        }
        int encrypted = encryptedPlaceholders(plaintext, cookieBody);
        if (encrypted < 0) {
            return malformed();
        }
        int adLength = NtpPacket.HEADER_LENGTH + uidField.length();
        int cookieField = 4 + Cookies.length(ntsKeys.aead());
        int count = Math.min(MAX_COOKIES, 1 + placeholders + encrypted);
        int room = Math.min(len, out.length) - adLength;
        while (count > 0 && NtsFields.authenticatorLength(NONCE_LENGTH, AesSiv.TAG_LENGTH + count * cookieField, 0)
                > room) {
            count--;
        }
        if (count == 0) {
            return malformed();
        }
        byte[] cookies = new byte[count * cookieField];
        byte[] nonce = new byte[Cookies.NONCE_LENGTH];
        for (int i = 0; i < count; i++) {
            random.nextBytes(nonce);
            byte[] c = Cookies.seal(ntsKeys, state.current(), nonce);
            NtpCodec.putShort(cookies, i * cookieField, COOKIE);
            NtpCodec.putShort(cookies, i * cookieField + 2, cookieField);
            System.arraycopy(c, 0, cookies, i * cookieField + 4, c.length);
        }
        writeField(out, NtpPacket.HEADER_LENGTH, uidField);
        random.nextBytes(nonce);
        int fieldLength = NtsFields.authenticatorLength(NONCE_LENGTH, AesSiv.TAG_LENGTH + cookies.length,
                Math.min(len, out.length) - adLength);
        if (adLength + fieldLength > Math.min(len, out.length)) {
            fieldLength = NtsFields.authenticatorLength(NONCE_LENGTH, AesSiv.TAG_LENGTH + cookies.length, 0);
        }
        NtpCodec.putLong(out, NtpCodec.OFF_TRANSMIT, transmitClock.get().raw());
        byte[] sealed = AesSiv.seal(ntsKeys.s2c(), cookies, Arrays.copyOf(out, adLength), nonce);
        NtsFields.writeAuthenticator(out, adLength, nonce, 0, NONCE_LENGTH, sealed, 0, sealed.length, fieldLength);
        stats.increment(NtsCounter.AUTHENTICATED);
        return adLength + fieldLength;
    }

    /** The authenticator's plaintext, or null when it is malformed or does not verify under the C2S key. */
    private static byte[] openAuthenticator(ExtensionField auth, NtsKeys keys, byte[] associated) {
        if (!(NtsFields.decode(auth) instanceof NtsFieldResult.Decoded(NtsField.Authenticator a))) {
            return null;
        }
        byte[] nonce = a.nonce();
        byte[] ciphertext = a.ciphertext();
        int body = auth.length() - 4;
        if (nonce.length == 0 || ciphertext.length < AesSiv.TAG_LENGTH
                || NtsFields.AUTHENTICATOR_HEADER + Math.max(MIN_PADDED_NONCE, NtsFields.pad4(nonce.length))
                        + NtsFields.pad4(ciphertext.length) > body) {
            return null;
        }
        return AesSiv.open(keys.c2s(), ciphertext, associated, nonce);
    }

    /** Placeholders among the encrypted fields, or -1 when they are malformed or of another length than the cookie. */
    private static int encryptedPlaceholders(byte[] plaintext, int cookieBody) {
        if (!(NtsFields.decodePlaintext(plaintext, 0, plaintext.length) instanceof PlaintextResult.Fields(var list))) {
            return -1;
        }
        int n = 0;
        for (EncryptedField f : list) {
            if (f.type() == PLACEHOLDER) {
                if (f.length() - 4 != cookieBody) {
                    return -1;
                }
                n++;
            }
        }
        return n;
    }

    /** Turns the header in {@code out} into an NTS NAK with the request's Unique Identifier. */
    private int nak(byte[] out, ExtensionField uid, NtsCounter reason) {
        out[0] = (byte) ((LeapIndicator.UNSYNCHRONIZED.code() << 6) | (out[0] & 0x3F));
        out[NtpCodec.OFF_STRATUM] = 0;
        NtpCodec.putInt(out, NtpCodec.OFF_REFERENCE_ID, KissCode.NTSN.referenceId().raw());
        writeField(out, NtpPacket.HEADER_LENGTH, uid);
        stats.increment(reason);
        return NtpPacket.HEADER_LENGTH + uid.length();
    }

    private int malformed() {
        stats.increment(NtsCounter.MALFORMED);
        return 0;
    }

    private static void writeField(byte[] out, int off, ExtensionField f) {
        NtpCodec.putShort(out, off, f.type());
        NtpCodec.putShort(out, off + 2, f.length());
        byte[] body = f.body();
        System.arraycopy(body, 0, out, off + 4, body.length);
    }
}
