// The mode 6 client against a scripted responder on loopback: fragments, strays, errors and silence.
package dev.jntp.cli.check;

import dev.jntp.proto.ControlOpcode;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(20)
class Mode6ClientTest {

    private static final long SEED = 0x6_0006L;

    @Test
    void readStatusAndVariables_ntpd_associationsAndFragmentedVariables() throws Exception {
        try (ScriptedMode6Server ntpd = new ScriptedMode6Server(ScriptedMode6Server.ntpd(0x0618,
                ScriptedMode6Server.NTPD_VARIABLES, ScriptedMode6Server.NTPD_PEERS));
                Mode6Client c = new Mode6Client(ntpd.address(), 5_000, new Random(SEED))) {
            Mode6Client.Status status = c.readStatus();
            Mode6Client.Variables vars = c.readVariables(0, "");

            assertThat(status.leap()).isZero();
            assertThat(status.associations()).hasSize(3);
            assertThat(ScriptedMode6Server.NTPD_VARIABLES.length()).as("needs two datagrams")
                    .isGreaterThan(Mode6Messages.MAX_DATA);
            assertThat(vars.values()).containsEntry("stratum", "2").containsEntry("clock", "0xe5f1a2f3.12345678")
                    .containsKey("sss");
            assertThat(c.discarded()).isZero();
        }
    }

    @Test
    void readStatus_strayAndMalformedDatagramsFirst_skippedAndCounted() throws Exception {
        try (ScriptedMode6Server server = new ScriptedMode6Server(r -> {
            List<byte[]> out = new ArrayList<>();
            out.add(ScriptedMode6Server.response(r.opcode(), r.sequence() + 1, 0, 0, 0, false, false, new byte[4]));
            out.add(new byte[] {1, 2, 3});
            out.add(ScriptedMode6Server.response(ControlOpcode.READVAR.code(), r.sequence(), 0, 0, 0, false, false,
                    new byte[0]));
            out.add(ScriptedMode6Server.response(r.opcode(), r.sequence(), 0xC000, 0, 0, false, false,
                    ScriptedMode6Server.pairs(1, 0x8011)));
            return out;
        }); Mode6Client c = new Mode6Client(server.address(), 5_000, new Random(SEED))) {
            Mode6Client.Status status = c.readStatus();

            assertThat(status.leap()).as("leap alarm").isEqualTo(3);
            assertThat(status.associations()).singleElement().satisfies(a -> assertThat(a.reachable()).isFalse());
            assertThat(c.discarded()).isEqualTo(3);
        }
    }

    @Test
    void readVariables_errorResponse_exceptionNamesTheError() throws Exception {
        try (ScriptedMode6Server server = new ScriptedMode6Server(r -> List.of(ScriptedMode6Server.response(
                r.opcode(), r.sequence(), 7 << 8, 0, 0, false, true, new byte[0])));
                Mode6Client c = new Mode6Client(server.address(), 5_000, new Random(SEED))) {
            assertThatThrownBy(() -> c.readVariables(0, ""))
                    .isInstanceOf(Mode6Client.Mode6Exception.class)
                    .hasMessageContaining("refused the request: administratively prohibited");
        }
    }

    @Test
    void readStatus_silentServer_timeoutWithinTheLimit() throws Exception {
        try (ScriptedMode6Server server = new ScriptedMode6Server(r -> List.of());
                Mode6Client c = new Mode6Client(server.address(), 300, new Random(SEED))) {
            long start = System.nanoTime();

            assertThatThrownBy(c::readStatus).isInstanceOf(Mode6Client.Mode6Exception.class)
                    .hasMessageContaining("no mode 6 reply").hasMessageContaining("timeout");
            assertThat((System.nanoTime() - start) / 1e6).as("ms waited").isBetween(250.0, 2_000.0);
            assertThat(server.requests()).isEqualTo(1);
        }
    }

    @Test
    void readVariables_fragmentsThatDisagree_malformedReply() throws Exception {
        try (ScriptedMode6Server server = new ScriptedMode6Server(r -> List.of(
                ScriptedMode6Server.response(r.opcode(), r.sequence(), 0, 0, 0, true, false, "stratum=2".getBytes()),
                ScriptedMode6Server.response(r.opcode(), r.sequence(), 0, 0, 0, false, false, "stratum=3".getBytes())));
                Mode6Client c = new Mode6Client(server.address(), 5_000, new Random(SEED))) {
            assertThatThrownBy(() -> c.readVariables(0, "")).isInstanceOf(Mode6Client.Mode6Exception.class)
                    .hasMessageContaining("malformed reply");
        }
    }
}
