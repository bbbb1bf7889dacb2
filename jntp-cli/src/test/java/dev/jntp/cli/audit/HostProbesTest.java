// Tests the file-reading live probes on fake roots: sockets in /proc/net/udp*, log directory, logrotate, wait units.
package dev.jntp.cli.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jntp.config.audit.LiveFacts.BootSync;
import dev.jntp.config.audit.LiveFacts.DirState;
import dev.jntp.config.audit.LiveFacts.Listening;
import dev.jntp.config.audit.LiveFacts.Observed;
import dev.jntp.config.audit.LiveFacts.Rotation;
import dev.jntp.config.convert.ConfigKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HostProbesTest {

    @TempDir
    Path dir;

    private FakeHost host() {
        return new FakeHost(dir);
    }

    private HostRoot root() {
        return new HostRoot(dir);
    }

    @Test
    void listening_ntpPortOnBothFamilies_seen() {
        host().file("/proc/net/udp", FakeHost.UDP_HEADER + FakeHost.udpLine("0100007F", 123)
                + FakeHost.udpLine("00000000", 323)).file("/proc/net/udp6", FakeHost.UDP_HEADER
                + FakeHost.udpLine("00000000000000000000000001000000", 123));

        Observed<Listening> o = HostProbes.listening(root(), 123);

        assertThat(o).isEqualTo(new Observed.Seen<>(new Listening(true, true), List.of(
                "/proc/net/udp: 0100007F:007B", "/proc/net/udp6: 00000000000000000000000001000000:007B")));
    }

    @Test
    void listening_ipv4Only_orWildcard6TakesIpv4Too() {
        host().file("/proc/net/udp", FakeHost.UDP_HEADER + FakeHost.udpLine("00000000", 123))
                .file("/proc/net/udp6", FakeHost.UDP_HEADER);
        assertThat(((Observed.Seen<Listening>) HostProbes.listening(root(), 123)).value())
                .isEqualTo(new Listening(true, false));

        host().file("/proc/net/udp", FakeHost.UDP_HEADER).file("/proc/net/udp6", FakeHost.UDP_HEADER
                + FakeHost.udpLine("00000000000000000000000000000000", 11123));
        assertThat(((Observed.Seen<Listening>) HostProbes.listening(root(), 11123)).value())
                .isEqualTo(new Listening(true, true));
    }

    @Test
    void listening_noProc_skippedWithTheReason() {
        assertThat(HostProbes.listening(root(), 123)).isInstanceOfSatisfying(Observed.Skipped.class,
                s -> assertThat(s.why()).startsWith("cannot read /proc/net/udp or /proc/net/udp6 under " + dir));
    }

    @ParameterizedTest(name = "owner {0} group {1} mode {2} -> {4}")
    @CsvSource(textBlock = """
            107, 113, 0755, true,  true
            0,   0,   0755, true,  false
            0,   113, 0775, true,  true
            0,   0,   0777, true,  true
            0,   0,   0755, false, true
            107, 0,   0755, false, false
            """)
    void writable_byOwnerGroupOrOthers(int uid, int gid, int mode, boolean known, boolean writable) {
        Optional<HostProbes.Account> user = known ? Optional.of(new HostProbes.Account("_chrony", 107,
                List.of(113))) : Optional.empty();

        assertThat(HostProbes.writable(uid, gid, mode, user)).isEqualTo(writable);
    }

    @Test
    void logDir_existingDirectoryOfTheDaemonsUser_isWritable() throws Exception {
        int uid = (Integer) Files.getAttribute(dir, "unix:uid");
        int gid = (Integer) Files.getAttribute(dir, "unix:gid");
        host().accounts(uid, gid).dir("/var/log/chrony");
        Files.setAttribute(host().path("/var/log/chrony"), "unix:mode", 0755);

        Observed<DirState> o = HostProbes.logDir(root(), ConfigKind.CHRONY, Optional.of("/var/log/chrony"));

        assertThat(((Observed.Seen<DirState>) o).value()).isEqualTo(new DirState("/var/log/chrony", true, true,
                "owner " + uid + ", group " + gid + ", mode 0755; user _chrony (uid " + uid + ")"));
        assertThat(HostProbes.logDir(root(), ConfigKind.CHRONY, Optional.of("/var/log/absent")))
                .isEqualTo(new Observed.Seen<>(new DirState("/var/log/absent", false, false, "missing"),
                        List.of("stat /var/log/absent: no such directory")));
    }

    @Test
    void rotation_filesNamingTheDirectory_found() {
        host().file("/etc/logrotate.d/chrony", "/var/log/chrony/*.log {\n  missingok\n}\n")
                .file("/etc/logrotate.d/apt", "/var/log/apt/term.log {\n}\n")
                .file("/etc/logrotate.d/old", "# /var/log/chrony/*.log\n");

        assertThat(HostProbes.rotation(root(), Optional.of("/var/log/chrony/"))).isEqualTo(new Observed.Seen<>(
                new Rotation(List.of("/etc/logrotate.d/chrony")),
                List.of("/etc/logrotate.d: /etc/logrotate.d/chrony name /var/log/chrony")));
        assertThat(((Observed.Seen<Rotation>) HostProbes.rotation(root(), Optional.of("/var/log/jntp"))).value()
                .files()).isEmpty();
        assertThat(HostProbes.rotation(new HostRoot(dir.resolve("none")), Optional.of("/var/log/jntp")))
                .isInstanceOf(Observed.Skipped.class);
    }

    @Test
    void bootSync_enabledAndInstalledWaitUnits() {
        host().file("/usr/lib/systemd/system/chrony-wait.service", "[Unit]\n")
                .file("/usr/lib/systemd/system/systemd-time-wait-sync.service", "[Unit]\n")
                .link("/etc/systemd/system/multi-user.target.wants/chrony-wait.service",
                        "/usr/lib/systemd/system/chrony-wait.service");

        assertThat(HostProbes.bootSync(root())).isEqualTo(new Observed.Seen<>(new BootSync(
                List.of("chrony-wait.service"), List.of("systemd-time-wait-sync.service")),
                List.of("/etc/systemd/system/multi-user.target.wants/chrony-wait.service: enabled")));
    }

    @Test
    void bootSync_noneEnabled_saysWhatIsInstalled() {
        host().file("/lib/systemd/system/chrony-wait.service", "[Unit]\n").dir("/etc/systemd/system");

        Observed.Seen<BootSync> o = (Observed.Seen<BootSync>) HostProbes.bootSync(root());

        assertThat(o.value()).isEqualTo(new BootSync(List.of(), List.of("chrony-wait.service")));
        assertThat(o.evidence().getFirst()).endsWith("installed, not enabled: chrony-wait.service");
        assertThat(HostProbes.bootSync(new HostRoot(dir.resolve("none")))).isInstanceOf(Observed.Skipped.class);
    }
}
