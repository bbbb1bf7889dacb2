// The audit rules about serving clients: rate limiting, who is served, ntpq and monlist, the command port, keys.
package dev.jntp.config.audit;

import dev.jntp.config.audit.Rule.Context;
import dev.jntp.config.audit.ServerModel.Source;
import dev.jntp.config.convert.ConfigKind;
import dev.jntp.config.convert.RateLimit;
import java.util.ArrayList;
import java.util.List;

/**
 * Serving: an NTP server answers unauthenticated UDP, so without rate limiting it is a reflector, and with
 * mode 6/7 queries open it is an amplifier (ntpd's monlist answered one packet with up to 100: CVE-2013-5211,
 * US-CERT TA14-013A; RFC 8633 section 4.6 and 4.7 ask for rate limiting and closed modes 6 and 7). Who is
 * served should be the site's networks, not every address. Authentication (RFC 8915 NTS, or symmetric keys)
 * is what keeps an on-path attacker from moving a clock (RFC 8633 section 4.5).
 */
final class ServiceRules {

    private ServiceRules() {}

    static Outcome rateLimit(Context c) {
        ServerModel m = c.m();
        if (!m.serves) {
            return new Outcome.NotApplicable("serves no clients");
        }
        boolean limited = m.kind == ConfigKind.NTP ? m.unlimited.isEmpty() : m.rateLimit != null;
        if (limited) {
            return new Outcome.Pass(m.kind == ConfigKind.NTP ? "every serving restrict line has 'limited'"
                    : m.rateLimit.toString());
        }
        List<String> evidence = m.kind == ConfigKind.NTP ? strings(m.unlimited) : strings(m.serving);
        String fix = switch (m.kind) {
            case NTP -> "Add 'kod limited' to these restrict lines.";
            case CHRONY -> "Add '" + RateLimit.LINE + "'.";
            case JNTP -> RateLimit.supported() ? "Add '" + RateLimit.LINE + "'."
                    : "This jntp does not rate-limit yet; filter with nftables ('limit rate') until it does.";
        };
        return SourceRules.fail("SRV-RATELIMIT", Severity.MEDIUM, "Clients are served without rate limiting",
                evidence, "A spoofed flood of requests is answered in full: the server reflects traffic onto a "
                        + "victim and a misbehaving client gets all it asks.", fix);
    }

    static Outcome access(Context c) {
        ServerModel m = c.m();
        if (!m.serves) {
            return new Outcome.NotApplicable("serves no clients");
        }
        if (m.kind == ConfigKind.NTP && !m.accessControlled) {
            return SourceRules.fail("SRV-ACCESS", Severity.HIGH, "No access control", strings(m.servesEveryone),
                    "Without 'restrict default' ntpd answers every address with every mode it has: time, ntpq "
                            + "queries and, before ntp 4.2.7p26, ntpdc's monlist.",
                    "Add 'restrict default kod limited nomodify nopeer noquery notrap' (and a '-6' twin), then "
                            + "'restrict' lines for the site's networks if it should serve only them.");
        }
        if (m.servesEveryone.isEmpty()) {
            return new Outcome.Pass("serves " + m.serving.size() + " listed network" + (m.serving.size() == 1 ? ""
                    : "s"));
        }
        return SourceRules.fail("SRV-ACCESS", Severity.MEDIUM, "Every address on the Internet is served",
                strings(m.servesEveryone), "A site's server needs to answer the site's networks; answering "
                        + "everyone makes it part of every reflection attack that finds it.",
                m.kind == ConfigKind.NTP ? "Make the default 'restrict default ignore' (and '-6'), then "
                        + "'restrict NETWORK mask MASK kod limited nomodify nopeer noquery notrap' for each network."
                        : "Replace it with 'allow SUBNET' lines for the site's networks (e.g. allow 10.0.0.0/8). If "
                        + "this is meant to be a public server, keep it and make sure it is rate limited.");
    }

    static Outcome mode6(Context c) {
        ServerModel m = c.m();
        if (m.kind == ConfigKind.CHRONY) {
            return new Outcome.NotApplicable("chronyd does not answer NTP mode 6");
        }
        if (m.queryOpen.isEmpty()) {
            return new Outcome.Pass(m.kind == ConfigKind.NTP ? "noquery on every restrict line that lets others in"
                    : "ntpq from this host only");
        }
        if (m.kind == ConfigKind.JNTP) {
            return SourceRules.fail("SRV-MODE6", Severity.LOW, "ntpq may read this server from other hosts",
                    strings(m.queryOpen), "jntp answers mode 6 read-only and rate limited, but it tells anyone "
                            + "allowed its sources, offsets and versions.",
                    "Keep cmdallow to the monitoring hosts, or remove it and read the daemon with 'jntp' commands "
                            + "on the host.");
        }
        return SourceRules.fail("SRV-MODE6", Severity.MEDIUM, "ntpq (mode 6) is open beyond this host",
                strings(m.queryOpen), "Mode 6 answers are larger than the requests (mrulist, peer lists): an "
                        + "amplifier, and they disclose the server's sources and version.",
                "Add 'noquery' to these restrict lines; query from this host, which 'restrict 127.0.0.1' and "
                        + "'restrict ::1' allow.");
    }

    static Outcome monlist(Context c) {
        ServerModel m = c.m();
        if (m.kind != ConfigKind.NTP) {
            return new Outcome.NotApplicable(SourceRules.daemon(m.kind) + " has no mode 7");
        }
        if (m.mode7 != null) {
            List<String> ev = new ArrayList<>(List.of(m.mode7.toString()));
            return SourceRules.fail("SRV-MONLIST", Severity.CRITICAL, "ntpdc's mode 7 is switched on", ev,
                    "Mode 7 (ntpdc) includes monlist on older ntpd: a 234-byte request returns up to 100 packets, "
                            + "the amplifier of the 2014 attacks (CVE-2013-5211).",
                    "Remove 'enable mode7' and add 'disable monitor'; use ntpq (mode 6) from this host instead.");
        }
        if (m.monitorDisabled != null || m.queryOpen.isEmpty()) {
            return new Outcome.Pass(m.monitorDisabled != null ? m.monitorDisabled.toString()
                    : "mode 7 is closed by noquery");
        }
        return SourceRules.fail("SRV-MONLIST", Severity.HIGH, "monlist may answer other hosts", strings(m.queryOpen),
                "On ntpd older than 4.2.7p26 monlist is on by default and answers anyone not restricted with "
                        + "noquery: a 200-fold amplifier (CVE-2013-5211).",
                "Add 'disable monitor' and 'noquery' to the restrict lines that let others in.");
    }

    static Outcome commandPort(Context c) {
        ServerModel m = c.m();
        if (m.kind != ConfigKind.CHRONY) {
            return new Outcome.NotApplicable(m.kind == ConfigKind.JNTP
                    ? "jntp's control socket is a local Unix socket (ntpq access: SRV-MODE6)" : "chrony only");
        }
        if (m.commandExposure.isEmpty()) {
            return new Outcome.Pass("chronyc from this host only");
        }
        return SourceRules.fail("SRV-CMDALLOW", Severity.MEDIUM, "chronyc's command port is open to other hosts",
                strings(m.commandExposure), "Remote chronyc reads the server's sources, clients and tracking "
                        + "(and, with the command key of old chrony, changes them); the answers disclose the site.",
                "Remove these lines: chronyd then answers commands on localhost only; monitor it on the host.");
    }

    static Outcome clientAuth(Context c) {
        ServerModel m = c.m();
        if (!m.serves) {
            return new Outcome.NotApplicable("serves no clients");
        }
        if (!m.clientAuth.isEmpty()) {
            return new Outcome.Pass(m.clientAuth.getFirst().toString());
        }
        return SourceRules.fail("AUTH-CLIENTS", Severity.LOW, "Clients cannot authenticate this server",
                strings(m.serving.isEmpty() ? List.of(new Located(m.file, 0, "serves clients")) : m.serving),
                "Without NTS or shared keys a client cannot tell this server's replies from forged ones on its path.",
                switch (m.kind) {
                    case CHRONY -> "Serve NTS: 'ntsserverkey' and 'ntsservercert' with a certificate clients trust.";
                    case NTP -> "Give clients symmetric keys: 'keys FILE' and 'trustedkey ID...' (or NTPsec's NTS).";
                    case JNTP -> "Serve NTS or symmetric keys once this jntp has them (see docs/usage.md).";
                });
    }

    static Outcome upstreamAuth(Context c) {
        ServerModel m = c.m();
        List<Source> net = SourceRules.network(m);
        if (net.isEmpty()) {
            return new Outcome.NotApplicable("no network source");
        }
        List<Source> authed = net.stream().filter(Source::authenticated).toList();
        if (!authed.isEmpty()) {
            return new Outcome.Pass(authed.size() + " of " + net.size() + " sources authenticated");
        }
        return SourceRules.fail("AUTH-UPSTREAM", Severity.LOW, "No source is authenticated",
                SourceRules.evidence(net), "Anyone on the path to a source can shift this clock, and it passes the "
                        + "error on.", m.kind == ConfigKind.CHRONY
                        ? "Use NTS sources: 'server time.cloudflare.com iburst nts' and the like."
                        : "Use a symmetric key with a source that shares one ('key N'), or NTS where the daemon has "
                        + "an NTS client.");
    }

    static List<String> strings(List<Located> lines) {
        return lines.stream().map(Located::toString).toList();
    }
}
