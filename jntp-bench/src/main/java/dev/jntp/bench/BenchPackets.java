// The datagrams the benchmarks work on, built once: a plain client request, an NTS-sized one with a MAC, a reply.
package dev.jntp.bench;

import dev.jntp.proto.ExtensionField;
import dev.jntp.proto.ExtensionFieldType;
import dev.jntp.proto.LeapIndicator;
import dev.jntp.proto.LegacyMac;
import dev.jntp.proto.Mode;
import dev.jntp.proto.NtpCodec;
import dev.jntp.proto.NtpPacket;
import dev.jntp.proto.NtpShort;
import dev.jntp.proto.NtpTimestamp;
import dev.jntp.proto.ReferenceId;
import java.util.List;
import java.util.SplittableRandom;

/** Fixed, seeded packets, so that every run measures the same octets. */
final class BenchPackets {

    /** A transmit timestamp that looks like a random one (RFC 9109 clients). */
    static final NtpTimestamp CLIENT_TRANSMIT = new NtpTimestamp(0x9E37_79B9_7F4A_7C15L);
    /** 2025-01-01T00:00:00Z plus a fraction: where the server's receive timestamp falls. */
    static final NtpTimestamp RECEIVE = NtpTimestamp.fromUnixNanos(1_735_689_600_123_456_789L);
    /** 25 microseconds after {@link #RECEIVE}. */
    static final NtpTimestamp TRANSMIT = RECEIVE.plusNanos(25_000);

    private BenchPackets() {}

    /** The 48 octets of an NTPv4 client request with only the transmit timestamp set. */
    static byte[] clientRequest() {
        return NtpCodec.encode(NtpPacket.clientRequest(4, CLIENT_TRANSMIT));
    }

    /**
     * An NTPv4 client request of NTS size with a legacy MAC behind it: a 32-octet unique
     * identifier, a 100-octet cookie, a SHA1-sized MAC (212 octets in all).
     */
    static byte[] requestWithExtensionsAndMac() {
        SplittableRandom random = new SplittableRandom(42);
        byte[] uid = new byte[32];
        byte[] cookie = new byte[100];
        byte[] digest = new byte[20];
        random.nextBytes(uid);
        random.nextBytes(cookie);
        random.nextBytes(digest);
        NtpPacket p = new NtpPacket(LeapIndicator.NO_WARNING, 4, Mode.CLIENT, 0, 0, 0, NtpShort.ZERO, NtpShort.ZERO,
                ReferenceId.NONE, NtpTimestamp.ZERO, NtpTimestamp.ZERO, NtpTimestamp.ZERO, CLIENT_TRANSMIT,
                List.of(ExtensionField.padded(ExtensionFieldType.NTS_UNIQUE_IDENTIFIER.code(), uid),
                        ExtensionField.padded(ExtensionFieldType.NTS_COOKIE.code(), cookie)),
                new LegacyMac(1, digest));
        return NtpCodec.encode(p);
    }

    /** A server reply at stratum 3 answering {@link #clientRequest}. */
    static NtpPacket serverReply() {
        return new NtpPacket(LeapIndicator.NO_WARNING, 4, Mode.SERVER, 3, 6, -24, NtpShort.ofSeconds(0.012),
                NtpShort.ofSeconds(0.034), new ReferenceId(0xC0A8_0001), RECEIVE.plusNanos(-64_000_000_000L),
                CLIENT_TRANSMIT, RECEIVE, TRANSMIT, List.of(), null);
    }
}
