// Shared helpers of the jntp-proto tests: datagram builders, decode assertions, value-semantics checks.
package dev.jntp.proto;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.function.Function;

/** Datagram builders and decode assertions shared by the tests of this package. */
final class TestPackets {

    /** Unix seconds of 2036-02-07T06:28:16Z, where NTP era 0 ends and era 1 begins. */
    static final long ROLLOVER_UNIX_SECONDS = (1L << 32) - NtpTimestamp.UNIX_EPOCH_OFFSET_SECONDS;

    static final long NANOS_PER_SECOND = 1_000_000_000L;

    private TestPackets() {}

    /** Octets written as hex; whitespace is ignored. */
    static byte[] hex(String hex) {
        return HexFormat.of().parseHex(hex.replaceAll("\\s", ""));
    }

    /**
     * A 48-octet header with the given first-octet fields; every other octet holds a distinct
     * non-zero value so that a codec that moves or drops a field is caught.
     */
    static byte[] header(int leap, int version, int mode) {
        byte[] h = new byte[NtpPacket.HEADER_LENGTH];
        h[0] = (byte) ((leap << 6) | (version << 3) | mode);
        for (int i = 1; i < h.length; i++) {
            h[i] = (byte) (0x25 * i + 0x11);
        }
        return h;
    }

    /** The octets of all parts, one after the other. */
    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    /** A client-mode datagram of the given version: the header, then the given trailer parts. */
    static byte[] datagram(int version, byte[]... trailer) {
        return concat(header(0, version, Mode.CLIENT.code()), concat(trailer));
    }

    /** An extension field whose length field says {@code length} and that really has that many octets. */
    static byte[] extensionField(int type, int length) {
        return extensionField(type, length, length);
    }

    /**
     * An extension field of {@code actualOctets} octets (header included) whose length field says
     * {@code declaredLength}; the body counts up from 1.
     */
    static byte[] extensionField(int type, int declaredLength, int actualOctets) {
        byte[] f = new byte[actualOctets];
        NtpCodec.putShort(f, 0, type);
        NtpCodec.putShort(f, 2, declaredLength);
        for (int i = 4; i < f.length; i++) {
            f[i] = (byte) (i - 3);
        }
        return f;
    }

    /** A MAC trailer: the key identifier, then a digest of {@code digestLength} octets 0xA0, 0xA1, … */
    static byte[] mac(long keyId, int digestLength) {
        byte[] m = new byte[4 + digestLength];
        NtpCodec.putInt(m, 0, (int) keyId);
        for (int i = 4; i < m.length; i++) {
            m[i] = (byte) (0xA0 + i - 4);
        }
        return m;
    }

    /** Decodes a datagram that must be accepted. */
    static NtpPacket decodeOk(byte[] datagram) {
        DecodeResult result = NtpCodec.decode(datagram);
        assertThat(result).isInstanceOf(DecodeResult.Decoded.class);
        return ((DecodeResult.Decoded) result).packet();
    }

    /** Decodes a datagram that must be rejected, and returns why. */
    static DecodeError decodeError(byte[] datagram) {
        DecodeResult result = NtpCodec.decode(datagram);
        assertThat(result).isInstanceOf(DecodeResult.Rejected.class);
        return ((DecodeResult.Rejected) result).error();
    }

    /** A test resource of this package, as octets. */
    static byte[] resource(String path) {
        try (InputStream in = TestPackets.class.getResourceAsStream(path)) {
            assertThat(in).as("test resource %s", path).isNotNull();
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A captured datagram from {@code golden/NAME.hex}. */
    static byte[] golden(String name) {
        return hex(new String(resource("golden/" + name + ".hex"), StandardCharsets.US_ASCII));
    }

    /**
     * Checks that a value built from a zeroed array of {@code length} octets copies it in and out:
     * changing the array given or the array returned leaves the value as it was.
     */
    static <T> void assertCopiesArrayInAndOut(Function<byte[], T> make, Function<T, byte[]> read, int length) {
        byte[] given = new byte[length];
        T value = make.apply(given);
        given[0] = 1;
        read.apply(value)[1] = 1;

        assertThat(read.apply(value)).isEqualTo(new byte[length]);
    }

    /** Checks equality by content: equal to {@code same} with the same hash code, unequal to each of {@code others}. */
    @SafeVarargs
    static <T> void assertEqualByContent(T value, T same, T... others) {
        assertThat(value).isEqualTo(same).hasSameHashCodeAs(same);
        for (T other : others) {
            assertThat(value).isNotEqualTo(other);
        }
    }

    /** Unix nanoseconds of an instant given as seconds and nanoseconds relative to the 2036 rollover. */
    static long rolloverPlus(long seconds, long nanos) {
        return (ROLLOVER_UNIX_SECONDS + seconds) * NANOS_PER_SECOND + nanos;
    }
}
