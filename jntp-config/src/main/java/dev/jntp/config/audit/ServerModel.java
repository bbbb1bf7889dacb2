// What the audit rules need to know about a configuration, the same for chrony.conf, ntp.conf and jntp.conf.
package dev.jntp.config.audit;

import dev.jntp.config.ConfigError;
import dev.jntp.config.convert.ConfigKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A configuration read for the audit: its sources, who it serves and how, its authentication, clock discipline,
 * logs and addresses, each with the lines that say so. Built by {@link ChronyModel} (chrony.conf and jntp.conf)
 * and {@link NtpModel} (ntp.conf); the fields are filled once while building and only read afterwards.
 */
public final class ServerModel {

    /**
     * An upstream source.
     *
     * @param where its line
     * @param kind server, pool, peer or reference clock
     * @param host the name or address ("" for a reference clock)
     * @param iburst whether {@code iburst} is given
     * @param authenticated whether {@code nts} or a {@code key} is given
     * @param count how many sources the line stands for (a pool: its maxsources, 4 by default)
     */
    public record Source(Located where, Kind kind, String host, boolean iburst, boolean authenticated, int count) {

        /** What a source line is. */
        public enum Kind { SERVER, POOL, PEER, REFCLOCK }

        /** The operator (for a reference clock: this host). */
        public Operators.Operator operator() {
            return kind == Kind.REFCLOCK ? new Operators.Operator("reference clock", false, true) : Operators.of(host);
        }
    }

    final String file;
    final ConfigKind kind;
    final List<ConfigError> errors = new ArrayList<>();
    final List<Source> sources = new ArrayList<>();
    final List<Located> sourceDirs = new ArrayList<>();
    final List<String> notes = new ArrayList<>();
    int port = 123;

    /** Whether NTP clients are served, and the lines that open the service (empty: ntpd's serve-all default). */
    boolean serves;
    final List<Located> serving = new ArrayList<>();
    /** Lines that serve every address ({@code allow all}, ntpd's {@code restrict default} without ignore). */
    final List<Located> servesEveryone = new ArrayList<>();
    /** ntp.conf: whether any {@code restrict default} line exists. */
    boolean accessControlled = true;
    Located rateLimit;
    /** ntp.conf: serving restrict lines without {@code limited}. */
    final List<Located> unlimited = new ArrayList<>();
    /** ntpq (mode 6) open beyond this host: ntp.conf restrict lines without noquery, jntp's cmdallow lines. */
    final List<Located> queryOpen = new ArrayList<>();
    /** ntp.conf: {@code enable mode7}. */
    Located mode7;
    /** ntp.conf: {@code disable monitor}. */
    Located monitorDisabled;
    /** chrony.conf: cmdallow beyond this host and bindcmdaddress on a network address. */
    final List<Located> commandExposure = new ArrayList<>();
    /** NTS keys for clients ({@code ntsserverkey}), or symmetric keys trusted for clients (ntpd's trustedkey). */
    final List<Located> clientAuth = new ArrayList<>();
    Located driftFile;
    Located makeStep;
    Located leapTable;
    /** The statistics directory line ({@code logdir}, {@code statsdir}), and the lines that enable files. */
    Located logDir;
    String logDirPath;
    final List<Located> logs = new ArrayList<>();
    /** ntp.conf: whether every enabled statistics file is split by day by ntpd itself. */
    boolean logsSplitByDay;
    /** Lines that keep the server off IPv6 (IPv4-only bindaddress lines, interface ignore ipv6). */
    final List<Located> ipv4Only = new ArrayList<>();
    /** chrony.conf: a bindaddress of IPv6 seen, so the IPv4 ones do not keep the server off IPv6. */
    boolean anyIpv6Bind;
    /** chrony.conf: bindcmdaddress on a network address. */
    Located bindCmdNetwork;

    ServerModel(String file, ConfigKind kind) {
        this.file = file;
        this.kind = kind;
    }

    /** The file as the audited host names it. */
    public String file() {
        return file;
    }

    /** Whose syntax it is. */
    public ConfigKind kind() {
        return kind;
    }

    /** Whether it serves NTP clients. */
    public boolean serves() {
        return serves;
    }

    /** The NTP port it serves on. */
    public int port() {
        return port;
    }

    /** The statistics directory the daemon writes, if it writes any. */
    public Optional<String> logDirectory() {
        return logs.isEmpty() ? Optional.empty() : Optional.ofNullable(logDirPath);
    }

    /** The sources, in file order. */
    public List<Source> sources() {
        return List.copyOf(sources);
    }

    /** Problems with reading the file and its includes, and what was not followed. */
    public List<String> notes() {
        return List.copyOf(notes);
    }

    /** The syntax errors the daemon would report. */
    public List<ConfigError> errors() {
        return List.copyOf(errors);
    }

    /** Sources counted as clock sources: each pool line counts for its maxsources. */
    int sourceCount() {
        return sources.stream().mapToInt(Source::count).sum();
    }
}
