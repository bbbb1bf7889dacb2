// One NTS-KE record (RFC 8915 section 4): a critical bit, a 15-bit type and a typed body.
package dev.jntp.proto.nts;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * The records of an NTS-KE message. Each keeps the critical bit it was read or will be written
 * with, so that whatever {@link KeCodec} decodes encodes back to the same octets. The factory
 * methods set the bit as RFC 8915 section 4.1 requires of a sender.
 */
public sealed interface KeRecord {

    /** Largest body a record can have: its length is a 16-bit field. */
    int MAX_BODY = 0xFFFF;

    /** Whether the critical bit is set: a receiver that does not know the type must fail. */
    boolean critical();

    /** The 15-bit record type. */
    int type();

    /** Octets of the body on the wire. */
    int bodyLength();

    /** Record type 0. */
    record EndOfMessage(boolean critical) implements KeRecord {
        @Override
        public int type() {
            return KeRecordType.END_OF_MESSAGE.code();
        }

        @Override
        public int bodyLength() {
            return 0;
        }
    }

    /** Record type 1: 16-bit protocol IDs, the client's in order of preference. */
    record NextProtocol(boolean critical, List<Integer> protocols) implements KeRecord {
        public NextProtocol {
            protocols = shorts(protocols, "protocol id");
        }

        @Override
        public int type() {
            return KeRecordType.NEXT_PROTOCOL.code();
        }

        @Override
        public int bodyLength() {
            return 2 * protocols.size();
        }
    }

    /** Record type 2. */
    record Error(boolean critical, int code) implements KeRecord {
        public Error {
            checkShort(code, "error code");
        }

        @Override
        public int type() {
            return KeRecordType.ERROR.code();
        }

        @Override
        public int bodyLength() {
            return 2;
        }
    }

    /** Record type 3. */
    record Warning(boolean critical, int code) implements KeRecord {
        public Warning {
            checkShort(code, "warning code");
        }

        @Override
        public int type() {
            return KeRecordType.WARNING.code();
        }

        @Override
        public int bodyLength() {
            return 2;
        }
    }

    /** Record type 4: 16-bit AEAD algorithm IDs (IANA AEAD registry), the client's in order of preference. */
    record AeadAlgorithm(boolean critical, List<Integer> algorithms) implements KeRecord {
        public AeadAlgorithm {
            algorithms = shorts(algorithms, "AEAD id");
        }

        @Override
        public int type() {
            return KeRecordType.AEAD_ALGORITHM.code();
        }

        @Override
        public int bodyLength() {
            return 2 * algorithms.size();
        }
    }

    /** Record type 5: an opaque cookie; the array is copied in and out. */
    record NewCookie(boolean critical, byte[] cookie) implements KeRecord {
        public NewCookie {
            cookie = checkBody(cookie).clone();
        }

        @Override
        public byte[] cookie() {
            return cookie.clone();
        }

        @Override
        public int type() {
            return KeRecordType.NEW_COOKIE.code();
        }

        @Override
        public int bodyLength() {
            return cookie.length;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof NewCookie c && c.critical == critical && Arrays.equals(c.cookie, cookie);
        }

        @Override
        public int hashCode() {
            return Boolean.hashCode(critical) * 31 + Arrays.hashCode(cookie);
        }

        @Override
        public String toString() {
            return "NewCookie[" + (critical ? "critical, " : "") + cookie.length + " octets]";
        }
    }

    /** Record type 6: the NTPv4 server as printable ASCII (a host name, or an IPv4 or IPv6 address). */
    record Server(boolean critical, String name) implements KeRecord {
        public Server {
            Objects.requireNonNull(name, "name");
            if (!KeCodec.isServerName(name)) {
                throw new IllegalArgumentException("server name must be 1 to 255 printable ASCII characters");
            }
        }

        @Override
        public int type() {
            return KeRecordType.SERVER.code();
        }

        @Override
        public int bodyLength() {
            return name.length();
        }
    }

    /** Record type 7: the NTPv4 UDP port. */
    record Port(boolean critical, int port) implements KeRecord {
        public Port {
            checkShort(port, "port");
        }

        @Override
        public int type() {
            return KeRecordType.PORT.code();
        }

        @Override
        public int bodyLength() {
            return 2;
        }
    }

    /** A record of a type jntp does not know, kept as octets; the array is copied in and out. */
    record Unknown(boolean critical, int type, byte[] body) implements KeRecord {
        public Unknown {
            if (type < 0 || type > 0x7FFF) {
                throw new IllegalArgumentException("record type must be 0 to 32767, got " + type);
            }
            if (KeRecordType.of(type).isPresent()) {
                throw new IllegalArgumentException("record type " + type + " has its own record class");
            }
            body = checkBody(body).clone();
        }

        @Override
        public byte[] body() {
            return body.clone();
        }

        @Override
        public int bodyLength() {
            return body.length;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Unknown u && u.critical == critical && u.type == type && Arrays.equals(u.body, body);
        }

        @Override
        public int hashCode() {
            return (Boolean.hashCode(critical) * 31 + type) * 31 + Arrays.hashCode(body);
        }

        @Override
        public String toString() {
            return "Unknown[" + (critical ? "critical, " : "") + "type " + type + ", "
                    + HexFormat.of().formatHex(body, 0, Math.min(body.length, 32)) + (body.length > 32 ? "..." : "")
                    + "]";
        }
    }

    /** End of Message, critical as required. */
    static EndOfMessage end() {
        return new EndOfMessage(true);
    }

    /** Next Protocol Negotiation, critical as required. */
    static NextProtocol nextProtocol(Integer... protocols) {
        return new NextProtocol(true, List.of(protocols));
    }

    /** AEAD Algorithm Negotiation, critical (RFC 8915 lets the sender choose; chrony sets it). */
    static AeadAlgorithm aead(Integer... algorithms) {
        return new AeadAlgorithm(true, List.of(algorithms));
    }

    /** Error, critical as required. */
    static Error error(int code) {
        return new Error(true, code);
    }

    /** Warning, critical as required. */
    static Warning warning(int code) {
        return new Warning(true, code);
    }

    /** New Cookie for NTPv4, never critical. */
    static NewCookie cookie(byte[] cookie) {
        return new NewCookie(false, cookie);
    }

    /** NTPv4 Server Negotiation, critical (a client that cannot follow it must not use the wrong server). */
    static Server server(String name) {
        return new Server(true, name);
    }

    /** NTPv4 Port Negotiation, critical (a client that cannot follow it must not use the wrong port). */
    static Port port(int port) {
        return new Port(true, port);
    }

    private static void checkShort(int v, String what) {
        if (v < 0 || v > 0xFFFF) {
            throw new IllegalArgumentException(what + " must be 0 to 65535, got " + v);
        }
    }

    private static List<Integer> shorts(List<Integer> values, String what) {
        List<Integer> copy = List.copyOf(values);
        if (copy.size() * 2 > MAX_BODY) {
            throw new IllegalArgumentException("too many values for one record: " + copy.size());
        }
        for (int v : copy) {
            checkShort(v, what);
        }
        return copy;
    }

    private static byte[] checkBody(byte[] body) {
        if (body.length > MAX_BODY) {
            throw new IllegalArgumentException("record body longer than " + MAX_BODY + " octets: " + body.length);
        }
        return body;
    }
}
