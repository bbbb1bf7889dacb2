// The real ntpq (NTPsec) against jntp on port 123 in a namespace: peers with tally codes, rv, rv with a list, as.
package dev.jntp.interop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jntp.cli.Cli;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * jntp (monitor mode, -x) on port 123 synchronised to two chronyd (-x) servers at local stratum 3
 * on ports 11123 and 11124 of the same namespace; ntpq talks to jntp's port 123 there. Both
 * servers read the same clock, so jntp selects one ({@code *}) and combines the other ({@code +}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NtpqAgainstJntpTest {

    /**
     * A line of {@code ntpq -p}: tally, remote, refid, st, t, when, poll, reach, delay, offset, jitter.
     * "*127.0.0.1       127.127.1.1      3 u    1    2  377   0.068   -0.003   0.012"
     */
    private static final Pattern PEER_LINE = Pattern.compile(
            "^([*+\\- x.#o])(\\S+)\\s+(\\S+)\\s+(\\d+)\\s+(\\w)\\s+(\\S+)\\s+(\\S+)\\s+([0-7]+)\\s+(-?[0-9.]+)\\s+"
                    + "(-?[0-9.]+)\\s+(-?[0-9.]+)\\s*$", Pattern.MULTILINE);

    private NetNs ns;
    private NsChronyd up1;
    private NsChronyd up2;
    private JntpProcess jntp;
    private Ntpq ntpq;
    private Path socket;

    @BeforeAll
    void start(@TempDir Path tmp) throws IOException {
        ntpq = Ntpq.require();
        Tools.require("chronyd");
        ns = NetNs.create();
        up1 = NsChronyd.start(ns.name(), Files.createDirectory(tmp.resolve("up1")), upstream(11123));
        up2 = NsChronyd.start(ns.name(), Files.createDirectory(tmp.resolve("up2")), upstream(11124));
        socket = tmp.resolve("jntp.sock");
        Path conf = tmp.resolve("jntp.conf");
        Files.writeString(conf, "port 123\nbindaddress 127.0.0.1\nallow 127.0.0.0/8\nbindcmdaddress " + socket + "\n"
                + "server 127.0.0.1 port 11123 iburst minpoll 0 maxpoll 1\n"
                + "server 127.0.0.1 port 11124 iburst minpoll 0 maxpoll 1\n");
        jntp = JntpProcess.startWith(ns.name(), "daemon", "-x", "--config", conf.toString());
        boolean settled = Tools.await(Duration.ofSeconds(40), () -> {
            String p = ntpq.run(ns.name(), "-p").stdout();
            return p.contains("\n*") && p.contains("\n+");
        });
        assertThat(settled).as("jntp selects one server and combines the other:\n%s\n%s",
                ntpq.run(ns.name(), "-p").all(), jntp.log()).isTrue();
    }

    private static String upstream(int port) {
        return "port " + port + "\nbindaddress 127.0.0.1\nallow 127.0.0.0/8\nlocal stratum 3\n";
    }

    @AfterAll
    void stop() {
        try {
            if (jntp != null) {
                jntp.stopAndCheck();
                jntp.close();
            }
        } finally {
            for (AutoCloseable c : new AutoCloseable[] {up1, up2, ns}) {
                try {
                    if (c != null) {
                        c.close();
                    }
                } catch (Exception e) {
                    // keep closing the rest
                }
            }
        }
    }

    private String tracking() {
        return Cli.run("tracking", "--socket", socket.toString()).out();
    }

    @Test
    void ntpqPeers_bothServersWithTallyRefidStratumAndFigures() {
        Tools.Run r = ntpq.run(ns.name(), "-p");
        System.out.println("ntpq -p:\n" + r.all());
        assertThat(r.stdout()).contains("remote", "refid", "st t when poll reach   delay   offset   jitter");
        assertThat(r.stderr()).isEmpty();
        Matcher m = PEER_LINE.matcher(r.stdout());
        StringBuilder tallies = new StringBuilder();
        while (m.find()) {
            tallies.append(m.group(1));
            assertThat(m.group(2)).isEqualTo("127.0.0.1");
            assertThat(m.group(3)).as("refid of a chronyd with local stratum 3").isEqualTo("127.127.1.1");
            assertThat(m.group(4)).isEqualTo("3");
            assertThat(m.group(5)).as("unicast client association").isEqualTo("u");
            assertThat(Integer.parseInt(m.group(8), 8)).as("reach (octal)").isPositive();
            double delay = Double.parseDouble(m.group(9));
            double offset = Double.parseDouble(m.group(10));
            assertThat(delay).as("delay ms over loopback").isGreaterThanOrEqualTo(0).isLessThan(10);
            assertThat(Math.abs(offset)).as("offset ms: both read this host's clock").isLessThan(5);
            assertThat(Double.parseDouble(m.group(11))).as("jitter ms").isGreaterThanOrEqualTo(0).isLessThan(10);
        }
        assertThat(tallies.chars().sorted().collect(StringBuilder::new, StringBuilder::appendCodePoint,
                StringBuilder::append).toString()).isEqualTo("*+");
    }

    @Test
    void ntpqRv_systemVariablesMatchJntpTracking() {
        Tools.Run r = ntpq.run(ns.name(), "-c", "rv");
        System.out.println("ntpq -c rv:\n" + r.all());
        String out = r.stdout();
        assertThat(out).startsWith("associd=0 status=0615 leap_none, sync_ntp, 1 event, clock_sync,");
        assertThat(out).contains("version=\"jntp", "leap=00", "stratum=4", "refid=127.0.0.1", "peer=",
                "system=\"Linux\"", "reftime=", "clock=");
        String tracking = tracking();
        assertThat(tracking).containsPattern("Stratum\\s*: 4").containsPattern("Reference ID\\s*: 7F000001");
        Matcher precision = Pattern.compile("precision=(-\\d+)").matcher(out);
        assertThat(precision.find()).isTrue();
        assertThat(Integer.parseInt(precision.group(1))).isBetween(-30, -6);
        assertThat(field(out, "offset=(" + NUMBER + ")")).as("offset ms").isLessThan(5);
        assertThat(field(out, "rootdelay=(" + NUMBER + ")")).as("root delay ms: one loopback hop").isLessThan(10);
    }

    @Test
    void ntpqRvWithList_onlyStratumAndOffset() {
        Tools.Run r = ntpq.run(ns.name(), "-c", "rv 0 stratum,offset");
        System.out.println("ntpq -c 'rv 0 stratum,offset':\n" + r.all());
        assertThat(r.stdout().strip()).matches("stratum=4, offset=" + NUMBER);
    }

    @Test
    void ntpqAssociations_sysPeerAndCandidateConfiguredAndReachable() {
        Tools.Run r = ntpq.run(ns.name(), "-c", "as");
        System.out.println("ntpq -c as:\n" + r.all());
        List<String> rows = r.stdout().lines().filter(l -> l.matches("\\s*\\d+\\s+\\d+\\s+[0-9a-f]{4}.*")).toList();
        assertThat(rows).hasSize(2);
        assertThat(rows).allSatisfy(l -> assertThat(l).containsPattern("\\s+yes\\s+yes\\s+none\\s+"));
        assertThat(String.join("\n", rows)).contains("sys.peer").contains("candidate");
    }

    @Test
    void ntpqPeerVariables_association1() {
        Tools.Run r = ntpq.run(ns.name(), "-c", "rv 1 srcadr,srcport,stratum,hmode,reach");
        System.out.println("ntpq -c 'rv 1 ...':\n" + r.all());
        assertThat(r.stdout().strip()).matches("srcadr=127\\.0\\.0\\.1, srcport=1112[34], stratum=3, hmode=3, "
                + "reach=[0-7]{3}");
    }

    @Test
    void ntpqSysinfo_systemPeerAndItsMode() {
        Tools.Run r = ntpq.run(ns.name(), "-c", "sysinfo");
        System.out.println("ntpq -c sysinfo:\n" + r.all());
        assertThat(r.stderr()).isEmpty();
        assertThat(r.stdout()).containsPattern("system peer:\\s+127\\.0\\.0\\.1:1112[34]")
                .containsPattern("system peer mode:\\s+client").containsPattern("stratum:\\s+4")
                .containsPattern("reference ID:\\s+127\\.0\\.0\\.1");
    }

    /** A number as NTPsec's ntpq prints it: jntp sends 0.000067, ntpq shows 6.7e-05 (Python's float repr). */
    private static final String NUMBER = "-?[0-9.]+(?:e[-+]?[0-9]+)?";

    private static double field(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        assertThat(m.find()).as("%s in:\n%s", regex, text).isTrue();
        return Math.abs(Double.parseDouble(m.group(1)));
    }
}
