// chronyd (-x) as an NTS client of jntp: NTS-KE, authenticated NTP, cookies surviving a jntp restart, and chronyd -Q.
package dev.jntp.interop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jntp.cli.Cli;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A private CA and a server certificate made with openssl (INTEROP.md's recipe), jntp serving NTS
 * with them, and chronyd trusting the CA. chronyd's own views are the verdict: {@code chronyc
 * authdata} (mode NTS, cookies held, NAKs) and {@code chronyc ntpdata} (Authenticated: Yes).
 */
class NtsWithChronydTest {

    @TempDir
    Path tmp;

    /** Writes ca.crt, server.crt and server.key (SANs localhost, 127.0.0.1, ::1) into {@code dir}. */
    static void makePki(Path dir) {
        String openssl = Tools.require("openssl");
        Duration t = Duration.ofSeconds(60);
        run(Tools.run(t, openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", dir + "/ca.key", "-out",
                dir + "/ca.crt", "-days", "30", "-subj", "/CN=jntp test CA", "-addext",
                "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign"));
        run(Tools.run(t, openssl, "req", "-newkey", "rsa:2048", "-nodes", "-keyout", dir + "/server.key", "-out",
                dir + "/server.csr", "-subj", "/CN=localhost"));
        try {
            Files.writeString(dir.resolve("server.ext"), "basicConstraints=CA:FALSE\n"
                    + "keyUsage=critical,digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\n"
                    + "subjectAltName=DNS:localhost,IP:127.0.0.1,IP:::1\n");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        run(Tools.run(t, openssl, "x509", "-req", "-in", dir + "/server.csr", "-CA", dir + "/ca.crt", "-CAkey",
                dir + "/ca.key", "-CAcreateserial", "-out", dir + "/server.crt", "-days", "30", "-extfile",
                dir + "/server.ext"));
    }

    private static void run(Tools.Run r) {
        assertThat(r.exit()).as(r.all()).isZero();
    }

    private static int freeTcpPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private Path jntpConfig(int port, int ntsPort) throws IOException {
        Path conf = tmp.resolve("jntp.conf");
        Files.writeString(conf, "port " + port + "\nbindaddress 127.0.0.1\nallow 127.0.0.1\nlocal stratum 2\n"
                + "bindcmdaddress " + tmp.resolve("jntp.sock") + "\nmetricsport 0\n"
                + "ntsservercert " + tmp.resolve("server.crt") + "\nntsserverkey " + tmp.resolve("server.key") + "\n"
                + "ntsport " + ntsPort + "\nntsdumpdir " + tmp.resolve("nts") + "\n");
        return conf;
    }

    /** {@code chronyc -c authdata}'s row: name, mode, key id, type, key length, last KE, attempts, NAKs, cookies, cookie length. */
    private static String[] authdata(Chronyd chronyd) {
        return chronyd.chronyc("-c", "authdata").stdout().strip().split(",");
    }

    @Test
    void chronydNtsClient_getsCookiesAndAuthenticatedReplies_andKeepsThemAcrossAJntpRestart() throws Exception {
        Tools.require("chronyd");
        makePki(tmp);
        int port = Tools.freeUdpPort();
        int ntsPort = freeTcpPort();
        Path conf = jntpConfig(port, ntsPort);
        JntpProcess jntp = JntpProcess.startWith(null, "daemon", "-x", "--config", conf.toString());
        try (Chronyd chronyd = Chronyd.start("server 127.0.0.1 port " + port + " iburst nts ntsport " + ntsPort
                + " minpoll 0 maxpoll 1\nntstrustedcerts " + tmp.resolve("ca.crt") + "\nport 0\n")) {
            boolean authenticated = Tools.await(Duration.ofSeconds(60), () -> authdata(chronyd).length >= 10
                    && Integer.parseInt(authdata(chronyd)[8]) > 0
                    && chronyd.chronyc("ntpdata", "127.0.0.1").stdout().matches("(?s).*Authenticated\\s*:\\s*Yes.*"));
            Tools.Run auth = chronyd.chronyc("authdata");
            Tools.Run ntpdata = chronyd.chronyc("ntpdata", "127.0.0.1");
            assertThat(authenticated).as("chronyd authenticates jntp:\n%s\n%s\nchronyd log:\n%s\njntp log:\n%s",
                    auth.all(), ntpdata.all(), chronyd.log(), jntp.log()).isTrue();
            String[] row = authdata(chronyd);
            System.out.printf("chronyc authdata:%n%s%nntpdata:%n%s%n", auth.stdout(), ntpdata.stdout());
            assertThat(row[1]).isEqualTo("NTS");
            assertThat(row[3]).as("AEAD").isEqualTo("15");
            assertThat(row[7]).as("NAKs").isEqualTo("0");
            assertThat(row[9]).as("cookie length").isEqualTo("104");
            assertThat(ntpdata.stdout()).containsPattern("NTP tests\\s*:\\s*111 111 1").containsPattern(
                    "Stratum\\s*:\\s*2");
            Cli stats = Cli.run("serverstats", "--socket", tmp.resolve("jntp.sock").toString());
            assertThat(stats.out()).containsPattern("NTS-KE connections accepted: 1")
                    .containsPattern("Authenticated NTP packets\\s*: [1-9]");

            // Restart jntp with the same ntsdumpdir: chronyd's cookies stay valid, so no NAK and no new NTS-KE.
            jntp.stopAndCheck();
            jntp.close();
            jntp = JntpProcess.startWith(null, "daemon", "-x", "--config", conf.toString());
            JntpProcess restarted = jntp;
            boolean polled = Tools.await(Duration.ofSeconds(60), () -> {
                Cli s = Cli.run("serverstats", "--socket", tmp.resolve("jntp.sock").toString());
                return s.out().matches("(?s).*Authenticated NTP packets\\s*: ([4-9]|\\d\\d+).*");
            });
            Cli after = Cli.run("serverstats", "--socket", tmp.resolve("jntp.sock").toString());
            assertThat(polled).as("the restarted jntp authenticates chronyd's requests:\n%s\n%s\njntp log:\n%s",
                    after.out(), chronyd.chronyc("authdata").all(), restarted.log()).isTrue();
            assertThat(after.out()).containsPattern("NTS-KE connections accepted: 0")
                    .containsPattern("NTS NAKs: unknown key\\s*: 0").containsPattern("NTS NAKs: bad cookie/auth\\s*: 0");
            String[] later = authdata(chronyd);
            assertThat(later[7]).as("NAKs after the restart").isEqualTo("0");
            assertThat(Integer.parseInt(later[5])).as("seconds since chronyd's last NTS-KE")
                    .isGreaterThan(Integer.parseInt(row[5]));
            Tools.Run steady = chronyd.chronyc("ntpdata", "127.0.0.1");
            System.out.printf("after the restart:%n%s%n%s%n", chronyd.chronyc("authdata").stdout(), steady.stdout());
            assertThat(steady.stdout()).containsPattern("Authenticated\\s*:\\s*Yes");
            jntp.stopAndCheck();
        } finally {
            jntp.close();
        }
    }

    @Test
    void chronydOneShot_nts_printsTheClockErrorAndExitsZero() throws Exception {
        String chronyd = Tools.require("chronyd");
        makePki(tmp);
        int port = Tools.freeUdpPort();
        int ntsPort = freeTcpPort();
        try (JntpProcess jntp = JntpProcess.startWith(null, "daemon", "-x", "--config",
                jntpConfig(port, ntsPort).toString())) {
            Tools.Run r = Tools.run(Duration.ofSeconds(30), Tools.nocap(List.of(chronyd, "-u", "root", "-Q", "-t", "10",
                    "server 127.0.0.1 port " + port + " iburst nts ntsport " + ntsPort + " maxsamples 1",
                    "ntstrustedcerts " + tmp.resolve("ca.crt"))));
            assertThat(r.exit()).as(r.all()).isZero();
            assertThat(r.all()).as(r.all() + "\njntp log:\n" + jntp.log()).contains("System clock wrong by");
            jntp.stopAndCheck();
        }
    }
}
