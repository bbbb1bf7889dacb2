// Tests the server responder: reply fields, reference state on the wire, drop counters, crypto-NAK and no amplification.
package dev.jntp.engine.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.jntp.proto.DecodeResult;
import dev.jntp.proto.LeapIndicator;
import dev.jntp.proto.LegacyMac;
import dev.jntp.proto.Mode;
import dev.jntp.proto.NtpCodec;
import dev.jntp.proto.NtpPacket;
import dev.jntp.proto.NtpShort;
import dev.jntp.proto.NtpTimestamp;
import dev.jntp.proto.ReferenceId;
import dev.jntp.proto.Subnet;
import java.net.InetAddress;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class ServerResponderTest {

    private static final long SEED = 0x5EED_0123L;
    /** A client inside the one allowed subnet, 192.0.2.0/24. */
    private static final byte[] CLIENT = {(byte) 192, 0, 2, 10};
    private static final byte[] OUTSIDER = {(byte) 198, 51, 100, 7};
    private static final NtpTimestamp RECEIVE = NtpTimestamp.fromUnixNanos(1_767_225_600_123_456_789L);
    private static final ReferenceState SYNCED = new ReferenceState(LeapIndicator.INSERT_SECOND, 2, -23,
            ReferenceId.ofIpv4(new byte[] {(byte) 192, 0, 2, 1}), new NtpShort(0x0001_8000), new NtpShort(0x0000_4321),
            RECEIVE.plusNanos(-64_000_000_000L));
    /** What fills the output buffer before each reply, so that an octet the responder forgets shows. */
    private static final byte UNWRITTEN = (byte) 0xEE;
    /** Transmit bits of most requests: not a time, and with the sign bit set. */
    private static final long TRANSMIT = 0xF00D_CAFE_1234_5678L;

    private final ServerStats stats = new ServerStats();
    private final ServerResponder responder = new ServerResponder(AccessFilter.of(List.of(
            new AccessFilter.Rule(true, false, Subnet.of(InetAddress.ofLiteral("192.0.2.0"), 24)))), stats);

    /**
     * A 48-octet request with the given transmit bits and poll; every other field holds junk,
     * which a server must not copy into its reply.
     */
    private static byte[] request(int version, int mode, int poll, long transmit) {
        byte[] r = new byte[NtpPacket.HEADER_LENGTH];
        Arrays.fill(r, (byte) 0x5A);
        r[0] = (byte) ((LeapIndicator.UNSYNCHRONIZED.code() << 6) | (version << 3) | mode);
        r[NtpCodec.OFF_POLL] = (byte) poll;
        NtpCodec.putLong(r, NtpCodec.OFF_TRANSMIT, transmit);
        return r;
    }

    private static byte[] request(int version, int mode) {
        return request(version, mode, 6, TRANSMIT);
    }

    private static byte[] concat(byte[] header, byte[]... trailer) {
        byte[] out = header;
        for (byte[] t : trailer) {
            int at = out.length;
            out = Arrays.copyOf(out, at + t.length);
            System.arraycopy(t, 0, out, at, t.length);
        }
        return out;
    }

    /** A MAC trailer of key 1 and a digest of {@code digestLength} octets, or a key-0 crypto-NAK when 0. */
    private static byte[] mac(int digestLength) {
        byte[] m = new byte[4 + digestLength];
        Arrays.fill(m, (byte) 0xA5);
        NtpCodec.putInt(m, 0, digestLength == 0 ? 0 : 1);
        return m;
    }

    /** An extension field whose length field says {@code declared} and that has {@code octets} octets. */
    private static byte[] extension(int declared, int octets) {
        byte[] f = new byte[octets];
        NtpCodec.putShort(f, 0, 0x0104);
        NtpCodec.putShort(f, 2, declared);
        return f;
    }

    /** The reply octets, or an empty array when the request is dropped. */
    private byte[] respond(byte[] request, ReferenceState ref) {
        byte[] out = new byte[ServerResponder.MAX_REPLY_LENGTH];
        Arrays.fill(out, UNWRITTEN);
        int n = responder.respond(request, request.length, CLIENT, RECEIVE, ref, out);
        return Arrays.copyOf(out, n);
    }

    private byte[] respond(byte[] request) {
        return respond(request, SYNCED);
    }

    private static NtpPacket decode(byte[] reply) {
        DecodeResult r = NtpCodec.decode(reply);
        assertThat(r).as("reply decodes").isInstanceOf(DecodeResult.Decoded.class);
        return ((DecodeResult.Decoded) r).packet();
    }

    private static long longAt(byte[] b, int off) {
        return NtpCodec.getLong(b, off);
    }

    /** Every counter zero except the ones given. */
    private void assertCounters(Map<ServerCounter, Long> nonZero) {
        Map<ServerCounter, Long> expected = new EnumMap<>(ServerCounter.class);
        for (ServerCounter c : ServerCounter.values()) {
            expected.put(c, nonZero.getOrDefault(c, 0L));
        }
        assertThat(stats.snapshot()).isEqualTo(expected);
    }

    @ParameterizedTest(name = "version {0}")
    @ValueSource(ints = {1, 2, 3, 4})
    void clientRequest_eachVersion_48OctetServerModeReplyEchoingVersion(int version) {
        byte[] reply = respond(request(version, Mode.CLIENT.code()));

        assertThat(reply).hasSize(NtpPacket.HEADER_LENGTH);
        NtpPacket p = decode(reply);
        assertThat(p.version()).isEqualTo(version);
        assertThat(p.mode()).isEqualTo(Mode.SERVER);
        assertCounters(Map.of(ServerCounter.RECEIVED, 1L, ServerCounter.ANSWERED, 1L));
    }

    @Test
    void version1Request_modeZero_answeredInServerMode() {
        byte[] reply = respond(request(1, Mode.RESERVED.code()));

        assertThat(reply).hasSize(NtpPacket.HEADER_LENGTH);
        assertThat(reply[0] & 0x3F).isEqualTo((1 << 3) | Mode.SERVER.code());
        assertCounters(Map.of(ServerCounter.RECEIVED, 1L, ServerCounter.ANSWERED, 1L));
    }

    @ParameterizedTest(name = "poll {0}")
    @ValueSource(ints = {-128, -6, 0, 4, 17, 127})
    void clientRequest_anyPoll_pollEchoed(int poll) {
        assertThat(respond(request(4, Mode.CLIENT.code(), poll, TRANSMIT))[NtpCodec.OFF_POLL]).isEqualTo((byte) poll);
    }

    @Test
    void clientRequest_randomTransmitBits_originIsCopyOctetForOctet() {
        Random random = new Random(SEED);
        for (int i = 0; i < 1_000; i++) {
            byte[] req = request(4, Mode.CLIENT.code(), 6, random.nextLong());
            byte[] reply = respond(req);

            assertThat(Arrays.copyOfRange(reply, NtpCodec.OFF_ORIGIN, NtpCodec.OFF_ORIGIN + 8))
                    .as("seed %d, request %d", SEED, i)
                    .isEqualTo(Arrays.copyOfRange(req, NtpCodec.OFF_TRANSMIT, NtpCodec.OFF_TRANSMIT + 8));
        }
    }

    @Test
    void clientRequest_answered_receiveIsGivenTimeAndTransmitZeroUntilStamped() {
        byte[] reply = respond(request(4, Mode.CLIENT.code()));

        assertThat(longAt(reply, NtpCodec.OFF_RECEIVE)).isEqualTo(RECEIVE.raw());
        assertThat(longAt(reply, NtpCodec.OFF_TRANSMIT)).isZero();

        byte[] before = reply.clone();
        NtpTimestamp transmit = RECEIVE.plusNanos(12_345);
        ServerResponder.stampTransmit(reply, transmit);

        assertThat(longAt(reply, NtpCodec.OFF_TRANSMIT)).isEqualTo(transmit.raw());
        assertThat(Arrays.copyOf(reply, NtpCodec.OFF_TRANSMIT)).isEqualTo(Arrays.copyOf(before, NtpCodec.OFF_TRANSMIT));
    }

    @Test
    void clientRequest_synchronisedState_serverFieldsFromReferenceState() {
        NtpPacket p = decode(respond(request(4, Mode.CLIENT.code())));

        assertThat(p.leap()).isEqualTo(SYNCED.leap());
        assertThat(p.stratum()).isEqualTo(SYNCED.stratum());
        assertThat(p.precision()).isEqualTo(SYNCED.precision());
        assertThat(p.referenceId()).isEqualTo(SYNCED.referenceId());
        assertThat(p.rootDelay()).isEqualTo(SYNCED.rootDelay());
        assertThat(p.rootDispersion()).isEqualTo(SYNCED.rootDispersion());
        assertThat(p.referenceTime()).isEqualTo(SYNCED.referenceTime());
    }

    @Test
    void clientRequest_localStratum3_noWarningStratum3LocalRefidReferenceTimeBeforeReceive() {
        NtpPacket p = decode(respond(request(4, Mode.CLIENT.code()), ReferenceProvider.local(3, -20).at(RECEIVE)));

        assertThat(p.leap()).isEqualTo(LeapIndicator.NO_WARNING);
        assertThat(p.stratum()).isEqualTo(3);
        assertThat(p.precision()).isEqualTo(-20);
        assertThat(p.referenceId()).isEqualTo(ReferenceId.LOCAL);
        assertThat(p.referenceId().asDottedQuad()).isEqualTo("127.127.1.1");
        assertThat(p.rootDelay()).isEqualTo(NtpShort.ZERO);
        assertThat(p.rootDispersion()).isEqualTo(NtpShort.ofSeconds(Math.scalb(1.0, -20)));
        assertThat(RECEIVE.nanosSince(p.referenceTime())).isEqualTo(1_000_000_000L);
    }

    @Test
    void clientRequest_unsynchronised_leap3Stratum0RefidZero() {
        NtpPacket p = decode(respond(request(4, Mode.CLIENT.code()), ReferenceProvider.unsynchronised(-20).at(RECEIVE)));

        assertThat(p.leap()).isEqualTo(LeapIndicator.UNSYNCHRONIZED);
        assertThat(p.stratum()).isZero();
        assertThat(p.referenceId()).isEqualTo(ReferenceId.NONE);
        assertThat(p.referenceTime()).isEqualTo(NtpTimestamp.ZERO);
        assertThat(p.receiveTimestamp()).isEqualTo(RECEIVE);
    }

    @ParameterizedTest(name = "leap {0}, stratum {1}")
    @CsvSource({"UNSYNCHRONIZED, 5", "NO_WARNING, 16", "NO_WARNING, 0"})
    void clientRequest_stateNotSynchronised_stratumZeroOnTheWire(LeapIndicator leap, int stratum) {
        ReferenceState state = new ReferenceState(leap, stratum, -20, ReferenceId.NONE, NtpShort.ZERO, NtpShort.ZERO,
                NtpTimestamp.ZERO);

        assertThat(state.synchronised()).isFalse();
        assertThat(decode(respond(request(4, Mode.CLIENT.code()), state)).stratum()).isZero();
    }

    /** Requests that are dropped, the address they come from, and the counter that must count them. */
    static Stream<Arguments> dropped() {
        byte[] v4 = request(4, Mode.CLIENT.code());
        Stream.Builder<Arguments> cases = Stream.builder();
        cases.add(Arguments.of("denied IPv4 address", v4, OUTSIDER, ServerCounter.DENIED));
        cases.add(Arguments.of("denied IPv6 address", v4, InetAddress.ofLiteral("::1").getAddress(),
                ServerCounter.DENIED));
        cases.add(Arguments.of("47 octets", Arrays.copyOf(v4, 47), CLIENT, ServerCounter.MALFORMED));
        cases.add(Arguments.of("empty", new byte[0], CLIENT, ServerCounter.MALFORMED));
        for (int version : new int[] {0, 5, 6, 7}) {
            cases.add(Arguments.of("version " + version, request(version, Mode.CLIENT.code()), CLIENT,
                    ServerCounter.BAD_VERSION));
        }
        for (int version : new int[] {2, 3, 4}) {
            cases.add(Arguments.of("mode 0, version " + version, request(version, 0), CLIENT,
                    ServerCounter.UNEXPECTED_MODE));
        }
        for (int mode : new int[] {1, 2, 4, 5}) {
            cases.add(Arguments.of("mode " + mode, request(4, mode), CLIENT, ServerCounter.UNEXPECTED_MODE));
        }
        cases.add(Arguments.of("mode 6", request(2, 6), CLIENT, ServerCounter.CONTROL_MODE));
        cases.add(Arguments.of("mode 6, 12-octet header", Arrays.copyOf(request(2, 6), 12), CLIENT,
                ServerCounter.CONTROL_MODE));
        cases.add(Arguments.of("mode 7", request(2, 7), CLIENT, ServerCounter.PRIVATE_MODE));
        cases.add(Arguments.of("extension length 12", concat(v4, extension(12, 28)), CLIENT, ServerCounter.MALFORMED));
        cases.add(Arguments.of("extension length 30", concat(v4, extension(30, 32)), CLIENT, ServerCounter.MALFORMED));
        cases.add(Arguments.of("extension truncated", concat(v4, extension(64, 28)), CLIENT, ServerCounter.MALFORMED));
        cases.add(Arguments.of("8-octet trailer", concat(v4, new byte[8]), CLIENT, ServerCounter.MALFORMED));
        cases.add(Arguments.of("72-octet trailer on version 3", concat(request(3, Mode.CLIENT.code()),
                extension(72, 72)), CLIENT, ServerCounter.MALFORMED));
        return cases.build();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dropped")
    void badRequest_dropped_countsReceivedAndItsReasonOnly(String name, byte[] request, byte[] client,
            ServerCounter reason) {
        byte[] out = new byte[ServerResponder.MAX_REPLY_LENGTH];

        assertThat(responder.respond(request, request.length, client, RECEIVE, SYNCED, out)).isZero();
        assertCounters(Map.of(ServerCounter.RECEIVED, 1L, reason, 1L));
    }

    @ParameterizedTest(name = "version {0}, {1}-octet digest")
    @CsvSource({"4, 16", "4, 20", "3, 16", "3, 20", "3, 32", "3, 64"})
    void requestWithMac_unknownKey_52OctetReplyWithCryptoNak(int version, int digestLength) {
        byte[] req = concat(request(version, Mode.CLIENT.code()), mac(digestLength));

        byte[] reply = respond(req);

        assertThat(reply).hasSize(NtpPacket.HEADER_LENGTH + LegacyMac.LENGTH_NAK);
        assertThat(Arrays.copyOfRange(reply, NtpPacket.HEADER_LENGTH, reply.length)).containsOnly(0);
        assertThat(decode(reply).mac().isCryptoNak()).isTrue();
        assertCounters(Map.of(ServerCounter.RECEIVED, 1L, ServerCounter.ANSWERED, 1L, ServerCounter.AUTH_UNKNOWN_KEY,
                1L));
    }

    @Test
    void requestWithExtensionAndMac_unknownKey_52OctetReplyWithCryptoNak() {
        byte[] reply = respond(concat(request(4, Mode.CLIENT.code()), extension(16, 16), mac(20)));

        assertThat(reply).hasSize(NtpPacket.HEADER_LENGTH + LegacyMac.LENGTH_NAK);
        assertThat(decode(reply).mac().isCryptoNak()).isTrue();
    }

    @Test
    void requestWithCryptoNakOrExtension_answered_plain48OctetReply() {
        assertThat(respond(concat(request(4, Mode.CLIENT.code()), mac(0)))).hasSize(NtpPacket.HEADER_LENGTH);
        assertThat(respond(concat(request(4, Mode.CLIENT.code()), extension(32, 32)))).hasSize(NtpPacket.HEADER_LENGTH);
    }

    /**
     * Mutates valid requests at random (bit flips, a random first octet, truncation, random
     * octets appended) inside a buffer larger than the datagram, as the daemon's is, and checks
     * that every reply is a well-formed server reply no longer than its request, and that every
     * request is counted once.
     */
    @Test
    void mutatedRequests_seededCorpus_replyNeverLongerThanRequestAndEveryRequestCounted() {
        long seed = SEED;
        Random rnd = new Random(seed);
        // Key 1 is known, so mac() trailers have bad MACs; the signed seeds have good ones until mutated.
        dev.jntp.proto.SymmetricKey key = new dev.jntp.proto.SymmetricKey(1, dev.jntp.proto.KeyType.SHA1,
                new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10});
        byte[] signed4 = Arrays.copyOf(request(4, 3), 72);
        dev.jntp.engine.auth.PacketMac.sign(key, 4, signed4, 0, 48);
        byte[] signed3 = Arrays.copyOf(request(3, 3), 72);
        dev.jntp.engine.auth.PacketMac.sign(key, 3, signed3, 0, 48);
        byte[][] seeds = {
            request(4, 3), request(1, 0), request(3, 3), concat(request(4, 3), mac(16)),
            concat(request(3, 3), mac(20)), concat(request(4, 3), mac(0)), concat(request(4, 3), extension(16, 16)),
            concat(request(4, 3), extension(24, 24), mac(20)), signed4, signed3, signed4, signed3,
        };
        int iterations = 100_000;
        byte[] buf = new byte[256];
        byte[] out = new byte[ServerResponder.MAX_REPLY_LENGTH];
        // Rate limited as chrony's example with KoD on, so that limiting and KoD RATE are reached too.
        ServerResponder responder = new ServerResponder(AccessFilter.of(List.of(new AccessFilter.Rule(true, false,
                Subnet.of(InetAddress.ofLiteral("192.0.2.0"), 24)))), stats, new RateLimiter(
                new RateLimiter.Settings(3, 8, 2, 1), new ClientTable(1 << 16), seed));
        responder.setKeys(dev.jntp.engine.auth.KeyRing.of(List.of(key)));
        for (int i = 0; i < iterations; i++) {
            rnd.nextBytes(buf);
            byte[] base = seeds[rnd.nextInt(seeds.length)];
            System.arraycopy(base, 0, buf, 0, base.length);
            int len = base.length;
            for (int ops = 1 + rnd.nextInt(3); ops > 0; ops--) {
                switch (rnd.nextInt(4)) {
                    case 0 -> buf[rnd.nextInt(len == 0 ? 1 : len)] ^= (byte) (1 << rnd.nextInt(8));
                    case 1 -> buf[0] = (byte) rnd.nextInt(256);
                    case 2 -> len = rnd.nextInt(len + 1);
                    default -> len = Math.min(buf.length, len + 1 + rnd.nextInt(32));
                }
            }
            byte[] client = rnd.nextInt(32) == 0 ? OUTSIDER : CLIENT;
            int n = responder.respond(buf, len, client, RECEIVE, SYNCED, out);
            if (n != 0 && (n > len || (n != NtpPacket.HEADER_LENGTH && n != NtpPacket.HEADER_LENGTH + LegacyMac.LENGTH_NAK
                    && n != NtpPacket.HEADER_LENGTH + LegacyMac.LENGTH_160)
                    || !(NtpCodec.decode(out, 0, n) instanceof DecodeResult.Decoded d
                            && d.packet().mode() == Mode.SERVER
                            && NtpCodec.getLong(out, NtpCodec.OFF_ORIGIN) == NtpCodec.getLong(buf, NtpCodec.OFF_TRANSMIT)))) {
                fail("seed %d, iteration %d: %d-octet request %s got %d-octet reply %s", seed, i, len,
                        HexFormat.of().formatHex(buf, 0, len), n, HexFormat.of().formatHex(out, 0, n));
            }
        }
        Map<ServerCounter, Long> counted = stats.snapshot();
        // AUTHENTICATED and the two crypto-NAK counters say more about some ANSWERED requests.
        java.util.Set<ServerCounter> details = java.util.EnumSet.of(ServerCounter.RECEIVED,
                ServerCounter.AUTHENTICATED, ServerCounter.AUTH_UNKNOWN_KEY, ServerCounter.AUTH_BAD_MAC);
        long outcomes = counted.entrySet().stream().filter(e -> !details.contains(e.getKey()))
                .mapToLong(Map.Entry::getValue).sum();
        assertThat(counted.get(ServerCounter.RECEIVED)).as("seed %d", seed).isEqualTo(iterations);
        assertThat(outcomes).as("seed %d: answered plus dropped", seed).isEqualTo(iterations);
        // Not counted here: send failures (the socket's) and mode 6 outcomes (the daemon's mode 6 handler's).
        java.util.Set<ServerCounter> elsewhere = java.util.EnumSet.of(ServerCounter.SEND_FAILED,
                ServerCounter.CONTROL_ANSWERED, ServerCounter.CONTROL_DENIED, ServerCounter.CONTROL_RATE_LIMITED);
        for (ServerCounter c : ServerCounter.values()) {
            if (!elsewhere.contains(c)) {
                assertThat(counted.get(c)).as("seed %d: the corpus reaches %s", seed, c).isPositive();
            }
        }
    }
}
