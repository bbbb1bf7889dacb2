// The control socket's 'health' command against a running daemon: every field, for the local clock and no clock.
package dev.jntp.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jntp.daemon.control.ControlClient;
import dev.jntp.daemon.control.ControlProtocol;
import dev.jntp.daemon.control.Health;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(30)
class HealthCommandTest {

    @TempDir
    Path tmp;

    private NtpDaemon start(Path socket, String lines) throws Exception {
        return NtpDaemon.start(TestDaemons.config("port " + TestDaemons.freePort() + "\nbindaddress 127.0.0.1\n"
                + "bindcmdaddress " + socket + "\n" + lines));
    }

    @Test
    void health_localClock_localReferenceNotSynchronisedNoSources() throws Exception {
        Path socket = tmp.resolve("h.sock");
        try (NtpDaemon d = start(socket, "local stratum 6\n")) {
            Map<String, Object> h = ControlClient.call(socket, Health.COMMAND);

            assertThat(h).containsEntry("synchronised", false).containsEntry("local_reference", true)
                    .containsEntry("stratum", 6L).containsEntry("reference_id", "7F7F0101")
                    .containsEntry("leap_status", "Normal").containsEntry("sources", 0L)
                    .containsEntry("reachable", 0L).containsEntry("selectable", 0L).containsEntry("alarm", "")
                    .containsKeys("system_time_offset", "last_offset", "reference_name");
            assertThat(((Number) h.get("since_update")).doubleValue()).isBetween(0.0, 60.0);
            assertThat(d.health().data().keySet()).containsExactlyElementsOf(h.keySet());
        }
    }

    @Test
    void health_unreachableSourceNoLocal_unsynchronisedLeapAlarmOneSourceNoneReachable() throws Exception {
        Path socket = tmp.resolve("h.sock");
        try (NtpDaemon d = start(socket, "server 127.0.0.1 port " + TestDaemons.freePort() + "\n")) {
            Map<String, Object> h = ControlClient.call(socket, Health.COMMAND);

            assertThat(h).containsEntry("synchronised", false).containsEntry("local_reference", false)
                    .containsEntry("stratum", 16L).containsEntry("leap_status", "Not synchronised")
                    .containsEntry("sources", 1L).containsEntry("reachable", 0L).containsEntry("since_update", -1.0);
            assertThat((String) h.get("alarm")).isNotEmpty();
        }
    }

    @Test
    void unknownCommand_errorListsHealth() throws Exception {
        Path socket = tmp.resolve("h.sock");
        try (NtpDaemon d = start(socket, "local stratum 6\n")) {
            assertThatThrownBy(() -> ControlClient.call(socket, "reboot"))
                    .isInstanceOf(ControlProtocol.ControlException.class).hasMessageContaining("tracking, health");
        }
    }
}
