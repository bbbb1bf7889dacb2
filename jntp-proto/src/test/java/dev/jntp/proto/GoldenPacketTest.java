// Decodes datagrams captured from chronyd and ntpdig on loopback and checks fields and exact re-encoding.
package dev.jntp.proto;

import static dev.jntp.proto.TestPackets.decodeOk;
import static dev.jntp.proto.TestPackets.golden;
import static dev.jntp.proto.TestPackets.resource;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The captures and how they were made are described in {@code golden/README.txt}. */
class GoldenPacketTest {

    private static final int UID = 0x0104;
    private static final int COOKIE = 0x0204;
    private static final int AUTHENTICATOR = 0x0404;
    private static final int CHRONY_EXP_MONO_ROOT = 0xF323;
    private static final int LOCAL = 0x7F7F_0101;
    private static final int NTSN = 0x4E54_534E;

    /**
     * What one captured datagram must decode to.
     *
     * @param refId reference ID as the raw 32 bits
     * @param fields extension field types in wire order
     * @param mac "" without MAC, else "KEY/DIGEST-OCTETS"
     */
    record Fields(int length, LeapIndicator leap, int version, Mode mode, int stratum, int poll, int precision,
            int refId, List<Integer> fields, String mac) {}

    /**
     * One captured exchange, files {@code golden/NAME-request.hex} and {@code golden/NAME-reply.hex}.
     *
     * @param interleaved whether the reply's origin echoes the request's receive timestamp (chrony's
     *     interleaved mode) rather than its transmit timestamp (RFC 5905)
     */
    record Exchange(String name, Fields request, Fields reply, boolean interleaved) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static Fields chronydReply(int length, int version, int poll, List<Integer> fields, String mac) {
        return new Fields(length, LeapIndicator.NO_WARNING, version, Mode.SERVER, 3, poll, -25, LOCAL, fields, mac);
    }

    /** ntpdig's request (LI=3, poll 0, precision 0) and chronyd's reply, both of the given length and MAC. */
    private static Exchange ntpdig(String name, int length, String mac) {
        Fields request = new Fields(length, LeapIndicator.UNSYNCHRONIZED, 4, Mode.CLIENT, 0, 0, 0, 0, List.of(), mac);
        return new Exchange(name, request, chronydReply(length, 4, 0, List.of(), mac), false);
    }

    /** chronyd's client request: poll 6, precision 32, no MAC. */
    private static Fields chronydRequest(int length, int version, List<Integer> fields) {
        return new Fields(length, LeapIndicator.NO_WARNING, version, Mode.CLIENT, 0, 6, 32, 0, fields, "");
    }

    /** chronyd's client request and chronyd's reply, both of the given length. */
    private static Exchange chronyd(String name, int version, int length, List<Integer> requestFields,
            List<Integer> replyFields) {
        return new Exchange(name, chronydRequest(length, version, requestFields),
                chronydReply(length, version, 6, replyFields, ""), false);
    }

    static Stream<Exchange> exchanges() {
        List<Integer> none = List.of();
        List<Integer> ntsRequest = List.of(UID, COOKIE, AUTHENTICATOR);
        return Stream.of(
                ntpdig("ntpdig-plain", 48, ""),
                ntpdig("ntpdig-md5", 68, "1/16"),
                ntpdig("ntpdig-sha1", 72, "2/20"),
                chronyd("chronyd-v4", 4, 48, none, none),
                chronyd("chronyd-v3", 3, 48, none, none),
                chronyd("chronyd-v2", 2, 48, none, none),
                chronyd("chronyd-f323", 4, 76, List.of(CHRONY_EXP_MONO_ROOT), List.of(CHRONY_EXP_MONO_ROOT)),
                chronyd("chronyd-nts", 4, 228, ntsRequest, List.of(UID, AUTHENTICATOR)),
                new Exchange("chronyd-interleaved", chronydRequest(48, 4, none), chronydReply(48, 4, 6, none, ""), true),
                new Exchange("replay-ntsbadcookie", chronydRequest(228, 4, ntsRequest),
                        new Fields(84, LeapIndicator.UNSYNCHRONIZED, 4, Mode.SERVER, 0, 6, -25, NTSN, List.of(UID), ""),
                        false),
                new Exchange("chronyd-symmetric",
                        new Fields(48, LeapIndicator.UNSYNCHRONIZED, 4, Mode.SYMMETRIC_ACTIVE, 0, 6, -25, 0, none, ""),
                        new Fields(48, LeapIndicator.NO_WARNING, 4, Mode.SYMMETRIC_PASSIVE, 3, 6, -25, LOCAL, none, ""),
                        false));
    }

    private static void assertFields(NtpPacket p, Fields f) {
        assertThat(p.encodedLength()).isEqualTo(f.length());
        assertThat(List.of(p.leap(), p.version(), p.mode(), p.stratum(), p.poll(), p.precision(), p.referenceId()))
                .containsExactly(f.leap(), f.version(), f.mode(), f.stratum(), f.poll(), f.precision(),
                        new ReferenceId(f.refId()));
        assertThat(p.extensions()).map(ExtensionField::type).containsExactlyElementsOf(f.fields());
        assertThat(p.macTrailer().map(m -> m.keyId() + "/" + m.digest().length).orElse("")).isEqualTo(f.mac());
    }

    private static List<ExtensionField> uniqueIdentifiers(NtpPacket p) {
        return p.extensions().stream().filter(f -> f.type() == UID).toList();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("exchanges")
    void decode_capturedExchange_hasCapturedFields(Exchange e) {
        assertFields(decodeOk(golden(e.name() + "-request")), e.request());
        assertFields(decodeOk(golden(e.name() + "-reply")), e.reply());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("exchanges")
    void encode_decodedCapture_reproducesEveryOctet(Exchange e) {
        for (String side : List.of("-request", "-reply")) {
            byte[] captured = golden(e.name() + side);

            assertThat(NtpCodec.encode(decodeOk(captured))).as(side).isEqualTo(captured);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("exchanges")
    void seedCorpus_capture_isThereOctetForOctet(Exchange e) {
        for (String side : List.of("-request", "-reply")) {
            assertThat(resource("NtpCodecFuzzTestInputs/decodeEncodeDecode/golden-" + e.name() + side))
                    .as(side).isEqualTo(golden(e.name() + side));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("exchanges")
    void capturedExchange_reply_echoesRequestTimestampAsOriginAndUniqueIdentifier(Exchange e) {
        NtpPacket request = decodeOk(golden(e.name() + "-request"));
        NtpPacket reply = decodeOk(golden(e.name() + "-reply"));

        NtpTimestamp echoed = e.interleaved() ? request.receiveTimestamp() : request.transmitTimestamp();
        assertThat(reply.originTimestamp()).isEqualTo(echoed);
        assertThat(uniqueIdentifiers(reply)).isEqualTo(uniqueIdentifiers(request));
    }

    @Test
    void chronydReply_timestamps_readAsCaptureDayWithLocalPivot() {
        NtpPacket reply = decodeOk(golden("ntpdig-plain-reply"));
        long pivot = Instant.parse("2026-11-22T00:00:00Z").getEpochSecond() * 1_000_000_000L;

        Instant t3 = Instant.EPOCH.plusNanos(reply.transmitTimestamp().toUnixNanos(pivot));

        assertThat(t3).isBetween(Instant.parse("2026-11-22T02:49:00Z"), Instant.parse("2026-11-22T02:50:00Z"));
        assertThat(reply.transmitTimestamp().nanosSince(reply.receiveTimestamp())).isBetween(0L, 10_000_000L);
        assertThat(reply.referenceId().describe(reply.stratum())).isEqualTo("127.127.1.1");
    }

    @Test
    void chronydNtsNak_isKissOfDeathNtsn() {
        NtpPacket nak = decodeOk(golden("replay-ntsbadcookie-reply"));

        assertThat(nak.kissCode()).contains(KissCode.NTSN);
        assertThat(nak.referenceId().describe(nak.stratum())).isEqualTo(".NTSN.");
    }

    @Test
    void chronydSymmetricActive_carriesOneSecondRootDelayAndDispersion() {
        NtpPacket active = decodeOk(golden("chronyd-symmetric-request"));

        assertThat(active.rootDelay().toSeconds()).isEqualTo(1.0);
        assertThat(active.rootDispersion().toSeconds()).isEqualTo(1.0);
    }
}
