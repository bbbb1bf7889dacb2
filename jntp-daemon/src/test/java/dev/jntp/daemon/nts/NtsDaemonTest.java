// The daemon with NTS over loopback: KE then authenticated NTP, restart and a sibling sharing ntsdumpdir, NAKs, serverstats.
package dev.jntp.daemon.nts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jntp.config.ConfigParser;
import dev.jntp.config.ConfigResult;
import dev.jntp.daemon.NtpDaemon;
import dev.jntp.engine.nts.NtsClientPackets;
import dev.jntp.engine.nts.NtsCounter;
import dev.jntp.engine.nts.NtsKeys;
import dev.jntp.proto.NtpCodec;
import dev.jntp.proto.NtpPacket;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(120)
class NtsDaemonTest {

    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    @TempDir
    static Path shared;
    private static TestPki pki;

    @TempDir
    Path tmp;

    private final Random rnd = new Random(0x4E54_5344L);

    @BeforeAll
    static void makePki() throws Exception {
        pki = TestPki.create(shared, "server");
    }

    private NtpDaemon start(Path dumpDir) throws IOException {
        int ntp;
        int ke;
        try (DatagramSocket u = new DatagramSocket(0, LOOPBACK); ServerSocket t = new ServerSocket(0, 1, LOOPBACK)) {
            ntp = u.getLocalPort();
            ke = t.getLocalPort();
        }
        String text = "port " + ntp + "\nbindaddress 127.0.0.1\nallow 127.0.0.1\nlocal stratum 2\nbindcmdaddress /\n"
                + "metricsport 0\nntsservercert " + pki.certificate() + "\nntsserverkey " + pki.key() + "\nntsport " + ke
                + "\nntsdumpdir " + dumpDir + "\n";
        return switch (ConfigParser.parse("nts.conf", text)) {
            case ConfigResult.Valid v -> NtpDaemon.start(v.config());
            case ConfigResult.Invalid i -> throw new AssertionError(i.errors());
        };
    }

    private static InetSocketAddress ke(NtpDaemon d) {
        return d.nts().orElseThrow().keAddresses().getFirst();
    }

    private NtsClientPackets.Reply query(NtpDaemon d, byte[] cookie, NtsKeys keys, int placeholders)
            throws IOException {
        byte[] header = new byte[NtpPacket.HEADER_LENGTH];
        header[0] = 0x23;
        NtpCodec.putLong(header, NtpCodec.OFF_TRANSMIT, rnd.nextLong());
        byte[] uid = new byte[32];
        rnd.nextBytes(uid);
        byte[] nonce = new byte[16];
        rnd.nextBytes(nonce);
        byte[] request = NtsClientPackets.request(header, uid, cookie, placeholders, keys, nonce);
        try (DatagramSocket s = new DatagramSocket(0, LOOPBACK)) {
            s.setSoTimeout(5_000);
            s.send(new DatagramPacket(request, request.length, d.localAddresses().getFirst()));
            byte[] buf = new byte[2048];
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            s.receive(p);
            assertThat(p.getLength()).as("reply never longer than the request").isLessThanOrEqualTo(request.length);
            return NtsClientPackets.check(Arrays.copyOf(buf, p.getLength()), uid, keys);
        }
    }

    @Test
    void daemon_keThenNtp_authenticatedRepliesWithFreshCookies() throws Exception {
        try (NtpDaemon d = start(tmp.resolve("nts"))) {
            KeClient.Exchange e = KeClient.exchange(pki.clientContext(), ke(d));
            assertThat(e.records()).contains(dev.jntp.proto.nts.KeRecord.port(d.localAddresses().getFirst().getPort()));
            NtsClientPackets.Reply r = query(d, e.cookies().getFirst(), e.keys(), 2);
            assertThat(r).isInstanceOfSatisfying(NtsClientPackets.Reply.Authenticated.class, a -> {
                assertThat(a.cookies()).hasSize(3);
                assertThat(a.packet().stratum()).isEqualTo(2);
                assertThat(Math.abs(a.packet().transmitTimestamp().toUnixNanos(System.currentTimeMillis() * 1_000_000L)
                        - System.currentTimeMillis() * 1_000_000L)).as("transmit time is now").isLessThan(5_000_000_000L);
            });
            // A cookie from a reply works as well as one from NTS-KE.
            byte[] next = ((NtsClientPackets.Reply.Authenticated) r).cookies().getLast();
            assertThat(query(d, next, e.keys(), 0)).isInstanceOf(NtsClientPackets.Reply.Authenticated.class);
            assertThat(d.nts().orElseThrow().stats().get(NtsCounter.AUTHENTICATED)).isEqualTo(2);
            assertThat(d.nts().orElseThrow().stats().get(NtsCounter.KE_ACCEPTED)).isEqualTo(1);
        }
    }

    @Test
    void daemon_restartWithTheSameDumpDir_cookiesStillAccepted() throws Exception {
        Path dir = tmp.resolve("nts");
        KeClient.Exchange e;
        try (NtpDaemon d = start(dir)) {
            e = KeClient.exchange(pki.clientContext(), ke(d));
        }
        try (NtpDaemon again = start(dir)) {
            assertThat(query(again, e.cookies().get(1), e.keys(), 0))
                    .isInstanceOf(NtsClientPackets.Reply.Authenticated.class);
            assertThat(again.nts().orElseThrow().stats().get(NtsCounter.KE_ACCEPTED)).isZero();
        }
    }

    @Test
    void daemons_sharingTheDumpDir_acceptEachOthersCookies_othersNak() throws Exception {
        Path dir = tmp.resolve("nts");
        try (NtpDaemon a = start(dir); NtpDaemon b = start(dir); NtpDaemon stranger = start(tmp.resolve("other"))) {
            KeClient.Exchange e = KeClient.exchange(pki.clientContext(), ke(a));
            assertThat(query(b, e.cookies().get(0), e.keys(), 0)).isInstanceOf(
                    NtsClientPackets.Reply.Authenticated.class);
            KeClient.Exchange fromB = KeClient.exchange(pki.clientContext(), ke(b));
            assertThat(query(a, fromB.cookies().get(0), fromB.keys(), 0)).isInstanceOf(
                    NtsClientPackets.Reply.Authenticated.class);
            assertThat(query(stranger, e.cookies().get(1), e.keys(), 0)).isInstanceOf(NtsClientPackets.Reply.Nak.class);
            assertThat(stranger.nts().orElseThrow().stats().get(NtsCounter.NAK_UNKNOWN_KEY)).isEqualTo(1);
        }
    }

    @Test
    void serverstats_withNts_listsTheNtsCounters() throws Exception {
        try (NtpDaemon d = start(tmp.resolve("nts"))) {
            KeClient.exchange(pki.clientContext(), ke(d));
            java.util.Map<String, Object> m = NtsService.addCounters(new java.util.LinkedHashMap<>(),
                    d.nts().orElseThrow().stats().snapshot());
            assertThat(m).containsEntry("nts_ke_accepted", 1L).containsKeys("nts_authenticated", "nts_nak_unknown_key",
                    "nts_nak_bad_auth", "nts_malformed", "nts_ke_refused", "nts_ke_failed");
            assertThat(NtsService.addCounters(new java.util.LinkedHashMap<>(), null)).isEmpty();
        }
    }
}
