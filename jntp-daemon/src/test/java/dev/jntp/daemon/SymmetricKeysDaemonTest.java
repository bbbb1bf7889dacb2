// Tests keyfile in the daemon: signed replies on the wire, a jntp client of a jntp server with keys, refusals at start.
package dev.jntp.daemon;

import static dev.jntp.daemon.TestDaemons.LOOPBACK;
import static dev.jntp.daemon.TestDaemons.assertCounterReaches;
import static dev.jntp.daemon.TestDaemons.boundTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jntp.engine.auth.KeyRing;
import dev.jntp.engine.auth.PacketMac;
import dev.jntp.engine.server.ServerCounter;
import dev.jntp.engine.sync.PacketTest;
import dev.jntp.engine.sync.SourceSnapshot;
import dev.jntp.proto.DecodeResult;
import dev.jntp.proto.KeyType;
import dev.jntp.proto.NtpCodec;
import dev.jntp.proto.NtpPacket;
import dev.jntp.proto.NtpTimestamp;
import dev.jntp.proto.SymmetricKey;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SymmetricKeysDaemonTest {

    private static final String SHA256_HEX = "6A0F8B2C7D3E4F5061728394A5B6C7D8E9FA0B1C2D3E4F5061728394A5B6C7D8";
    private static final SymmetricKey KEY = new SymmetricKey(1, KeyType.SHA256, HexFormat.of().parseHex(SHA256_HEX));

    @TempDir
    Path tmp;

    private Path keyFile(String name, String text) throws IOException {
        Path f = tmp.resolve(name);
        Files.writeString(f, text);
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-------"));
        return f;
    }

    /** Sends {@code request} to the daemon's IPv4 socket and returns the reply. */
    private static byte[] exchange(NtpDaemon d, byte[] request) throws IOException {
        try (DatagramSocket s = new DatagramSocket()) {
            s.setSoTimeout(2_000);
            s.send(new DatagramPacket(request, request.length, boundTo(d, "127.0.0.1")));
            DatagramPacket p = new DatagramPacket(new byte[1024], 1024);
            s.receive(p);
            return java.util.Arrays.copyOf(p.getData(), p.getLength());
        }
    }

    private static byte[] signedRequest(SymmetricKey k) {
        byte[] buf = new byte[NtpPacket.HEADER_LENGTH + PacketMac.trailerLength(k, 4)];
        NtpCodec.encodeInto(NtpPacket.clientRequest(4, new NtpTimestamp(0x1234_5678_9ABC_DEF0L)), buf, 0);
        PacketMac.sign(k, 4, buf, 0, NtpPacket.HEADER_LENGTH);
        return buf;
    }

    @Test
    void server_signedRequest_replySignedOverItsTransmitTimestamp() throws IOException {
        Path keys = keyFile("jntp.keys", "1 SHA256 HEX:" + SHA256_HEX + "\n");
        try (NtpDaemon d = TestDaemons.start(LOOPBACK + "local stratum 3\nkeyfile " + keys + "\n")) {
            byte[] reply = exchange(d, signedRequest(KEY));

            NtpPacket p = ((DecodeResult.Decoded) NtpCodec.decode(reply)).packet();
            assertThat(p.mac().keyId()).isEqualTo(1);
            assertThat(p.transmitTimestamp().isZero()).isFalse();
            assertThat(PacketMac.verify(KEY, 4, reply, 0, NtpPacket.HEADER_LENGTH, reply.length)).isTrue();
            assertCounterReaches(d, ServerCounter.AUTHENTICATED, 1);

            byte[] tampered = signedRequest(KEY);
            tampered[NtpCodec.OFF_TRANSMIT] ^= 1;
            assertThat(((DecodeResult.Decoded) NtpCodec.decode(exchange(d, tampered))).packet().mac().isCryptoNak())
                    .isTrue();
            assertCounterReaches(d, ServerCounter.AUTH_BAD_MAC, 1);
        }
    }

    @Test
    void jntpClientOfJntpServer_sameKey_authenticatedSamples_otherSecret_test5Fails() throws IOException {
        Path serverKeys = keyFile("server.keys", "1 AES128 HEX:7EA62AE64D190114D46D5A082F948EC1\n");
        Path wrongKeys = keyFile("wrong.keys", "1 AES128 HEX:7EA62AE64D190114D46D5A082F948EC2\n");
        try (NtpDaemon server = TestDaemons.start(LOOPBACK + "local stratum 3\nkeyfile " + serverKeys + "\n")) {
            int port = boundTo(server, "127.0.0.1").getPort();
            String source = "server 127.0.0.1 port " + port + " key 1 iburst minpoll -6 maxpoll -6\n";
            try (NtpDaemon good = NtpDaemon.start(TestDaemons.config("port 0\nbindcmdaddress /\nmetricsport 0\n"
                    + "keyfile " + serverKeys + "\n" + source));
                    NtpDaemon bad = NtpDaemon.start(TestDaemons.config("port 0\nbindcmdaddress /\nmetricsport 0\n"
                            + "keyfile " + wrongKeys + "\n" + source))) {
                boolean reached = TestDaemons.within(10_000, () -> first(good).reach() != 0
                        && server.stats().get(ServerCounter.AUTH_BAD_MAC) >= 2);
                SourceSnapshot g = first(good);
                SourceSnapshot b = first(bad);
                assertThat(reached).as("good %s, bad %s, server %s", g, b, server.stats().snapshot()).isTrue();
                assertThat(g.detail().authenticated()).isTrue();
                assertThat(g.lastTests().passed(PacketTest.AUTHENTICATION)).isTrue();
                assertThat(g.detail().validReplies()).isPositive();
                assertThat(b.reach()).as("crypto-NAKs are no replies").isZero();
                assertThat(b.detail().validReplies()).isZero();
                assertThat(b.lastTests().passed(PacketTest.AUTHENTICATION)).isFalse();
                assertThat(server.stats().get(ServerCounter.AUTHENTICATED)).isPositive();
            }
        }
    }

    private static SourceSnapshot first(NtpDaemon d) {
        return d.sources().getFirst().snapshot();
    }

    @Test
    void start_keyFileWithErrors_refusedNamingFileAndLines() throws IOException {
        Path keys = keyFile("bad.keys", "1 SHA256 HEX:00\n2 sha1 HEX:0011\n3 AES128 HEX:00\n");

        assertThatThrownBy(() -> TestDaemons.start(LOOPBACK + "keyfile " + keys + "\n"))
                .isInstanceOf(IOException.class).hasMessageContaining(keys + ":2: key 2: type 'sha1' must be in capitals")
                .hasMessageContaining(keys + ":3: key 3 of type AES128 has 8 bits");
    }

    @Test
    void start_serverKeyNotInKeyFileOrNoKeyFile_refusedNamingTheLine() throws IOException {
        Path keys = keyFile("jntp.keys", "1 SHA256 HEX:" + SHA256_HEX + "\n");

        assertThatThrownBy(() -> TestDaemons.start("keyfile " + keys + "\nserver 127.0.0.1 port 9 key 2\n"))
                .isInstanceOf(IOException.class).hasMessageContaining("test.conf:5: key 2 of '127.0.0.1' is not in "
                        + keys);
        assertThatThrownBy(() -> TestDaemons.start("server 127.0.0.1 port 9 key 1\n"))
                .isInstanceOf(IOException.class).hasMessageContaining("test.conf:4: '127.0.0.1' is to be authenticated"
                        + " with key 1, but no keyfile is given");
    }

    @Test
    void load_readableByOthers_oneWarningNamingFileAndChmod() throws IOException {
        Path keys = keyFile("jntp.keys", "1 SHA256 HEX:" + SHA256_HEX + "\n2 MD5 short\n");
        Files.setPosixFilePermissions(keys, PosixFilePermissions.fromString("rw-r--r--"));
        List<String> warnings = new ArrayList<>();
        List<String> infos = new ArrayList<>();

        KeyRing ring = SymmetricKeys.load(TestDaemons.config("keyfile " + keys + "\n"), warnings::add, infos::add);

        assertThat(ring.size()).isEqualTo(2);
        assertThat(warnings).hasSize(2);
        assertThat(warnings.get(0)).contains(keys.toString(), "readable by group or others", "chmod 600 " + keys);
        assertThat(warnings.get(1)).contains(keys + ":2: key 2 has only 40 bits");
        assertThat(infos).containsExactly("2 symmetric keys from " + keys);
    }
}
