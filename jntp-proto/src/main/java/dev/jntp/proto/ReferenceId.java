// The 32-bit reference identifier of the NTP header, read according to the stratum beside it.
package dev.jntp.proto;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;

/**
 * Reference ID (RFC 5905 section 7.3). Its meaning depends on the stratum of the same packet:
 * stratum 0 carries a kiss code (four ASCII characters, e.g. {@code RATE}), stratum 1 the name
 * of a reference clock (e.g. {@code GPS}, {@code PPS}), higher strata the IPv4 address of the
 * upstream server or the first four octets of the MD5 digest of its IPv6 address.
 *
 * @param raw the 32 wire bits, first octet in the high byte
 */
public record ReferenceId(int raw) {

    /** All zero: no reference. */
    public static final ReferenceId NONE = new ReferenceId(0);

    /** 127.127.1.1, which chrony and ntpd use for the undisciplined local clock. */
    public static final ReferenceId LOCAL = new ReferenceId(0x7F7F0101);

    /** The reference ID for an upstream IPv4 address (4 octets). */
    public static ReferenceId ofIpv4(byte[] address) {
        if (address.length != 4) {
            throw new IllegalArgumentException("IPv4 address needs 4 octets, got " + address.length);
        }
        return new ReferenceId(readInt(address));
    }

    /** The reference ID for an upstream IPv6 address (16 octets): the first 4 octets of its MD5. */
    public static ReferenceId ofIpv6(byte[] address) {
        if (address.length != 16) {
            throw new IllegalArgumentException("IPv6 address needs 16 octets, got " + address.length);
        }
        try {
            return new ReferenceId(readInt(MessageDigest.getInstance("MD5").digest(address)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK provides MD5", e);
        }
    }

    /** The reference ID for an address of either family. */
    public static ReferenceId ofAddress(byte[] address) {
        return address.length == 16 ? ofIpv6(address) : ofIpv4(address);
    }

    /** A reference ID of up to four ASCII characters, left-justified and zero-padded. */
    public static ReferenceId ofAscii(String code) {
        byte[] bytes = code.getBytes(StandardCharsets.US_ASCII);
        if (bytes.length > 4) {
            throw new IllegalArgumentException("a reference ID holds at most 4 characters: " + code);
        }
        int v = 0;
        for (int i = 0; i < 4; i++) {
            v = (v << 8) | (i < bytes.length ? bytes[i] & 0xFF : 0);
        }
        return new ReferenceId(v);
    }

    /** The four octets, first octet first. */
    public byte[] octets() {
        return new byte[] {(byte) (raw >>> 24), (byte) (raw >>> 16), (byte) (raw >>> 8), (byte) raw};
    }

    /**
     * The octets read as ASCII up to the first zero; non-printable octets become '?' so that the
     * result is always safe to print.
     */
    public String asAscii() {
        StringBuilder sb = new StringBuilder(4);
        for (byte b : octets()) {
            if (b == 0) {
                break;
            }
            sb.append(b >= 0x20 && b < 0x7F ? (char) b : '?');
        }
        return sb.toString();
    }

    /** The octets as a dotted quad, as ntpq prints a reference ID above stratum 1. */
    public String asDottedQuad() {
        return ((raw >>> 24) & 0xFF) + "." + ((raw >>> 16) & 0xFF) + "." + ((raw >>> 8) & 0xFF) + "." + (raw & 0xFF);
    }

    /** The kiss code this reference ID carries, if it is one of the registered codes. */
    public Optional<KissCode> kissCode() {
        return KissCode.of(this);
    }

    /**
     * How ntpq shows this reference ID in a packet of the given stratum: {@code .RATE.} for kiss
     * codes and reference clocks, a dotted quad otherwise.
     */
    public String describe(int stratum) {
        if (stratum <= 1) {
            return "." + asAscii() + ".";
        }
        return asDottedQuad();
    }

    @Override
    public String toString() {
        return String.format("%08X", raw);
    }

    private static int readInt(byte[] b) {
        return ((b[0] & 0xFF) << 24) | ((b[1] & 0xFF) << 16) | ((b[2] & 0xFF) << 8) | (b[3] & 0xFF);
    }
}
