// Tests the NTP wire codec: every rejection reason, bad arguments, well-formed trailers and exact re-encoding.
package dev.jntp.proto;

import static dev.jntp.proto.TestPackets.concat;
import static dev.jntp.proto.TestPackets.datagram;
import static dev.jntp.proto.TestPackets.decodeError;
import static dev.jntp.proto.TestPackets.decodeOk;
import static dev.jntp.proto.TestPackets.extensionField;
import static dev.jntp.proto.TestPackets.header;
import static dev.jntp.proto.TestPackets.hex;
import static dev.jntp.proto.TestPackets.mac;
import static dev.jntp.proto.TestPackets.rolloverPlus;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class NtpCodecTest {

    /** An NTS-style request (RFC 8915): unique identifier, cookie, cookie placeholder, authenticator. */
    private static final byte[] NTS_REQUEST = datagram(4,
            extensionField(0x0104, 36), extensionField(0x0204, 104), extensionField(0x0304, 104),
            extensionField(0x0404, 40));

    /** The first octets of a datagram, zero-padded to {@code length}. */
    private static byte[] octets(String prefix, int length) {
        return Arrays.copyOf(hex(prefix), length);
    }

    // ---- one group of rejections per DecodeError value ----

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 47})
    void decode_fewerThan48Octets_rejectsTooShort(int length) {
        assertThat(decodeError(Arrays.copyOf(header(0, 4, 3), length))).isEqualTo(DecodeError.TOO_SHORT);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 5, 6, 7})
    void decode_versionOutside1To4_rejectsUnsupportedVersion(int version) {
        assertThat(decodeError(header(0, version, 3))).isEqualTo(DecodeError.UNSUPPORTED_VERSION);
    }

    /** ntpq's READSTAT request (12 octets), a full-size mode 6 header, and mode 6 with version 0. */
    @ParameterizedTest
    @CsvSource({"160100010000000000000000, 12", "26, 48", "06, 48"})
    void decode_mode6_rejectsControlMessage(String prefix, int length) {
        assertThat(decodeError(octets(prefix, length))).isEqualTo(DecodeError.CONTROL_MESSAGE);
    }

    /** ntpdc's MON_GETLIST_1 request ("monlist"), and mode 7 with versions 4 and 0. */
    @ParameterizedTest
    @CsvSource({"1700032a, 48", "27, 48", "07, 8"})
    void decode_mode7_rejectsPrivateMessage(String prefix, int length) {
        assertThat(decodeError(octets(prefix, length))).isEqualTo(DecodeError.PRIVATE_MESSAGE);
    }

    @ParameterizedTest
    @CsvSource({"32, 28", "64, 28", "65532, 28", "28, 25"})
    void decode_extensionFieldLongerThanDatagram_rejectsExtensionTruncated(int declared, int present) {
        assertThat(decodeError(datagram(4, extensionField(0x0104, declared, present))))
                .isEqualTo(DecodeError.EXTENSION_TRUNCATED);
    }

    @Test
    void decode_secondExtensionFieldTruncated_rejectsExtensionTruncated() {
        byte[] d = datagram(4, extensionField(0x0104, 16), extensionField(0x0204, 40, 28));

        assertThat(decodeError(d)).isEqualTo(DecodeError.EXTENSION_TRUNCATED);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 4, 12, 15, 18, 30, 0xFFFF})
    void decode_extensionLengthUnder16OrNotMultipleOf4_rejectsExtensionBadLength(int declared) {
        assertThat(decodeError(datagram(4, extensionField(0x0104, declared, 28))))
                .isEqualTo(DecodeError.EXTENSION_BAD_LENGTH);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 3, 8, 16, 19, 21, 23})
    void decode_v4TrailerOfNoMacLength_rejectsBadTrailer(int trailer) {
        assertThat(decodeError(datagram(4, new byte[trailer]))).isEqualTo(DecodeError.BAD_TRAILER);
    }

    /** RFC 7822 section 7.5: without a MAC the last extension field must have at least 28 octets. */
    @Test
    void decode_lone16OctetExtensionField_rejectsBadTrailer() {
        assertThat(decodeError(datagram(4, extensionField(0x0104, 16)))).isEqualTo(DecodeError.BAD_TRAILER);
    }

    @Test
    void decode_extensionFieldThen8Octets_rejectsBadTrailer() {
        assertThat(decodeError(datagram(4, extensionField(0xF323, 28), new byte[8]))).isEqualTo(DecodeError.BAD_TRAILER);
    }

    @ParameterizedTest
    @CsvSource({"3, 30", "2, 16", "1, 72", "3, 8", "3, 100"})
    void decode_versionBelow4WithTrailerThatIsNoMac_rejectsBadTrailer(int version, int trailer) {
        assertThat(decodeError(datagram(version, new byte[trailer]))).isEqualTo(DecodeError.BAD_TRAILER);
    }

    /** chrony sends NTPv3 with the whole digest when a key's MAC would be truncated in NTPv4 (SHA256 and up). */
    @ParameterizedTest
    @CsvSource({"3, 36", "3, 68", "2, 28", "1, 52"})
    void decode_versionBelow4WithLongMac_keepsWholeMac(int version, int trailer) {
        byte[] d = datagram(version, mac(9, trailer - 4));
        NtpPacket p = ((DecodeResult.Decoded) NtpCodec.decode(d)).packet();

        assertThat(p.mac().keyId()).isEqualTo(9);
        assertThat(p.mac().length()).isEqualTo(trailer);
        assertThat(NtpCodec.encode(p)).isEqualTo(d);
    }

    @Test
    void decode_v4With36OctetsAfterHeader_readsThemAsExtensionFieldNotMac() {
        // Key id 9 read as an extension field header: type 0, length 9.
        assertThat(decodeError(datagram(4, mac(9, 32)))).isEqualTo(DecodeError.EXTENSION_BAD_LENGTH);
    }

    // ---- arguments that name no datagram ----

    @Test
    void decode_null_rejectsTooShortWithoutThrowing() {
        assertThat(NtpCodec.decode(null)).isInstanceOf(DecodeResult.Rejected.class);
        assertThat(NtpCodec.decode(null, 0, 48))
                .isEqualTo(new DecodeResult.Rejected(DecodeError.TOO_SHORT, "no datagram"));
    }

    @ParameterizedTest
    @CsvSource({"-1, 48", "0, 49", "1, 48", "48, 1", "48, 0", "0, -1", "2147483647, 48", "1, 2147483647",
        "-2147483648, 48", "49, -1"})
    void decode_sliceOutsideBuffer_rejectsTooShortWithoutThrowing(int off, int len) {
        DecodeResult result = NtpCodec.decode(header(0, 4, 3), off, len);

        assertThat(result).isInstanceOfSatisfying(DecodeResult.Rejected.class,
                r -> assertThat(r.error()).isEqualTo(DecodeError.TOO_SHORT));
    }

    @Test
    void decode_sliceInsideLargerBuffer_readsOnlyTheSlice() {
        byte[] packet = datagram(4, mac(1, 16));
        byte[] buffer = concat(new byte[] {(byte) 0xFF, 1, 2, 3, 4, 5, 6}, packet, new byte[5]);

        assertThat(NtpCodec.decode(buffer, 7, packet.length)).isEqualTo(NtpCodec.decode(packet));
    }

    // ---- well-formed datagrams ----

    static Stream<Arguments> wellFormed() {
        return Stream.of(
                arguments("v4 header alone", datagram(4)),
                arguments("v1 header alone", datagram(1)),
                arguments("v2 header alone", datagram(2)),
                arguments("v3 header alone", datagram(3)),
                arguments("v3 with 20-octet MAC", datagram(3, mac(7, 16))),
                arguments("16-octet field + 20-octet MAC", datagram(4, extensionField(0x0104, 16), mac(1, 16))),
                arguments("28-octet field alone", datagram(4, extensionField(0xF323, 28))),
                arguments("NTS-style request", NTS_REQUEST),
                arguments("crypto-NAK", datagram(4, mac(0, 0))),
                arguments("24-octet SHA1 MAC", datagram(4, mac(0xFFFF_FFFEL, 20))),
                arguments("largest field", datagram(4, extensionField(0x0204, 0xFFFC))),
                arguments("two fields + 24-octet MAC",
                        datagram(4, extensionField(0x0104, 36), extensionField(0x0204, 104), mac(2, 20))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("wellFormed")
    void encode_decodedWellFormedDatagram_reproducesEveryOctet(String name, byte[] datagram) {
        assertThat(NtpCodec.encode(decodeOk(datagram))).isEqualTo(datagram);
    }

    @Test
    void decode_16OctetFieldThenMac_splitsAtFieldLength() {
        NtpPacket p = decodeOk(datagram(4, extensionField(0x0104, 16), mac(1, 16)));

        assertThat(p.extensions()).containsExactly(new ExtensionField(0x0104, Arrays.copyOfRange(extensionField(0x0104, 16), 4, 16)));
        assertThat(p.mac()).isEqualTo(new LegacyMac(1, Arrays.copyOfRange(mac(1, 16), 4, 20)));
    }

    @Test
    void decode_lone28OctetField_isFieldNotMac() {
        NtpPacket p = decodeOk(datagram(4, extensionField(0xF323, 28)));

        assertThat(p.extensions()).singleElement().satisfies(f -> {
            assertThat(f.type()).isEqualTo(0xF323);
            assertThat(f.length()).isEqualTo(28);
        });
        assertThat(p.mac()).isNull();
    }

    @Test
    void decode_ntsStyleRequest_keepsNamedFieldsInWireOrder() {
        NtpPacket p = decodeOk(NTS_REQUEST);

        assertThat(p.extensions()).map(f -> f.knownType().orElseThrow()).containsExactly(
                ExtensionFieldType.NTS_UNIQUE_IDENTIFIER, ExtensionFieldType.NTS_COOKIE,
                ExtensionFieldType.NTS_COOKIE_PLACEHOLDER, ExtensionFieldType.NTS_AUTHENTICATOR);
        assertThat(p.extensions()).map(ExtensionField::length).containsExactly(36, 104, 104, 40);
        assertThat(p.mac()).isNull();
    }

    @Test
    void decode_fourTrailingZeroOctets_isCryptoNak() {
        NtpPacket p = decodeOk(datagram(4, mac(0, 0)));

        assertThat(p.extensions()).isEmpty();
        assertThat(p.mac().isCryptoNak()).isTrue();
    }

    @Test
    void decode_24TrailingOctets_isSha1MacWithUnsignedKeyId() {
        NtpPacket p = decodeOk(datagram(4, mac(0xFFFF_FFFEL, 20)));

        assertThat(p.mac().keyId()).isEqualTo(4_294_967_294L);
        assertThat(p.mac().digest()).hasSize(20);
    }

    @Test
    void decode_header_readsEveryFieldWithItsSignedness() {
        NtpPacket p = decodeOk(hex("E4 03 FA E7  00018000  00004000  7F7F0101  EEACD6B612ECBF1B"
                + " 0102030405060708  FFFFFFFF00000001  8000000000000000"));

        assertThat(p).isEqualTo(new NtpPacket(LeapIndicator.UNSYNCHRONIZED, 4, Mode.SERVER, 3, -6, -25,
                NtpShort.ofSeconds(1.5), NtpShort.ofSeconds(0.25), ReferenceId.LOCAL,
                new NtpTimestamp(0xEEAC_D6B6_12EC_BF1BL), new NtpTimestamp(0x0102_0304_0506_0708L),
                new NtpTimestamp(0xFFFF_FFFF_0000_0001L), new NtpTimestamp(0x8000_0000_0000_0000L), List.of(), null));
    }

    static Stream<Arguments> leapVersionMode() {
        return IntStream.range(0, 4).boxed().flatMap(leap -> IntStream.rangeClosed(1, 4).boxed()
                .flatMap(version -> IntStream.range(0, 6).mapToObj(mode -> arguments(leap, version, mode))));
    }

    @ParameterizedTest(name = "leap {0}, version {1}, mode {2}")
    @MethodSource("leapVersionMode")
    void decode_firstOctet_splitsIntoLeapVersionAndModeAndReencodes(int leap, int version, int mode) {
        byte[] d = header(leap, version, mode);
        NtpPacket p = decodeOk(d);

        assertThat(p.leap()).isEqualTo(LeapIndicator.ofCode(leap));
        assertThat(p.version()).isEqualTo(version);
        assertThat(p.mode()).isEqualTo(Mode.ofCode(mode));
        assertThat(NtpCodec.encode(p)).isEqualTo(d);
    }

    // ---- encodeInto ----

    @Test
    void encodeInto_offset_writesOnlyThereAndReturnsLength() {
        byte[] d = datagram(4, mac(1, 16));
        byte[] out = new byte[d.length + 10];
        Arrays.fill(out, (byte) 0x77);

        int written = NtpCodec.encodeInto(decodeOk(d), out, 5);

        assertThat(written).isEqualTo(d.length);
        assertThat(Arrays.copyOfRange(out, 5, 5 + written)).isEqualTo(d);
        assertThat(out[4]).isEqualTo((byte) 0x77);
        assertThat(out[5 + written]).isEqualTo((byte) 0x77);
    }

    @ParameterizedTest
    @CsvSource({"48, 1", "47, 0", "48, -1", "100, 53", "0, 0"})
    void encodeInto_noRoomForWholePacket_throwsIndexOutOfBounds(int size, int off) {
        NtpPacket p = decodeOk(datagram(4));

        assertThatThrownBy(() -> NtpCodec.encodeInto(p, new byte[size], off))
                .isInstanceOf(IndexOutOfBoundsException.class);
    }

    // ---- the 2036 era rollover on the wire ----

    /**
     * The client's clock is 100 ms behind the server's, each way takes 50 ms and the server holds
     * the request for 1 ms. T1 falls just before 2036-02-07T06:28:16Z, T2 to T4 just after, so
     * their seconds fields wrap from 0xFFFFFFFF to 0.
     */
    @Test
    void secondsSince_replyStraddlingEraRollover_givesTrueOffsetAndDelay() {
        NtpTimestamp t1 = NtpTimestamp.fromUnixNanos(rolloverPlus(0, -20_000_000));
        NtpTimestamp t2 = NtpTimestamp.fromUnixNanos(rolloverPlus(0, 130_000_000));
        NtpTimestamp t3 = NtpTimestamp.fromUnixNanos(rolloverPlus(0, 131_000_000));
        NtpTimestamp t4 = NtpTimestamp.fromUnixNanos(rolloverPlus(0, 81_000_000));
        NtpPacket sent = new NtpPacket(LeapIndicator.NO_WARNING, 4, Mode.SERVER, 2, 6, -20, NtpShort.ZERO,
                NtpShort.ZERO, ReferenceId.LOCAL, t2, t1, t2, t3, List.of(), null);

        NtpPacket reply = decodeOk(NtpCodec.encode(sent));
        double offset = (reply.receiveTimestamp().secondsSince(reply.originTimestamp())
                + reply.transmitTimestamp().secondsSince(t4)) / 2;
        double delay = t4.secondsSince(reply.originTimestamp()) - reply.transmitTimestamp().secondsSince(reply.receiveTimestamp());

        assertThat(reply.originTimestamp().seconds()).isEqualTo(0xFFFF_FFFFL);
        assertThat(reply.receiveTimestamp().seconds()).isZero();
        assertThat(offset).isCloseTo(0.100, within(1e-9));
        assertThat(delay).isCloseTo(0.100, within(1e-9));
    }
}
