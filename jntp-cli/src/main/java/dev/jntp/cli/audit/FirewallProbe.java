// The --live firewall probe: ufw, firewalld or nftables, read-only, and what each lets in besides NTP.
package dev.jntp.cli.audit;

import dev.jntp.cli.TextFiles;
import dev.jntp.config.audit.LiveFacts.Firewall;
import dev.jntp.config.audit.LiveFacts.Observed;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * ufw (when /etc/ufw/ufw.conf says ENABLED=yes): the {@code ### tuple ###} lines of /etc/ufw/user.rules and
 * user6.rules, one per rule the administrator added. firewalld (when its unit is enabled): the default zone's
 * services and ports, from /etc/firewalld/zones or /usr/lib/firewalld/zones. nftables: {@code nft list ruleset}
 * on the running host as root, else /etc/nftables.conf: a chain hooked on input that drops by policy or by a
 * final rule filters; its {@code dport ... accept} rules are what it lets in. The first tool found decides.
 */
final class FirewallProbe {

    /** What a time server may let in without a finding: SSH, NTP, and DHCPv6 replies. */
    static final Set<String> NEEDED = Set.of("ssh", "ntp", "dhcpv6-client", "22/tcp", "123/udp", "546/udp");

    private FirewallProbe() {}

    static Observed<Firewall> probe(HostRoot root) {
        Optional<String> ufw = TextFiles.tryRead(root.resolve("/etc/ufw/ufw.conf"));
        if (ufw.isPresent() && ufw.get().lines().anyMatch(l -> l.strip().equalsIgnoreCase("ENABLED=yes"))) {
            String rules = TextFiles.tryRead(root.resolve("/etc/ufw/user.rules")).orElse("")
                    + TextFiles.tryRead(root.resolve("/etc/ufw/user6.rules")).orElse("");
            return ufw(rules);
        }
        Optional<String> fwd = TextFiles.tryRead(root.resolve("/etc/firewalld/firewalld.conf"));
        boolean fwdEnabled = Files.exists(root.resolve("/etc/systemd/system/multi-user.target.wants/firewalld.service"),
                java.nio.file.LinkOption.NOFOLLOW_LINKS);
        if (fwd.isPresent() && fwdEnabled) {
            String zone = fwd.get().lines().map(String::strip).filter(l -> l.startsWith("DefaultZone="))
                    .map(l -> l.substring("DefaultZone=".length())).findFirst().orElse("public");
            if (!zone.matches("[A-Za-z0-9_-]+")) {
                return new Observed.Skipped<>("firewalld's DefaultZone '" + zone + "' is not a zone name");
            }
            Optional<String> xml = TextFiles.tryRead(root.resolve("/etc/firewalld/zones/" + zone + ".xml"))
                    .or(() -> TextFiles.tryRead(root.resolve("/usr/lib/firewalld/zones/" + zone + ".xml")));
            return xml.<Observed<Firewall>>map(x -> firewalld(zone, x))
                    .orElseGet(() -> new Observed.Skipped<>("firewalld's zone " + zone + " cannot be read"));
        }
        if (root.isSystem() && Commands.find("nft").isPresent()) {
            try {
                return nftables("nft list ruleset", Commands.run(List.of(Commands.find("nft").get().toString(),
                        "list", "ruleset"), Duration.ofSeconds(5)));
            } catch (IOException e) {
                return new Observed.Skipped<>("nft list ruleset: " + e.getMessage() + " (run as root to read it)");
            }
        }
        Optional<String> nftConf = TextFiles.tryRead(root.resolve("/etc/nftables.conf"));
        if (nftConf.isPresent()) {
            return nftables("/etc/nftables.conf", nftConf.get());
        }
        if (ufw.isPresent() || fwd.isPresent()) {
            String tool = ufw.isPresent() ? "ufw" : "firewalld";
            return new Observed.Seen<>(new Firewall(tool, false, false, List.of()),
                    List.of(tool + ": installed, not enabled"));
        }
        return new Observed.Skipped<>("no ufw, firewalld or nftables found");
    }

    private static final Pattern TUPLE = Pattern.compile("^### tuple ### (allow|limit|deny|reject) (\\S+) (\\S+) "
            + "\\S+ \\S+ \\S+(.*?)\\s+(in|out|fwd)?$");

    /** ufw's added rules. */
    static Observed<Firewall> ufw(String rules) {
        boolean ntp = false;
        Set<String> other = new LinkedHashSet<>();
        List<String> evidence = new ArrayList<>();
        for (String line : rules.lines().map(String::strip).toList()) {
            Matcher m = TUPLE.matcher(line);
            if (!m.matches() || !(m.group(1).equals("allow") || m.group(1).equals("limit"))
                    || "out".equals(m.group(5))) {
                continue;
            }
            evidence.add("/etc/ufw/user.rules: " + line.substring("### tuple ### ".length()));
            String proto = m.group(2);
            String ports = m.group(3);
            String app = m.group(4).strip().split("\\s+")[0];
            boolean udp = proto.equals("udp") || proto.equals("any");
            if (udp && covers(ports, 123)) {
                ntp = true;
            }
            String name = !app.isEmpty() && !app.equals("-") ? app.toLowerCase(java.util.Locale.ROOT)
                    .replace("openssh", "ssh") : ports + "/" + proto;
            if (!ports.equals("123") && !ports.equals("22") && !NEEDED.contains(name)) {
                other.add(name);
            }
        }
        if (evidence.isEmpty()) {
            evidence.add("ufw: enabled, no rule added");
        }
        return new Observed.Seen<>(new Firewall("ufw", true, ntp, List.copyOf(other)), evidence);
    }

    private static final Pattern SERVICE = Pattern.compile("<service\\s+name=\"([^\"]+)\"");
    private static final Pattern PORT = Pattern.compile("<port\\s+(?:protocol=\"([a-z]+)\"\\s+port=\"([0-9:-]+)\""
            + "|port=\"([0-9:-]+)\"\\s+protocol=\"([a-z]+)\")");

    /** firewalld's default zone. */
    static Observed<Firewall> firewalld(String zone, String xml) {
        boolean ntp = false;
        Set<String> other = new LinkedHashSet<>();
        List<String> open = new ArrayList<>();
        Matcher s = SERVICE.matcher(xml);
        while (s.find()) {
            open.add(s.group(1));
            ntp |= s.group(1).equals("ntp");
            if (!NEEDED.contains(s.group(1))) {
                other.add(s.group(1));
            }
        }
        Matcher p = PORT.matcher(xml);
        while (p.find()) {
            String proto = p.group(1) != null ? p.group(1) : p.group(4);
            String port = p.group(2) != null ? p.group(2) : p.group(3);
            String name = port + "/" + proto;
            open.add(name);
            if (proto.equals("udp") && covers(port.replace('-', ':'), 123)) {
                ntp = true;
            } else if (!NEEDED.contains(name)) {
                other.add(name);
            }
        }
        return new Observed.Seen<>(new Firewall("firewalld", true, ntp, List.copyOf(other)), List.of(
                "firewalld zone " + zone + ": services and ports " + (open.isEmpty() ? "none" : String.join(" ", open))));
    }

    private static final Pattern DPORT = Pattern.compile("\\b(tcp|udp|th)?\\s*dport\\s+(\\{[^}]*}|\\S+)");

    /** An nftables ruleset's input chains. */
    static Observed<Firewall> nftables(String source, String ruleset) {
        boolean active = false;
        boolean ntp = false;
        Set<String> other = new LinkedHashSet<>();
        List<String> evidence = new ArrayList<>();
        int depth = 0;
        int chainDepth = -1;
        boolean input = false;
        for (String raw : ruleset.lines().toList()) {
            String line = raw.strip();
            int hash = line.indexOf('#');
            if (hash >= 0) {
                line = line.substring(0, hash).strip();
            }
            if (line.startsWith("chain ") && line.endsWith("{")) {
                chainDepth = depth;
                input = false;
            }
            if (chainDepth >= 0 && line.contains("hook input")) {
                input = true;
                if (line.matches(".*policy\\s+drop.*")) {
                    active = true;
                    evidence.add(source + ": " + line);
                }
            } else if (input && (line.matches("(counter\\s+)?(drop|reject.*)") || line.matches(".*policy\\s+drop.*"))) {
                active = true;
                evidence.add(source + ": " + line);
            } else if (input && line.endsWith("accept")) {
                Matcher m = DPORT.matcher(line);
                if (m.find()) {
                    evidence.add(source + ": " + line);
                    String proto = m.group(1) == null ? "th" : m.group(1);
                    for (String port : m.group(2).replaceAll("[{}]", " ").split("[\\s,]+")) {
                        if (port.isEmpty()) {
                            continue;
                        }
                        String name = port.matches("[0-9:-]+") ? port + "/" + (proto.equals("th") ? "any" : proto)
                                : port;
                        if (!proto.equals("tcp") && (covers(port.replace('-', ':'), 123) || port.equals("ntp"))) {
                            ntp = true;
                        } else if (!NEEDED.contains(name) && !NEEDED.contains(port)
                                && !(port.equals("22") && !proto.equals("udp"))) {
                            other.add(name);
                        }
                    }
                }
            }
            depth += count(line, '{') - count(line, '}');
            if (chainDepth >= 0 && depth <= chainDepth) {
                chainDepth = -1;
                input = false;
            }
        }
        if (evidence.isEmpty()) {
            evidence.add(source + ": no input chain that filters");
        }
        return new Observed.Seen<>(new Firewall("nftables", active, ntp, List.copyOf(other)), evidence);
    }

    /** Whether a port list ("123", "80,443", "60000:61000", "any") holds {@code port}. */
    static boolean covers(String ports, int port) {
        if (ports.equals("any")) {
            return true;
        }
        for (String p : ports.split(",")) {
            String[] range = p.split(":");
            try {
                int lo = Integer.parseInt(range[0]);
                int hi = range.length > 1 ? Integer.parseInt(range[1]) : lo;
                if (port >= lo && port <= hi) {
                    return true;
                }
            } catch (NumberFormatException e) {
                // a service name: not a number
            }
        }
        return false;
    }

    private static int count(String s, char c) {
        return (int) s.chars().filter(x -> x == c).count();
    }
}
