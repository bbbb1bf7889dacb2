// Tests who runs a source: known time services, registered domains, site servers, addresses, smearing.
package dev.jntp.config.audit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OperatorsTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(textBlock = """
            2.debian.pool.ntp.org,    NTP Pool,           false, false
            pool.ntp.org.,            NTP Pool,           false, false
            time3.google.com,         Google,             true,  false
            metadata.google.internal, Google,             true,  false
            169.254.169.123,          Amazon,             true,  false
            fd00:ec2::123,            Amazon,             true,  false
            time.aws.com,             Amazon,             true,  false
            TIME.Cloudflare.com,      Cloudflare,         false, false
            time-d-wwv.nist.gov,      NIST,               false, false
            ptbtime1.ptb.de,          PTB,                false, false
            sth1.ntp.se,              Netnod,             false, false
            nts.netnod.se,            Netnod,             false, false
            ntp.ubuntu.com,           Canonical,          false, false
            ntp1.corp.example.org,    example.org,        false, false
            ntp.example.co.uk,        example.co.uk,      false, false
            splunk-server,            site network,       false, true
            ntp.lab.internal,         site network,       false, true
            192.168.10.10,            site network,       false, true
            fd12:3456::1,             site network,       false, true
            192.0.2.10,               192.0.2.0/24,       false, false
            2001:db8:1:2::1,          2001:db8:1::/48,    false, false
            """)
    void of_host_isItsOperator(String host, String name, boolean smears, boolean site) {
        assertThat(Operators.of(host)).isEqualTo(new Operators.Operator(name, smears, site));
    }
}
