// Tests the firewall probe: ufw's rule tuples, firewalld's zone, nftables rulesets, and which tool is read.
package dev.jntp.cli.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jntp.config.audit.LiveFacts.Firewall;
import dev.jntp.config.audit.LiveFacts.Observed;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FirewallProbeTest {

    @TempDir
    Path dir;

    /** What 'ufw allow from any to any port 123 proto udp' (the field guide) and 'ufw allow OpenSSH' write. */
    static final String UFW_RULES = """
            *filter
            ### tuple ### allow udp 123 0.0.0.0/0 any 0.0.0.0/0 in
            -A ufw-user-input -p udp --dport 123 -j ACCEPT
            ### tuple ### allow tcp 22 0.0.0.0/0 any 0.0.0.0/0 OpenSSH - in
            -A ufw-user-input -p tcp --dport 22 -j ACCEPT -m comment --comment 'dapp_OpenSSH'
            ### tuple ### allow tcp 9090 0.0.0.0/0 any 0.0.0.0/0 in
            ### tuple ### deny tcp 23 0.0.0.0/0 any 0.0.0.0/0 in
            COMMIT
            """;

    /** The field report's firewalld zone before remediation: cockpit allowed, ntp not added. */
    static final String ZONE_BEFORE = """
            <?xml version="1.0" encoding="utf-8"?>
            <zone>
              <short>Public</short>
              <service name="ssh"/>
              <service name="dhcpv6-client"/>
              <service name="cockpit"/>
            </zone>
            """;

    static final String NFT = """
            table inet filter {
                chain input {
                    type filter hook input priority filter; policy drop;
                    ct state established,related accept
                    iif "lo" accept
                    tcp dport 22 accept
                    udp dport { 53, 123 } accept
                    tcp dport 8080 accept # a forgotten test server
                }
                chain output {
                    type filter hook output priority filter; policy accept;
                    tcp dport 443 accept
                }
            }
            """;

    @Test
    void ufw_fieldGuideRules_ntpOpenAndTheExtraPort() {
        Observed.Seen<Firewall> o = (Observed.Seen<Firewall>) FirewallProbe.ufw(UFW_RULES);

        assertThat(o.value()).isEqualTo(new Firewall("ufw", true, true, List.of("9090/tcp")));
        assertThat(o.evidence()).containsExactly("/etc/ufw/user.rules: allow udp 123 0.0.0.0/0 any 0.0.0.0/0 in",
                "/etc/ufw/user.rules: allow tcp 22 0.0.0.0/0 any 0.0.0.0/0 OpenSSH - in",
                "/etc/ufw/user.rules: allow tcp 9090 0.0.0.0/0 any 0.0.0.0/0 in");
    }

    @Test
    void firewalld_fieldReportZone_ntpMissingCockpitExtra() {
        Observed.Seen<Firewall> o = (Observed.Seen<Firewall>) FirewallProbe.firewalld("public", ZONE_BEFORE);

        assertThat(o.value()).isEqualTo(new Firewall("firewalld", true, false, List.of("cockpit")));
        assertThat(o.evidence()).containsExactly("firewalld zone public: services and ports ssh dhcpv6-client cockpit");
        assertThat(((Observed.Seen<Firewall>) FirewallProbe.firewalld("public", ZONE_BEFORE.replace("cockpit", "ntp")))
                .value()).isEqualTo(new Firewall("firewalld", true, true, List.of()));
        assertThat(((Observed.Seen<Firewall>) FirewallProbe.firewalld("public",
                "<zone><port port=\"123\" protocol=\"udp\"/></zone>")).value().ntpOpen()).isTrue();
    }

    @Test
    void nftables_inputChainWithDropPolicy_portsSorted() {
        Observed.Seen<Firewall> o = (Observed.Seen<Firewall>) FirewallProbe.nftables("/etc/nftables.conf", NFT);

        assertThat(o.value()).isEqualTo(new Firewall("nftables", true, true, List.of("53/udp", "8080/tcp")));
        assertThat(FirewallProbe.nftables("x", "table inet filter {\n chain input {\n type filter hook input "
                + "priority 0; policy accept;\n }\n}\n")).isInstanceOfSatisfying(Observed.Seen.class,
                s -> assertThat(((Firewall) s.value()).active()).isFalse());
    }

    @Test
    void probe_readsTheToolThatIsOn() {
        FakeHost h = new FakeHost(dir);
        HostRoot root = new HostRoot(dir);
        assertThat(FirewallProbe.probe(root)).isEqualTo(new Observed.Skipped<>("no ufw, firewalld or nftables found"));

        h.file("/etc/nftables.conf", NFT);
        assertThat(((Observed.Seen<Firewall>) FirewallProbe.probe(root)).value().tool()).isEqualTo("nftables");

        h.file("/etc/firewalld/firewalld.conf", "DefaultZone=public\n")
                .file("/usr/lib/firewalld/zones/public.xml", ZONE_BEFORE)
                .link("/etc/systemd/system/multi-user.target.wants/firewalld.service", "/x");
        assertThat(((Observed.Seen<Firewall>) FirewallProbe.probe(root)).value().tool()).isEqualTo("firewalld");

        h.file("/etc/ufw/ufw.conf", "ENABLED=yes\n").file("/etc/ufw/user.rules", UFW_RULES);
        assertThat(((Observed.Seen<Firewall>) FirewallProbe.probe(root)).value().tool()).isEqualTo("ufw");
    }

    @Test
    void covers_portLists() {
        assertThat(FirewallProbe.covers("123", 123)).isTrue();
        assertThat(FirewallProbe.covers("100:200", 123)).isTrue();
        assertThat(FirewallProbe.covers("80,443", 123)).isFalse();
        assertThat(FirewallProbe.covers("any", 123)).isTrue();
        assertThat(FirewallProbe.covers("ntp", 123)).isFalse();
    }
}
