// Reads the local jntp daemon's health over its control socket.
package dev.jntp.cli.check;

import dev.jntp.daemon.control.ControlClient;
import dev.jntp.daemon.control.ControlProtocol;
import dev.jntp.daemon.control.Health;
import dev.jntp.proto.LeapIndicator;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/** The {@code health} command of the control socket, turned into an {@link Observation}. */
public record DaemonProbe(Path socket) implements Probe {

    @Override
    public String target() {
        return "the jntp daemon at " + socket;
    }

    @Override
    public Observation observe() throws ProbeException {
        Map<String, Object> d;
        try {
            d = ControlClient.call(socket, Health.COMMAND);
        } catch (IOException e) {
            throw new ProbeException(e.getMessage());
        } catch (ControlProtocol.ControlException e) {
            throw new ProbeException(target() + " answered: " + e.getMessage());
        }
        return observation(d);
    }

    /** The observation in a {@code health} reply's data; a field missing or of the wrong type is a failed look. */
    Observation observation(Map<String, Object> d) throws ProbeException {
        double since = number(d, "since_update");
        String name = text(d, "reference_name");
        return new Observation(flag(d, "synchronised"), flag(d, "local_reference"), text(d, "alarm"),
                -number(d, "system_time_offset"), (int) number(d, "stratum"), leap(text(d, "leap_status")),
                (int) number(d, "sources"), (int) number(d, "reachable"),
                since < 0 ? Double.POSITIVE_INFINITY : since,
                // The reference ID as chronyc waitsync shows it; the daemon's own clock by its name.
                name.equals("local clock") ? name : text(d, "reference_id"));
    }

    private ProbeException missing(String field) {
        return new ProbeException(target() + " sent a health reply without a valid \"" + field
                + "\" (is the daemon older than this jntp?)");
    }

    private double number(Map<String, Object> d, String k) throws ProbeException {
        if (d.get(k) instanceof Number n && Double.isFinite(n.doubleValue())) {
            return n.doubleValue();
        }
        throw missing(k);
    }

    private boolean flag(Map<String, Object> d, String k) throws ProbeException {
        if (d.get(k) instanceof Boolean b) {
            return b;
        }
        throw missing(k);
    }

    private String text(Map<String, Object> d, String k) throws ProbeException {
        if (d.get(k) instanceof String s) {
            return s;
        }
        throw missing(k);
    }

    private LeapIndicator leap(String status) throws ProbeException {
        return switch (status) {
            case "Normal" -> LeapIndicator.NO_WARNING;
            case "Insert second" -> LeapIndicator.INSERT_SECOND;
            case "Delete second" -> LeapIndicator.DELETE_SECOND;
            case "Not synchronised" -> LeapIndicator.UNSYNCHRONIZED;
            default -> throw missing("leap_status");
        };
    }
}
