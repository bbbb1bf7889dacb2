// One way of looking at an NTP service for a health check, bounded in time.
package dev.jntp.cli.check;

import dev.jntp.cli.HostPort;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Reads a service once: the local daemon's control socket, an NTP server's reply, or ntpd's mode 6 variables. */
public interface Probe {

    /**
     * Looks once.
     *
     * @throws ProbeException with a one-line reason when the service cannot be read
     */
    Observation observe() throws ProbeException;

    /** The service looked at, for messages: "the jntp daemon at /run/jntp/jntp.sock", "127.0.0.1:123". */
    String target();

    /** The look failed; the message is one line, naming the target. */
    final class ProbeException extends Exception {
        private static final long serialVersionUID = 1L;

        public ProbeException(String message) {
            super(message);
        }
    }

    /** "ntpd at HOST", with " port N" when not 123. */
    static String named(String what, HostPort server) {
        return what + server.host() + (server.port() == HostPort.NTP_PORT ? "" : " port " + server.port());
    }

    /** The first address of the host, with the port. */
    static InetSocketAddress resolve(HostPort server) throws ProbeException {
        try {
            return new InetSocketAddress(InetAddress.getAllByName(server.host())[0], server.port());
        } catch (UnknownHostException e) {
            throw new ProbeException("cannot resolve " + server.host() + ": " + e.getMessage());
        }
    }

    /** {@link #observe()} on a virtual thread, given up after {@code limit} (a hung daemon must not hang the check). */
    static Observation observe(Probe probe, Duration limit) throws ProbeException {
        FutureTask<Observation> task = new FutureTask<>(probe::observe);
        Thread t = Thread.ofVirtual().name("probe").start(task);
        try {
            return task.get(limit.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            t.interrupt();
            throw new ProbeException("no answer from " + probe.target() + " within " + limit.toMillis() / 1000.0 + " s");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof ProbeException p) {
                throw p;
            }
            throw new ProbeException(probe.target() + ": " + e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProbeException("interrupted while reading " + probe.target());
        }
    }
}
