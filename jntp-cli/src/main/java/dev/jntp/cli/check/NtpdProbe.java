// Reads an ntpd (or NTPsec, or jntp) through mode 6, as ntpq and check_ntp_peer do: READSTAT, then READVAR.
package dev.jntp.cli.check;

import dev.jntp.cli.HostPort;
import dev.jntp.daemon.AddressText;
import dev.jntp.proto.LeapIndicator;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;

/**
 * READSTAT on association 0 gives the system status word (its leap indicator) and the associations with their
 * peer status words (reachable: the reach bit); READVAR on association 0 with an empty list gives ntpd's default
 * system variables, of which this reads {@code stratum}, {@code offset} (milliseconds), {@code refid},
 * {@code reftime} and {@code clock} (NTP timestamps in hex, {@code 0xSSSSSSSS.FFFFFFFF}). A variable that is
 * missing or unreadable is unknown rather than an error; a refused request (ntpd's {@code restrict ... noquery})
 * or silence is a failed look.
 */
public record NtpdProbe(HostPort server, int timeoutMillis) implements Probe {

    @Override
    public String target() {
        return Probe.named("ntpd at ", server);
    }

    @Override
    public Observation observe() throws ProbeException {
        InetSocketAddress address = Probe.resolve(server);
        try (Mode6Client c = new Mode6Client(address, timeoutMillis, new SecureRandom())) {
            Mode6Client.Status status = c.readStatus();
            Mode6Client.Variables vars = c.readVariables(0, "");
            return observation(status, vars.values());
        } catch (IOException e) {
            throw new ProbeException(target() + " (" + AddressText.of(address) + "): " + e.getMessage());
        }
    }

    /** The observation in a READSTAT reply and the system variables. */
    static Observation observation(Mode6Client.Status status, Map<String, String> vars) {
        LeapIndicator leap = LeapIndicator.ofCode(status.leap());
        int stratum = integer(vars.get("stratum"));
        double offsetMillis = number(vars.get("offset"));
        double since = Double.NaN;
        double ref = timestamp(vars.get("reftime"));
        double clock = timestamp(vars.get("clock"));
        if (ref == 0) {
            since = Double.POSITIVE_INFINITY;
        } else if (!Double.isNaN(ref) && !Double.isNaN(clock)) {
            since = Math.max(0, eraDifference(clock, ref));
        }
        boolean synced = leap != LeapIndicator.UNSYNCHRONIZED && stratum >= 1 && stratum <= 15;
        List<Mode6Messages.Association> peers = status.associations();
        int reachable = (int) peers.stream().filter(Mode6Messages.Association::reachable).count();
        return new Observation(synced, false, synced ? "" : "ntpd says so: leap " + leap.code()
                + (stratum >= 0 ? ", stratum " + stratum : ""), offsetMillis / 1000, stratum, leap, peers.size(),
                reachable, since, vars.getOrDefault("refid", ""));
    }

    private static int integer(String s) {
        try {
            return s == null ? -1 : Integer.parseInt(s.strip());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static double number(String s) {
        try {
            double v = s == null ? Double.NaN : Double.parseDouble(s.strip());
            return Double.isFinite(v) ? v : Double.NaN;
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    /**
     * An NTP timestamp as mode 6 writes it ({@code 0xe5f1a2b3.12345678}, the prefix optional) in seconds of its
     * era; 0 for the zero timestamp ("never"), NaN when unreadable.
     */
    static double timestamp(String s) {
        if (s == null) {
            return Double.NaN;
        }
        String t = s.strip();
        int space = t.indexOf(' ');
        if (space > 0) {
            t = t.substring(0, space); // some servers append the time in words
        }
        if (t.startsWith("0x") || t.startsWith("0X")) {
            t = t.substring(2);
        }
        int dot = t.indexOf('.');
        if (dot != 8 || t.length() != 17) {
            return Double.NaN;
        }
        try {
            long seconds = Long.parseLong(t.substring(0, 8), 16);
            long fraction = Long.parseLong(t.substring(9), 16);
            return seconds + fraction / 0x1p32;
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    /** {@code later - earlier} for two era-relative timestamps, taking the shorter way round the 2^32 s era. */
    static double eraDifference(double later, double earlier) {
        double d = later - earlier;
        if (d > 0x1p31) {
            d -= 0x1p32;
        } else if (d < -0x1p31) {
            d += 0x1p32;
        }
        return d;
    }
}
