// Tests reading the daemon's state: chronyc's CSV reports and the control socket named by bindcmdaddress.
package dev.jntp.cli.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jntp.cli.check.Probe;
import dev.jntp.config.audit.LiveFacts.DaemonState;
import dev.jntp.config.audit.LiveFacts.Observed;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class DaemonStateProbeTest {

    /** chronyc -n -c tracking and sources of the field report's server after remediation (shortened). */
    static final String TRACKING = "D8EF2300,216.239.35.0,2,1769548080.123,-0.000000776,0.000001,0.000002,"
            + "-12.3,0.001,0.01,0.005,0.0004,64.5,Normal\n";
    static final String SOURCES = """
            ^,*,216.239.35.0,1,6,377,12,0.000001,0.000001,0.005
            ^,+,162.159.200.1,3,6,377,13,0.000010,0.000010,0.010
            ^,?,192.0.2.1,0,6,0,-,0.0,0.0,0.0
            #,x,PHC0,0,3,377,1,0.0,0.0,0.0
            """;

    @Test
    void chrony_csv_stateOfTheDaemon() throws Probe.ProbeException {
        Observed<DaemonState> o = DaemonStateProbe.chrony(TRACKING, SOURCES);

        assertThat(o).isEqualTo(new Observed.Seen<>(new DaemonState(true, 2, -0.000000776, 4, 3), List.of(
                "chronyc tracking and sources: synchronised, stratum 2, offset -0.000001 s, 3 of 4 sources reachable")));
    }

    @Test
    void chrony_notSynchronisedOrGarbled() throws Probe.ProbeException {
        String unsynced = "00000000,,0,0.0,0.0,0.0,0.0,0.0,0.0,0.0,1.0,1.0,0.0,Not synchronised\n";
        assertThat(((Observed.Seen<DaemonState>) DaemonStateProbe.chrony(unsynced, "")).value().synchronised())
                .isFalse();
        assertThatThrownBy(() -> DaemonStateProbe.chrony("506 Cannot talk to daemon\n", ""))
                .isInstanceOf(Probe.ProbeException.class).hasMessageContaining("gave 1 fields");
        assertThatThrownBy(() -> DaemonStateProbe.chrony("a,b,x,d,e,f,g,h,i,j,k,l,m,n\n", ""))
                .isInstanceOf(Probe.ProbeException.class);
    }

    @Test
    void controlSocket_lastAbsoluteBindcmdaddress_elseTheDefault() {
        assertThat(DaemonStateProbe.controlSocket("bindcmdaddress /run/a.sock\nbindcmdaddress /run/b.sock\n"))
                .isEqualTo(Path.of("/run/b.sock"));
        assertThat(DaemonStateProbe.controlSocket("server x\n")).isEqualTo(Path.of("/run/jntp/jntp.sock"));
    }
}
