// Tests the daemon's upkeep of a pool over loopback: an unreachable member is replaced, a pool that did not resolve is filled.
package dev.jntp.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.jntp.daemon.sync.Resolution;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.LoggerFactory;

/**
 * A monitor-mode daemon polls the pool {@code pool.test}, whose injected resolver gives
 * addresses in 127/8 (all of it is loopback on Linux) on one port: nothing listens on
 * 127.0.0.5, a {@code local stratum 3} daemon on 127.0.0.9. Waits are bounded.
 */
@Timeout(60)
class PoolReplacementTest {

    private static final InetAddress DEAD = InetAddress.ofLiteral("127.0.0.5");
    private static final InetAddress ALIVE = InetAddress.ofLiteral("127.0.0.9");
    private static final long WAIT_MILLIS = 20_000;

    private final ListAppender<ILoggingEvent> log = new ListAppender<>();
    private final Logger syncLog = (Logger) LoggerFactory.getLogger("dev.jntp.daemon.sync.SyncService");

    @BeforeEach
    void captureLog() {
        log.start();
        syncLog.addAppender(log);
    }

    @AfterEach
    void releaseLog() {
        syncLog.detachAppender(log);
    }

    private boolean logged(String text) {
        return List.copyOf(log.list).stream().anyMatch(e -> e.getFormattedMessage().contains(text));
    }

    /** The upstream: this host's clock at stratum 3 on 127.0.0.9:port. */
    private static NtpDaemon upstream(int port) throws IOException {
        return NtpDaemon.start(TestDaemons.config("port " + port + "\nbindaddress 127.0.0.9\nallow 127.0.0.0/8\n"
                + "bindcmdaddress /\nlocal stratum 3\n"));
    }

    /** A monitor-mode daemon, serving nothing, with one pool line resolved by {@code resolver}. */
    private static NtpDaemon client(int port, String options, Resolution.Resolver resolver) throws IOException {
        return NtpDaemon.start(TestDaemons.config("port 0\nbindcmdaddress /\npool pool.test port " + port
                + " minpoll -4 maxpoll -4 " + options + "\n"), true,
                new Resolution(resolver, Duration.ofMillis(300), Duration.ofSeconds(2)));
    }

    /**
     * Runs the upstream and a client of a pool with {@code options}, resolved by {@code resolver};
     * waits for {@code line} in the log, then for the client to synchronise to the upstream.
     */
    private void assertRenewedThenSynchronised(String options, Resolution.Resolver resolver, String line)
            throws IOException {
        int port = TestDaemons.freePort();
        try (NtpDaemon up = upstream(port); NtpDaemon daemon = client(port, options, resolver)) {
            assertThat(TestDaemons.within(WAIT_MILLIS, () -> logged(line))).as("%s in the log: %s", line, log.list)
                    .isTrue();
            boolean synced = TestDaemons.within(WAIT_MILLIS, () -> daemon.tracking().synchronised());
            assertThat(synced).as("log: %s", log.list).isTrue();
            assertThat(daemon.tracking().referenceId()).isEqualTo("7F000009");
            assertThat(daemon.tracking().stratum()).isEqualTo(4);
        }
    }

    @Test
    void pool_memberUnreachable_replacedByAnAddressWithAServerAndSynchronised() throws IOException {
        AtomicInteger asked = new AtomicInteger();

        assertRenewedThenSynchronised("maxsources 1", name -> {
            asked.incrementAndGet();
            return new InetAddress[] {DEAD, ALIVE};
        }, "source 0: replacing unreachable 127.0.0.5 of pool pool.test by 127.0.0.9");

        assertThat(asked.get()).as("the start and one replacement").isEqualTo(2);
    }

    @Test
    void pool_nameUnknownAtStart_filledOnceItResolvesAndSynchronised() throws IOException {
        AtomicInteger asked = new AtomicInteger();

        assertRenewedThenSynchronised("maxsources 1 iburst", name -> {
            if (asked.incrementAndGet() < 3) {
                throw new UnknownHostException(name + ": not yet");
            }
            return new InetAddress[] {ALIVE};
        }, "source 0: adding 127.0.0.9 of pool pool.test");

        assertThat(asked.get()).as("the start, one failed retry, one that filled the place").isEqualTo(3);
    }
}
