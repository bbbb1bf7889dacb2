// An NTP packet (modes 0 to 5): the 48-octet header, extension fields and an optional MAC.
package dev.jntp.proto;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An NTP packet as defined in RFC 5905 section 7.3, for versions 1 to 4. Mode 6 and 7 messages
 * have different layouts and are not represented here.
 *
 * @param leap leap indicator
 * @param version protocol version, 1 to 4
 * @param mode association mode, 0 to 5
 * @param stratum 0 (unspecified or kiss-o'-death) to 255; 16 and above mean unsynchronised
 * @param poll log2 of the poll interval in seconds, signed
 * @param precision log2 of the clock precision in seconds, signed
 * @param rootDelay round-trip delay to the reference clock
 * @param rootDispersion dispersion to the reference clock
 * @param referenceId reference identifier, read according to the stratum
 * @param referenceTime when the sender's clock was last set or corrected
 * @param originTimestamp T1, copied from the request's transmit timestamp
 * @param receiveTimestamp T2, when the request arrived
 * @param transmitTimestamp T3, when this packet left
 * @param extensions extension fields in wire order (NTPv4 only)
 * @param mac the MAC trailer, or null when absent
 */
public record NtpPacket(
        LeapIndicator leap,
        int version,
        Mode mode,
        int stratum,
        int poll,
        int precision,
        NtpShort rootDelay,
        NtpShort rootDispersion,
        ReferenceId referenceId,
        NtpTimestamp referenceTime,
        NtpTimestamp originTimestamp,
        NtpTimestamp receiveTimestamp,
        NtpTimestamp transmitTimestamp,
        List<ExtensionField> extensions,
        LegacyMac mac) {

    /** Octets of the fixed header. */
    public static final int HEADER_LENGTH = 48;

    public NtpPacket {
        Objects.requireNonNull(leap, "leap");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(rootDelay, "rootDelay");
        Objects.requireNonNull(rootDispersion, "rootDispersion");
        Objects.requireNonNull(referenceId, "referenceId");
        Objects.requireNonNull(referenceTime, "referenceTime");
        Objects.requireNonNull(originTimestamp, "originTimestamp");
        Objects.requireNonNull(receiveTimestamp, "receiveTimestamp");
        Objects.requireNonNull(transmitTimestamp, "transmitTimestamp");
        if (version < NtpCodec.MIN_VERSION || version > NtpCodec.MAX_VERSION) {
            throw new IllegalArgumentException("version must be 1 to 4, got " + version);
        }
        if (mode == Mode.CONTROL || mode == Mode.PRIVATE) {
            throw new IllegalArgumentException("modes 6 and 7 have their own message formats");
        }
        if (stratum < 0 || stratum > 255) {
            throw new IllegalArgumentException("stratum must be 0 to 255, got " + stratum);
        }
        if (poll != (byte) poll || precision != (byte) precision) {
            throw new IllegalArgumentException("poll and precision are signed octets");
        }
        extensions = List.copyOf(extensions);
        if (!extensions.isEmpty() && version < 4) {
            throw new IllegalArgumentException("extension fields need NTPv4");
        }
        if (mac != null && !LegacyMac.isMacLength(mac.length(), version)) {
            throw new IllegalArgumentException("a MAC of " + mac.length() + " octets needs a version below 4");
        }
    }

    /** A client request (mode 3) as most clients send it: only version and transmit set. */
    public static NtpPacket clientRequest(int version, NtpTimestamp transmit) {
        return new NtpPacket(LeapIndicator.NO_WARNING, version, Mode.CLIENT, 0, 0, 0, NtpShort.ZERO,
                NtpShort.ZERO, ReferenceId.NONE, NtpTimestamp.ZERO, NtpTimestamp.ZERO, NtpTimestamp.ZERO,
                transmit, List.of(), null);
    }

    /** The MAC trailer, if present. */
    public Optional<LegacyMac> macTrailer() {
        return Optional.ofNullable(mac);
    }

    /** The kiss code, if this is a kiss-o'-death packet (stratum 0 with a registered code). */
    public Optional<KissCode> kissCode() {
        return stratum == 0 ? referenceId.kissCode() : Optional.empty();
    }

    /** Octets this packet takes on the wire. */
    public int encodedLength() {
        int n = HEADER_LENGTH;
        for (ExtensionField f : extensions) {
            n += f.length();
        }
        return mac == null ? n : n + mac.length();
    }

    /** This packet with another poll exponent. */
    public NtpPacket withPoll(int newPoll) {
        return new NtpPacket(leap, version, mode, stratum, newPoll, precision, rootDelay, rootDispersion,
                referenceId, referenceTime, originTimestamp, receiveTimestamp, transmitTimestamp, extensions, mac);
    }

    /** This packet with another transmit timestamp. */
    public NtpPacket withTransmitTimestamp(NtpTimestamp t) {
        return new NtpPacket(leap, version, mode, stratum, poll, precision, rootDelay, rootDispersion,
                referenceId, referenceTime, originTimestamp, receiveTimestamp, t, extensions, mac);
    }
}
