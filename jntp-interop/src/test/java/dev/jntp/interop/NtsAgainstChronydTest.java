// jntp (monitor mode) as an NTS client of a real chronyd (-x) NTS server: NTS-KE, authenticated sync, a wrong CA refused.
package dev.jntp.interop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jntp.cli.Cli;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A private CA and a server certificate for 127.0.0.1 made with openssl (the recipe of
 * INTEROP.md), chronyd serving NTS with them at local stratum 1 on loopback, and jntp polling it
 * with {@code nts} and {@code ntstrustedcerts}. Skipped without chronyd or openssl, unless CI=true.
 */
@Timeout(120)
class NtsAgainstChronydTest {

    @TempDir
    Path tmp;

    private void openssl(String... args) {
        List<String> cmd = new java.util.ArrayList<>(List.of(Tools.require("openssl")));
        cmd.addAll(List.of(args));
        Tools.Run r = Tools.run(Duration.ofSeconds(60), cmd);
        assertThat(r.exit()).as("openssl %s: %s", String.join(" ", args), r.all()).isZero();
    }

    /** A CA named {@code name}: its certificate and key in tmp. */
    private Path ca(String name) {
        openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", tmp.resolve(name + ".key").toString(),
                "-out", tmp.resolve(name + ".crt").toString(), "-days", "30", "-subj", "/CN=" + name,
                "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign");
        return tmp.resolve(name + ".crt");
    }

    /** The server's key and certificate for localhost, 127.0.0.1 and ::1, signed by CA {@code ca}. */
    private void serverCertificate(String ca) throws IOException {
        openssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", tmp.resolve("server.key").toString(), "-out",
                tmp.resolve("server.csr").toString(), "-subj", "/CN=localhost");
        Files.writeString(tmp.resolve("server.ext"), "basicConstraints=CA:FALSE\n"
                + "keyUsage=critical,digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\n"
                + "subjectAltName=DNS:localhost,IP:127.0.0.1,IP:::1\n");
        openssl("x509", "-req", "-in", tmp.resolve("server.csr").toString(), "-CA", tmp.resolve(ca + ".crt").toString(),
                "-CAkey", tmp.resolve(ca + ".key").toString(), "-CAcreateserial", "-out",
                tmp.resolve("server.crt").toString(), "-days", "30", "-extfile", tmp.resolve("server.ext").toString());
    }

    private static int freeTcpPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** chronyd serving NTP on {@code port} and NTS-KE on {@code ntsPort} with the server certificate. */
    private Chronyd ntsServer(int port, int ntsPort) throws IOException {
        Path dump = Files.createDirectories(tmp.resolve("ntsdump"));
        return Chronyd.start("port " + port + "\nbindaddress 127.0.0.1\nallow 127.0.0.0/8\nlocal stratum 1\n"
                + "ntsport " + ntsPort + "\nntsserverkey " + tmp.resolve("server.key") + "\nntsservercert "
                + tmp.resolve("server.crt") + "\nntsdumpdir " + dump + "\n");
    }

    /** jntp in monitor mode polling chronyd with NTS, trusting {@code caFile}. */
    private JntpProcess jntp(int port, int ntsPort, Path caFile, Path socket) throws IOException {
        Path conf = tmp.resolve("jntp.conf");
        Files.writeString(conf, "port " + Tools.freeUdpPort() + "\nbindaddress 127.0.0.1\nallow 127.0.0.1\n"
                + "bindcmdaddress " + socket + "\n"
                + "server 127.0.0.1 port " + port + " iburst nts ntsport " + ntsPort + " minpoll 0 maxpoll 1\n"
                + "ntstrustedcerts " + caFile + "\n");
        return JntpProcess.startWith(null, "daemon", "-x", "--config", conf.toString());
    }

    @Test
    void jntpNtsClientOfChronyd_synchronisesAuthenticatedWithCookies() throws IOException {
        Path caFile = ca("test-ca");
        serverCertificate("test-ca");
        int port = Tools.freeUdpPort();
        int ntsPort = freeTcpPort();
        Path socket = tmp.resolve("jntp.sock");
        try (Chronyd chronyd = ntsServer(port, ntsPort); JntpProcess jntp = jntp(port, ntsPort, caFile, socket)) {
            long start = System.nanoTime();
            boolean synced = Tools.await(Duration.ofSeconds(40),
                    () -> Cli.run("tracking", "--socket", socket.toString()).out().contains("Leap status     : Normal"));
            System.out.printf("synchronised %.2f s after the daemon said it started; %s%n",
                    (System.nanoTime() - start) / 1e9, jntp.log().lines().filter(l -> l.contains("NTS-KE with"))
                            .findFirst().orElse("no NTS-KE line"));
            Cli tracking = Cli.run("tracking", "--socket", socket.toString());
            assertThat(synced).as("jntp synchronises to chronyd over NTS:\n%s\n%s\n%s", tracking.out(), jntp.log(),
                    chronyd.log()).isTrue();
            assertThat(tracking.out()).containsPattern("Reference ID\\s*: 7F000001").containsPattern("Stratum\\s*: 2");

            Cli ntpdata = Cli.run("ntpdata", "--socket", socket.toString());
            Cli authdata = Cli.run("authdata", "--socket", socket.toString());
            Cli authJson = Cli.run("authdata", "--json", "--socket", socket.toString());
            Tools.Run serverstats = chronyd.chronyc("serverstats");
            System.out.println(authdata.out() + ntpdata.out() + serverstats.stdout());
            assertThat(ntpdata.out()).containsPattern("Authenticated\\s*: Yes")
                    .containsPattern("NTP tests\\s*: 111 111 1111");
            assertThat(authdata.out()).containsPattern(
                    "127\\.0\\.0\\.1\\s+NTS\\s+1\\s+15\\s+256\\s+\\S+\\s+0\\s+0\\s+[1-8]\\s+\\d+");
            assertThat(authJson.out()).containsPattern("\"mode\"\\s*:\\s*\"nts\"").containsPattern("\"naks\"\\s*:\\s*0");
            // chronyd's Port record names the port jntp already polls: the line says nothing more.
            assertThat(jntp.log()).containsPattern("source 0: NTS-KE with 127\\.0\\.0\\.1 \\(127\\.0\\.0\\.1:" + ntsPort
                    + "\\) gave 8 cookies \\(AES_SIV_CMAC_256\\) in \\d+ ms\n");
            assertThat(serverstats.stdout()).containsPattern("NTS-KE connections accepted\\s*: 1")
                    .containsPattern("Authenticated NTP packets\\s*: [1-9]");
            jntp.stopAndCheck();
        }
    }

    @Test
    void jntpNtsClientOfChronyd_wrongCa_ntsKeFailsClearlyAndTheSourceIsNeverUsed() throws IOException {
        ca("test-ca");
        serverCertificate("test-ca");
        Path wrong = ca("other-ca");
        int port = Tools.freeUdpPort();
        int ntsPort = freeTcpPort();
        Path socket = tmp.resolve("jntp.sock");
        try (Chronyd chronyd = ntsServer(port, ntsPort); JntpProcess jntp = jntp(port, ntsPort, wrong, socket)) {
            String line = "source 0: NTS-KE with 127\\.0\\.0\\.1 \\(127\\.0\\.0\\.1:" + ntsPort
                    + "\\) failed after \\d+ ms: the server's certificate is not trusted";
            assertThat(Tools.await(Duration.ofSeconds(30), () -> java.util.regex.Pattern.compile(line)
                    .matcher(jntp.log()).find()))
                    .as("the failure is logged:\n%s", jntp.log()).isTrue();
            // With minpoll 0, several polls pass; none may send a request or select the source.
            assertThat(Tools.await(Duration.ofSeconds(30), () -> Cli.run("ntpdata", "--socket", socket.toString())
                    .out().matches("(?s).*Total TX\\s*: ([4-9]|\\d\\d).*"))).isTrue();
            Cli sources = Cli.run("sources", "--socket", socket.toString());
            Cli authdata = Cli.run("authdata", "-v", "--socket", socket.toString());
            Tools.Run serverstats = chronyd.chronyc("serverstats");
            System.out.println(jntp.log().lines().filter(l -> l.contains("NTS-KE")).findFirst().orElse("")
                    + "\n" + sources.out() + authdata.out());
            assertThat(Cli.run("tracking", "--socket", socket.toString()).out()).doesNotContain("Leap status     : Normal");
            assertThat(sources.out()).contains("^? 127.0.0.1");
            assertThat(authdata.out()).contains("last NTS-KE failure: the server's certificate is not trusted");
            assertThat(serverstats.stdout()).containsPattern("NTP packets received\\s*: 0");
            jntp.stopAndCheck();
        }
    }
}
