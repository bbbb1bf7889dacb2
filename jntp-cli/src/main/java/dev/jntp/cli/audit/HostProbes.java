// The --live probes that read files under the root: listening sockets, the log directory, logrotate, boot-time sync.
package dev.jntp.cli.audit;

import dev.jntp.cli.TextFiles;
import dev.jntp.config.audit.Defaults;
import dev.jntp.config.audit.LiveFacts.BootSync;
import dev.jntp.config.audit.LiveFacts.DirState;
import dev.jntp.config.audit.LiveFacts.Listening;
import dev.jntp.config.audit.LiveFacts.Observed;
import dev.jntp.config.audit.LiveFacts.Rotation;
import dev.jntp.config.convert.ConfigKind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

/** Each probe reads only; what it cannot read makes it {@link Observed.Skipped} with the reason. */
final class HostProbes {

    private HostProbes() {}

    /**
     * /proc/net/udp and /proc/net/udp6 (proc(5)): a line's local_address is {@code HEXADDR:HEXPORT}; a socket on
     * the NTP port in udp6 serves IPv6, in udp (or an IPv6 wildcard, which takes IPv4 too unless V6ONLY) IPv4.
     */
    static Observed<Listening> listening(HostRoot root, int port) {
        Optional<String> v4 = TextFiles.tryRead(root.resolve("/proc/net/udp"));
        Optional<String> v6 = TextFiles.tryRead(root.resolve("/proc/net/udp6"));
        if (v4.isEmpty() && v6.isEmpty()) {
            return new Observed.Skipped<>("cannot read /proc/net/udp or /proc/net/udp6"
                    + (root.isSystem() ? "" : " under " + root.dir()));
        }
        List<String> on4 = bound(v4.orElse(""), port);
        List<String> on6 = bound(v6.orElse(""), port);
        boolean wildcard6 = on6.stream().anyMatch(a -> a.startsWith("00000000000000000000000000000000:"));
        List<String> evidence = new ArrayList<>();
        evidence.add("/proc/net/udp: " + (on4.isEmpty() ? "no socket on port " + port : String.join(" ", on4)));
        evidence.add("/proc/net/udp6: " + (on6.isEmpty() ? "no socket on port " + port : String.join(" ", on6)));
        return new Observed.Seen<>(new Listening(!on4.isEmpty() || wildcard6, !on6.isEmpty()), evidence);
    }

    /** The local addresses (as /proc writes them) bound to {@code port}. */
    static List<String> bound(String procNetUdp, int port) {
        String hexPort = String.format(Locale.ROOT, "%04X", port);
        List<String> out = new ArrayList<>();
        for (String line : procNetUdp.lines().skip(1).toList()) {
            String[] f = line.strip().split("\\s+");
            if (f.length > 2 && f[1].endsWith(":" + hexPort)) {
                out.add(f[1]);
            }
        }
        return out;
    }

    /** The statistics directory: exists, and writable by the daemon's user (from /etc/passwd and /etc/group). */
    static Observed<DirState> logDir(HostRoot root, ConfigKind kind, Optional<String> dir) {
        if (dir.isEmpty()) {
            return new Observed.Skipped<>("no statistics directory in the configuration");
        }
        String path = dir.get();
        Path p = root.resolve(path);
        if (!Files.isDirectory(p)) {
            return new Observed.Seen<>(new DirState(path, false, false, "missing"),
                    List.of("stat " + path + ": " + (Files.exists(p) ? "not a directory" : "no such directory")));
        }
        int uid;
        int gid;
        int mode;
        try {
            uid = (Integer) Files.getAttribute(p, "unix:uid");
            gid = (Integer) Files.getAttribute(p, "unix:gid");
            mode = (Integer) Files.getAttribute(p, "unix:mode") & 07777;
        } catch (IOException | RuntimeException e) {
            return new Observed.Skipped<>("cannot read the owner and mode of " + path + ": " + e.getMessage());
        }
        Optional<Account> user = Account.find(root, Defaults.users(kind));
        boolean writable = writable(uid, gid, mode, user);
        String who = user.map(a -> "user " + a.name() + " (uid " + a.uid() + ")").orElse("no " + String.join(" or ",
                Defaults.users(kind)) + " user in /etc/passwd: judged for root");
        String detail = String.format(Locale.ROOT, "owner %d, group %d, mode %04o; %s", uid, gid, mode, who);
        return new Observed.Seen<>(new DirState(path, true, writable, detail), List.of("stat " + path + ": " + detail));
    }

    /**
     * Whether the daemon's user may create files in a directory of this owner, group and mode (a daemon running
     * as root, when its user is unknown).
     */
    static boolean writable(int uid, int gid, int mode, Optional<Account> user) {
        if (user.isEmpty()) {
            return (uid == 0 && (mode & 0200) != 0) || (mode & 0002) != 0;
        }
        Account a = user.get();
        return a.uid() == 0 || (a.uid() == uid && (mode & 0200) != 0)
                || (a.groups().contains(gid) && (mode & 0020) != 0) || (mode & 0002) != 0;
    }

    /** The files of /etc/logrotate.d whose text names the directory. */
    static Observed<Rotation> rotation(HostRoot root, Optional<String> dir) {
        if (dir.isEmpty()) {
            return new Observed.Skipped<>("no statistics directory in the configuration");
        }
        Path d = root.resolve("/etc/logrotate.d");
        if (!Files.isDirectory(d)) {
            return new Observed.Skipped<>("no /etc/logrotate.d (logrotate is not installed)");
        }
        String name = dir.get().replaceAll("/+$", "");
        List<String> covering = new ArrayList<>();
        try (Stream<Path> files = Files.list(d)) {
            for (Path f : files.sorted().toList()) {
                String text = TextFiles.tryRead(f).orElse("");
                if (text.lines().map(String::strip).filter(l -> !l.startsWith("#"))
                        .anyMatch(l -> l.contains(name + "/") || l.matches(".*" + java.util.regex.Pattern.quote(name)
                                + "(\\s.*|\\{.*|$)"))) {
                    covering.add("/etc/logrotate.d/" + f.getFileName());
                }
            }
        } catch (IOException e) {
            return new Observed.Skipped<>("cannot list /etc/logrotate.d: " + e.getMessage());
        }
        return new Observed.Seen<>(new Rotation(covering), List.of(covering.isEmpty()
                ? "/etc/logrotate.d: no file names " + name : "/etc/logrotate.d: " + String.join(", ", covering)
                + " name " + name));
    }

    /** Unit directories systemd reads: enabled units are links in {@code /etc/systemd/system/*.wants}. */
    static final List<String> UNIT_DIRS = List.of("/etc/systemd/system", "/usr/lib/systemd/system",
            "/lib/systemd/system");

    /** The wait units enabled (linked into a .wants directory) and installed. */
    static Observed<BootSync> bootSync(HostRoot root) {
        if (UNIT_DIRS.stream().noneMatch(u -> Files.isDirectory(root.resolve(u)))) {
            return new Observed.Skipped<>("no systemd unit directories (not a systemd host)");
        }
        List<String> enabled = new ArrayList<>();
        List<String> evidence = new ArrayList<>();
        try (Stream<Path> wants = Files.isDirectory(root.resolve("/etc/systemd/system"))
                ? Files.list(root.resolve("/etc/systemd/system")) : Stream.empty()) {
            for (Path w : wants.filter(p -> p.getFileName().toString().endsWith(".wants")).sorted().toList()) {
                for (String unit : Defaults.WAIT_UNITS) {
                    if (Files.exists(w.resolve(unit), java.nio.file.LinkOption.NOFOLLOW_LINKS)
                            && !enabled.contains(unit)) {
                        enabled.add(unit);
                        evidence.add(root.hostPath(w.resolve(unit)) + ": enabled");
                    }
                }
            }
        } catch (IOException e) {
            return new Observed.Skipped<>("cannot list /etc/systemd/system: " + e.getMessage());
        }
        List<String> installed = new ArrayList<>();
        for (String unit : Defaults.WAIT_UNITS) {
            if (!enabled.contains(unit) && UNIT_DIRS.stream().anyMatch(u -> Files.isRegularFile(root.resolve(u)
                    .resolve(unit)))) {
                installed.add(unit);
            }
        }
        if (enabled.isEmpty()) {
            evidence.add("/etc/systemd/system/*.wants: none of " + String.join(", ", Defaults.WAIT_UNITS)
                    + (installed.isEmpty() ? "" : "; installed, not enabled: " + String.join(", ", installed)));
        }
        return new Observed.Seen<>(new BootSync(enabled, installed), evidence);
    }

    /**
     * A user of /etc/passwd with the groups it is in (its primary group and those of /etc/group naming it).
     *
     * @param name the user name
     * @param uid its id
     * @param groups its group ids
     */
    record Account(String name, int uid, List<Integer> groups) {

        /** The first of {@code names} found in the root's /etc/passwd. */
        static Optional<Account> find(HostRoot root, List<String> names) {
            String passwd = TextFiles.tryRead(root.resolve("/etc/passwd")).orElse("");
            String group = TextFiles.tryRead(root.resolve("/etc/group")).orElse("");
            for (String name : names) {
                for (String line : passwd.lines().toList()) {
                    String[] f = line.split(":", -1);
                    if (f.length >= 4 && f[0].equals(name) && f[2].matches("[0-9]{1,9}") && f[3].matches("[0-9]{1,9}")) {
                        List<Integer> groups = new ArrayList<>(List.of(Integer.parseInt(f[3])));
                        for (String g : group.lines().toList()) {
                            String[] gf = g.split(":", -1);
                            if (gf.length >= 4 && gf[2].matches("[0-9]{1,9}")
                                    && List.of(gf[3].split(",")).contains(name)) {
                                groups.add(Integer.parseInt(gf[2]));
                            }
                        }
                        return Optional.of(new Account(name, Integer.parseInt(f[2]), groups));
                    }
                }
            }
            return Optional.empty();
        }
    }
}
