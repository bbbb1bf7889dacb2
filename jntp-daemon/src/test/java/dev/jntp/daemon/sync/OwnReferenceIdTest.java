// Tests how the daemon finds its own reference ID for orphan mode, and that server options reach the engine.
package dev.jntp.daemon.sync;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jntp.config.SourceSpec;
import dev.jntp.engine.sync.SourceConfig;
import dev.jntp.proto.ReferenceId;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class OwnReferenceIdTest {

    private static final InetSocketAddress PEER = new InetSocketAddress(InetAddress.ofLiteral("127.0.0.3"), 123);

    private static ReferenceId id(String literal) {
        return ReferenceId.ofAddress(InetAddress.ofLiteral(literal).getAddress());
    }

    @Test
    void find_bindAddressGiven_itsIdWhateverTheRoute() {
        assertThat(OwnReferenceId.find(List.of(InetAddress.ofLiteral("127.0.0.2")), List.of(PEER)))
                .contains(id("127.0.0.2"));
    }

    @Test
    void find_ipv6AndIpv4BindAddresses_theIpv4One() {
        assertThat(OwnReferenceId.find(List.of(InetAddress.ofLiteral("::1"), InetAddress.ofLiteral("127.0.0.5")),
                List.of())).contains(id("127.0.0.5"));
    }

    @Test
    void find_onlyIpv6BindAddress_itsHashedId() {
        assertThat(OwnReferenceId.find(List.of(InetAddress.ofLiteral("::1")), List.of())).contains(id("::1"));
    }

    @Test
    void find_wildcardBinding_theAddressTheKernelChoosesTowardsTheFirstSource() {
        ReferenceId own = OwnReferenceId.find(List.of(InetAddress.ofLiteral("::")), List.of(PEER)).orElseThrow();

        assertThat(own.octets()[0]).as("a loopback address: %s", own.asDottedQuad()).isEqualTo((byte) 127);
    }

    @Test
    void find_noBindAddressNoSource_empty() {
        assertThat(OwnReferenceId.find(List.of(), List.of())).isEmpty();
    }

    @Test
    void config_trustAndRequire_passedToTheEngine() {
        SourceSpec spec = new SourceSpec(SourceSpec.Kind.SERVER, "a", 123, true, false, 6, 10, false, false, true,
                true, 3.0, 1, 0, false, 4460, 4, false, 7);

        SourceConfig c = Sources.config(spec, "a");

        assertThat(c.trust()).isTrue();
        assertThat(c.require()).isTrue();
    }
}
