// Reads any NTP server over the wire: a few client requests, judged by the reply with the lowest delay.
package dev.jntp.cli.check;

import dev.jntp.cli.HostPort;
import dev.jntp.daemon.AddressText;
import dev.jntp.daemon.QueryClient;
import dev.jntp.engine.query.QueryOutcome;
import dev.jntp.engine.query.QuerySample;
import dev.jntp.proto.ReferenceId;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.concurrent.locks.LockSupport;

/**
 * As check_ntp_time: the offset is the server's clock minus this host's, from the reply with the lowest delay of
 * {@code count} requests sent {@value #SPACING_MILLIS} ms apart; stratum, leap and the age of the server's
 * reference timestamp come from that reply. A server that only says it is unsynchronised (LI = 3 or stratum 16)
 * is observed as such; one that never answers, or answers only with a kiss-o'-death, is a failed look. How many
 * sources the server has cannot be seen over the wire.
 */
public record ServerProbe(HostPort server, int count, int exchangeTimeoutMillis) implements Probe {

    static final long SPACING_MILLIS = 250;

    @Override
    public String target() {
        return Probe.named("NTP server ", server);
    }

    @Override
    public Observation observe() throws ProbeException {
        InetSocketAddress address = Probe.resolve(server);
        QueryClient client = new QueryClient(new SecureRandom());
        QuerySample best = null;
        QuerySample unsynchronised = null;
        String failure = "no reply";
        for (int i = 0; i < count; i++) {
            if (i > 0) {
                LockSupport.parkNanos(SPACING_MILLIS * 1_000_000L);
            }
            QueryClient.Result r;
            try {
                r = client.exchange(address, 4, exchangeTimeoutMillis);
            } catch (IOException e) {
                throw new ProbeException(target() + " (" + AddressText.of(address) + "): " + e.getMessage());
            }
            switch (r.outcome()) {
                case QueryOutcome.Answered a -> best = best == null || a.sample().delay() < best.delay() ? a.sample() : best;
                case QueryOutcome.Unsynchronised u -> unsynchronised = u.sample();
                case QueryOutcome.Kiss k -> failure = "kiss-o'-death " + k.text()
                        + (k.code() != null ? " (" + k.code().meaning() + ")" : "");
                case QueryOutcome.Discarded d -> failure = d.reason() + ": " + d.detail();
                case null -> failure = r.failure();
            }
        }
        if (best != null) {
            return observation(best, true);
        }
        if (unsynchronised != null) {
            return observation(unsynchronised, false);
        }
        throw new ProbeException(target() + " (" + AddressText.of(address) + "): " + failure);
    }

    static Observation observation(QuerySample s, boolean synchronised) {
        double since = s.referenceUnixNanos() == 0 ? Double.POSITIVE_INFINITY
                : Math.max(0, (s.localReceiveUnixNanos() - s.referenceUnixNanos()) / 1e9);
        return new Observation(synchronised, false, synchronised ? ""
                : "the server says so: leap " + s.leap().code() + ", stratum " + s.stratum(), s.offset(), s.stratum(), s.leap(), -1, -1, since,
                s.referenceId().equals(ReferenceId.LOCAL) ? "local clock" : s.referenceName());
    }
}
