// 'jntp audit --live' against a jntp daemon started here (monitor mode, loopback) and a fake root of host files.
package dev.jntp.cli.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jntp.cli.Cli;
import dev.jntp.cli.check.CheckDaemons;
import dev.jntp.daemon.NtpDaemon;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A leader (local stratum 1) and a follower synchronised to it, both in process on loopback in monitor mode. The
 * audited host is a temporary root holding the follower's jntp.conf, /etc/passwd, the log directory, a logrotate
 * file, an enabled wait unit, ufw's rules and a copy of this machine's /proc/net/udp and udp6 taken while the
 * follower listens; the follower itself is read over its control socket (--socket).
 */
class LiveAuditTest {

    private static NtpDaemon leader;
    private static NtpDaemon follower;
    private static Path socket;
    private static int port;
    /** The jntp user's uid in the fake /etc/passwd: not the owner of the log directory, in its group. */
    private static final int DAEMON_UID = 4242;

    @BeforeAll
    static void start(@TempDir Path tmp) throws IOException {
        socket = tmp.resolve("follower.sock");
        leader = CheckDaemons.start(tmp.resolve("leader.sock"), "local stratum 1\n");
        follower = CheckDaemons.start(socket, "allow 10.0.0.0/8\n" + CheckDaemons.follow(leader));
        port = follower.localAddresses().getFirst().getPort();
        boolean synced = CheckDaemons.await(20_000, () -> follower.health().synchronised());
        assertThat(synced).as("follower synchronised: %s", follower.health()).isTrue();
    }

    @AfterAll
    static void stop() {
        if (follower != null) {
            follower.close();
        }
        if (leader != null) {
            leader.close();
        }
    }

    /** The follower's configuration as the audit reads it, with the files a well-kept host has. */
    private static FakeHost wellKeptHost(Path root) throws IOException {
        int gid = (Integer) Files.getAttribute(root, "unix:gid");
        FakeHost h = new FakeHost(root).accounts(DAEMON_UID, gid)
                .file("/etc/hostname", "ntp.lab\n")
                .file("/etc/jntp/jntp.conf", "port " + port + "\nbindaddress 127.0.0.1\nbindaddress ::1\n"
                        + "allow 10.0.0.0/8\nbindcmdaddress " + socket + "\n"
                        + CheckDaemons.follow(leader) + "driftfile /var/lib/jntp/drift\nmakestep 1 3\n"
                        + "leapseclist /usr/share/zoneinfo/leap-seconds.list\nlogdir /var/log/jntp\nlog tracking\n")
                .dir("/var/log/jntp")
                .file("/etc/logrotate.d/jntp", "/var/log/jntp/*.log {\n    weekly\n}\n")
                .file("/usr/lib/systemd/system/jntp-wait.service", "[Unit]\n")
                .link("/etc/systemd/system/time-sync.target.wants/jntp-wait.service",
                        "/usr/lib/systemd/system/jntp-wait.service")
                .file("/etc/ufw/ufw.conf", "ENABLED=yes\n")
                .file("/etc/ufw/user.rules", FirewallProbeTest.UFW_RULES.replace("9090", "22"));
        Files.setAttribute(h.path("/var/log/jntp"), "unix:mode", 0775);
        h.file("/proc/net/udp", Files.readString(Path.of("/proc/net/udp")))
                .file("/proc/net/udp6", Files.readString(Path.of("/proc/net/udp6")));
        return h;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> statuses(String json) throws IOException {
        Map<String, Object> m = (Map<String, Object>) Cli.json(json);
        Map<String, String> out = new java.util.LinkedHashMap<>();
        for (Object c : (List<Object>) m.get("checks")) {
            Map<String, Object> check = (Map<String, Object>) c;
            out.put((String) check.get("id"), check.get("status") + ": " + check.get("detail"));
        }
        return out;
    }

    @Test
    void live_wellKeptHostAndSynchronisedDaemon_everyLiveCheckPasses(@TempDir Path root) throws IOException {
        wellKeptHost(root);

        Cli r = Cli.run("audit", "--live", "--root", root.toString(), "--socket", socket.toString(), "--json");

        Map<String, String> s = statuses(r.out());
        for (String id : List.of("SRC-UNREACHABLE", "SYNC-STATE", "SYNC-STRATUM", "SYNC-OFFSET", "LOG-DIR",
                "LOG-ROTATE", "NET-IPV6", "BOOT-SYNC", "FW-NTP", "FW-EXTRA")) {
            assertThat(s.get(id)).as(id + " in " + r.out()).startsWith("pass");
        }
        assertThat(s.get("SYNC-STATE")).isEqualTo("pass: synchronised");
        assertThat(s.get("SYNC-STRATUM")).isEqualTo("pass: stratum 2");
        assertThat(s.get("NET-IPV6")).isEqualTo("pass: listening on IPv6 and IPv4");
        assertThat(r.out()).contains("\"host\" : \"ntp.lab\"", "\"live\" : true");
        assertThat(r.errors()).isEmpty();
    }

    @Test
    void live_neglectedHost_findsWhatTheFieldReportFound(@TempDir Path root) throws IOException {
        FakeHost h = wellKeptHost(root);
        Files.delete(h.path("/etc/logrotate.d/jntp"));
        Files.delete(h.path("/etc/systemd/system/time-sync.target.wants/jntp-wait.service"));
        Files.setAttribute(h.path("/var/log/jntp"), "unix:mode", 0755);
        h.file("/etc/ufw/user.rules", "### tuple ### allow tcp 22 0.0.0.0/0 any 0.0.0.0/0 OpenSSH - in\n"
                + "### tuple ### allow tcp 9090 0.0.0.0/0 any 0.0.0.0/0 in\n");
        h.file("/proc/net/udp6", FakeHost.UDP_HEADER);

        Cli r = Cli.run("audit", "--live", "--root", root.toString(), "--socket", socket.toString());

        assertThat(r.out()).contains("[MEDIUM] LOG-DIR: The statistics directory is not writable",
                "stat /var/log/jntp: owner", "mode 0755; user jntp (uid " + DAEMON_UID + ")",
                "[LOW] LOG-ROTATE: The statistics files are never rotated",
                "/etc/logrotate.d: no file names /var/log/jntp",
                "[LOW] BOOT-SYNC: The boot does not wait for synchronisation",
                "Enable the wait unit: jntp-wait.service (systemctl enable).",
                "[HIGH] FW-NTP: The firewall blocks NTP", "[LOW] FW-EXTRA: The firewall lets in more than NTP and SSH",
                "[LOW] NET-IPV6: Not listening on IPv6", "/proc/net/udp6: no socket on port " + port,
                "**Host:** ntp.lab");
        assertThat(r.exit()).isEqualTo(3);
    }

    @Test
    void live_withoutSocketUnderRoot_daemonProbeSkippedWithANote(@TempDir Path root) throws IOException {
        wellKeptHost(root);

        Cli r = Cli.run("audit", "--live", "--root", root.toString());

        assertThat(r.out()).contains("- daemon state: skipped: --root is not the running host (give --socket to read "
                + "a jntp daemon)", "| SYNC-STATE: synchronised (live) | ⏭ not checked |");
    }

    @Test
    void live_daemonGone_probeSkippedNamingTheSocket(@TempDir Path root) throws IOException {
        wellKeptHost(root);

        Cli r = Cli.run("audit", "--live", "--root", root.toString(), "--socket", root.resolve("absent.sock")
                .toString());

        assertThat(r.out()).contains("- daemon state: skipped: cannot connect to the jntp daemon at "
                + root.resolve("absent.sock"));
    }

    @Test
    void live_thisHost_everyProbeRunsOrSaysWhyNot(@TempDir Path dir) throws IOException {
        Path conf = dir.resolve("jntp.conf");
        Files.writeString(conf, "port " + port + "\nbindaddress 127.0.0.1\nbindaddress ::1\nallow 10.0.0.0/8\n"
                + CheckDaemons.follow(leader));

        Cli r = Cli.run("audit", "--live", "--config", conf.toString(), "--socket", socket.toString(), "--json");

        assertThat(r.errors()).isEmpty();
        assertThat(r.exit()).isBetween(0, 4);
        Map<String, String> s = statuses(r.out());
        assertThat(s.get("SYNC-STATE")).isEqualTo("pass: synchronised");
        assertThat(s.get("NET-IPV6")).isEqualTo("pass: listening on IPv6 and IPv4");
        assertThat(s.values()).allMatch(v -> v.matches("(pass|fail|n/a|not checked): .+"));
    }
}
