// Tests the scripted upstream server: reply fields and timestamps, drift and steps, silence, kisses, leaps, 2036.
package dev.jntp.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.jntp.engine.query.QueryExchange;
import dev.jntp.engine.query.QueryOutcome;
import dev.jntp.engine.server.ServerCounter;
import dev.jntp.proto.KissCode;
import dev.jntp.proto.LeapIndicator;
import dev.jntp.proto.Mode;
import dev.jntp.proto.NtpPacket;
import dev.jntp.proto.ReferenceId;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ScriptedServerTest {

    private static final long SEED = Seeds.chosen(0x5EED_5E7L);
    private static final long S = 1_000_000_000L;
    private static final long MS = 1_000_000L;
    private static final InetAddress CLIENT_HOST = InetAddress.ofLiteral("192.0.2.10");
    private static final InetAddress SERVER_HOST = InetAddress.ofLiteral("198.51.100.1");
    private static final InetSocketAddress CLIENT = new InetSocketAddress(CLIENT_HOST, 50123);
    private static final InetSocketAddress SERVER = new InetSocketAddress(SERVER_HOST, 123);

    private SimScheduler scheduler;
    private SimNetwork net;
    private QueryClient client;

    private ScriptedServer.Builder server() {
        return server(SimScheduler.startingAt(Instant.parse("2026-06-30T00:00:00Z")));
    }

    private ScriptedServer.Builder server(SimScheduler s) {
        scheduler = s;
        net = new SimNetwork(scheduler, SEED);
        net.connect(CLIENT_HOST, SERVER_HOST, NetPath.delay(Duration.ofMillis(1)));
        client = new QueryClient(net, CLIENT, SimulatedClock.perfect(scheduler.time()), SEED);
        return ScriptedServer.builder(net, SERVER);
    }

    /** Sends one request now and runs until its reply is in; returns the reply packet, or null. */
    private NtpPacket exchange() {
        int before = client.replies.size();
        client.query(SERVER);
        scheduler.runFor(Duration.ofSeconds(1));
        return client.replies.size() > before ? client.last().packet() : null;
    }

    @Test
    void reply_decoded_carriesTheScriptedIdentityAndTimestampsOfItsClock() {
        ScriptedServer srv = server().stratum(2).referenceId(ReferenceId.ofIpv4(new byte[] {10, 0, 0, 1}))
                .rootDelay(0.01).rootDispersion(0.005).precision(-20).offset(0.25)
                .processingDelay(Duration.ofNanos(50_000)).build();
        long sent = scheduler.now();
        QueryExchange ex = client.query(SERVER);
        scheduler.runFor(Duration.ofSeconds(1));

        QueryClient.Reply r = client.last();
        NtpPacket p = r.packet();
        assertThat(p.mode()).isEqualTo(Mode.SERVER);
        assertThat(p.version()).isEqualTo(4);
        assertThat(p.stratum()).isEqualTo(2);
        assertThat(p.referenceId()).isEqualTo(ReferenceId.ofIpv4(new byte[] {10, 0, 0, 1}));
        assertThat(p.leap()).isEqualTo(LeapIndicator.NO_WARNING);
        assertThat(p.precision()).isEqualTo(-20);
        assertThat(p.rootDelay().toSeconds()).isCloseTo(0.01, within(1.0 / 65536));
        assertThat(p.rootDispersion().toSeconds()).isCloseTo(0.005, within(1.0 / 65536));
        assertThat(p.originTimestamp()).isEqualTo(ex.cookie());
        long arrival = sent + MS;
        assertThat(p.receiveTimestamp().toUnixNanos(sent)).isEqualTo(arrival + 250 * MS);
        assertThat(p.transmitTimestamp().toUnixNanos(sent)).isEqualTo(arrival + 50_000 + 250 * MS);
        assertThat(p.referenceTime().toUnixNanos(sent)).isLessThanOrEqualTo(p.transmitTimestamp().toUnixNanos(sent));
        assertThat(r.datagram().arrivalNanos()).isEqualTo(sent + 2 * MS + 50_000);
        assertThat(r.outcome()).isInstanceOfSatisfying(QueryOutcome.Answered.class, a -> {
            assertThat(a.sample().offset()).isCloseTo(0.25, within(1e-9));
            assertThat(a.sample().delay()).isCloseTo(0.002, within(1e-9));
        });
        assertThat(srv.requestsReceived()).isEqualTo(1);
        assertThat(srv.requestsFrom(CLIENT_HOST)).isEqualTo(1);
        assertThat(srv.repliesSent()).isEqualTo(1);
        assertThat(srv.responderStats().get(ServerCounter.ANSWERED)).isEqualTo(1);
    }

    @Test
    void reply_serverDrifting10ppm_timestampsFollowTheDrift() {
        server().driftPpm(10).processingDelay(Duration.ZERO).build();
        scheduler.runFor(Duration.ofSeconds(999));
        long sent = scheduler.now();
        NtpPacket p = exchange();
        long arrival = sent + MS;
        double error = (arrival - (sent - 999 * S)) * 10 / 1e6;
        assertThat((double) (p.receiveTimestamp().toUnixNanos(sent) - arrival)).isCloseTo(error, within(1.0));
        assertThat(p.transmitTimestamp()).isEqualTo(p.receiveTimestamp());
    }

    @Test
    void reply_serverSteppingAtT_isRightBeforeAndOneSecondOffAfter() {
        long t = SimTime.nanosOf(Instant.parse("2026-06-30T00:01:40Z"));
        ScriptedServer srv = server().stepAt(t, 1.0).processingDelay(Duration.ZERO).build();
        long sent = scheduler.now();
        assertThat(exchange().receiveTimestamp().toUnixNanos(sent)).isEqualTo(sent + MS);
        scheduler.runUntil(t);
        sent = scheduler.now();
        assertThat(exchange().receiveTimestamp().toUnixNanos(sent)).isEqualTo(sent + MS + S);
        assertThat(srv.clock().trueOffset()).isEqualTo(1.0);
    }

    @Test
    void silentWindowAndGoAway_noReplyButRequestsAreCounted() {
        ScriptedServer srv = server().build();
        long now = scheduler.now();
        srv.silentBetween(now + 10 * S, now + 20 * S);
        assertThat(exchange()).isNotNull();
        scheduler.runFor(Duration.ofSeconds(10));
        assertThat(exchange()).isNull();
        scheduler.runFor(Duration.ofSeconds(10));
        assertThat(exchange()).isNotNull();
        srv.goAway();
        assertThat(exchange()).isNull();
        srv.comeBack();
        assertThat(exchange()).isNotNull();
        assertThat(srv.requestsReceived()).isEqualTo(5);
        assertThat(srv.requestsIgnored()).isEqualTo(2);
        assertThat(srv.repliesSent()).isEqualTo(3);
    }

    @ParameterizedTest
    @EnumSource(value = KissCode.class, names = {"RATE", "DENY", "RSTR"})
    void kissWindow_requestInside_isAnsweredWithThatKissOfDeath(KissCode code) {
        ScriptedServer srv = server().build();
        srv.kissBetween(code, scheduler.now() + 5 * S, Timeline.FOREVER);
        assertThat(exchange().stratum()).isEqualTo(1);
        scheduler.runFor(Duration.ofSeconds(5));
        NtpPacket p = exchange();
        assertThat(p.stratum()).isZero();
        assertThat(p.kissCode()).contains(code);
        assertThat(p.leap()).isEqualTo(LeapIndicator.UNSYNCHRONIZED);
        assertThat(client.last().outcome()).isEqualTo(new QueryOutcome.Kiss(code, code.name()));
        assertThat(srv.kissesSent()).isEqualTo(1);
        assertThat(srv.repliesSent()).isEqualTo(2);
    }

    @Test
    void unsynchronisedWindow_requestInside_isAnsweredAsUnsynchronised() {
        ScriptedServer srv = server().build();
        srv.unsynchronisedBetween(scheduler.now(), scheduler.now() + 10 * S);
        NtpPacket p = exchange();
        assertThat(p.leap()).isEqualTo(LeapIndicator.UNSYNCHRONIZED);
        assertThat(p.stratum()).isZero();
        assertThat(p.referenceId()).isEqualTo(ReferenceId.NONE);
        assertThat(client.last().outcome()).isInstanceOf(QueryOutcome.Unsynchronised.class);
        scheduler.runFor(Duration.ofSeconds(10));
        assertThat(exchange().leap()).isEqualTo(LeapIndicator.NO_WARNING);
    }

    @Test
    void leapAnnouncement_trueLeapAtTheEndOfTheDay_isAnnouncedThroughThatDayOnly() {
        ScriptedServer.Builder b = server(SimScheduler.startingAt(Instant.parse("2026-06-29T23:00:00Z")));
        scheduler.time().insertLeapSecond(LocalDate.of(2026, 6, 30));
        b.build();
        ScriptedServer silent = ScriptedServer.builder(net, new InetSocketAddress(SERVER_HOST, 1123))
                .announcesLeaps(false).build();
        assertThat(silent.referenceState().leap()).isEqualTo(LeapIndicator.NO_WARNING);
        assertThat(exchange().leap()).isEqualTo(LeapIndicator.NO_WARNING);
        scheduler.runUntil(SimTime.nanosOf(Instant.parse("2026-06-30T00:00:01Z")));
        assertThat(exchange().leap()).isEqualTo(LeapIndicator.INSERT_SECOND);
        scheduler.runUntil(SimTime.nanosOf(Instant.parse("2026-06-30T23:59:58Z")));
        assertThat(exchange().leap()).isEqualTo(LeapIndicator.INSERT_SECOND);
        assertThat(silent.referenceState().leap()).isEqualTo(LeapIndicator.NO_WARNING);
        // The server's clock follows the leap: 23:59:59 is shown twice.
        long sent = scheduler.now();
        NtpPacket p = exchange();
        assertThat(p.receiveTimestamp().toUnixNanos(sent)).isEqualTo(sent + MS);
        scheduler.runUntil(SimTime.nanosOf(Instant.parse("2026-07-01T00:00:10Z")));
        sent = scheduler.now();
        p = exchange();
        assertThat(p.leap()).isEqualTo(LeapIndicator.NO_WARNING);
        assertThat(p.receiveTimestamp().toUnixNanos(sent)).isEqualTo(sent + MS - S);
    }

    @Test
    void leapBetween_scriptedWrongAnnouncement_overridesTheTruth() {
        ScriptedServer srv = server().build();
        srv.leapBetween(LeapIndicator.DELETE_SECOND, scheduler.now(), scheduler.now() + 60 * S);
        assertThat(exchange().leap()).isEqualTo(LeapIndicator.DELETE_SECOND);
        scheduler.runFor(Duration.ofMinutes(1));
        assertThat(exchange().leap()).isEqualTo(LeapIndicator.NO_WARNING);
    }

    @Test
    void malformedRequest_isDroppedAndCountedByTheResponder() {
        ScriptedServer srv = server().build();
        byte[] truncated = new byte[20];
        truncated[0] = 0x23; // version 4, client mode, but 20 octets
        net.send(CLIENT, SERVER, truncated);
        scheduler.runFor(Duration.ofSeconds(1));
        assertThat(srv.requestsReceived()).isEqualTo(1);
        assertThat(srv.repliesSent()).isZero();
        assertThat(srv.responderStats().get(ServerCounter.MALFORMED)).isEqualTo(1);
    }

    @Test
    void eraRollover2036_pollingAcrossIt_timestampsAndOffsetsStayRight() {
        ScriptedServer srv = server(SimScheduler.startingAt(Instant.parse("2036-02-07T06:00:00Z")))
                .offset(-0.5).processingDelay(Duration.ofNanos(30_000)).build();
        for (int i = 0; i < 60; i++) {
            long sent = scheduler.now();
            NtpPacket p = exchange();
            assertThat(p.receiveTimestamp().toUnixNanos(sent)).isEqualTo(sent + MS - 500 * MS);
            assertThat(p.transmitTimestamp().toUnixNanos(sent)).isEqualTo(sent + MS + 30_000 - 500 * MS);
            assertThat(client.last().outcome()).isInstanceOfSatisfying(QueryOutcome.Answered.class,
                    a -> assertThat(a.sample().offset()).isCloseTo(-0.5, within(1e-9)));
            scheduler.runFor(Duration.ofSeconds(63));
        }
        assertThat(SimTime.instantOf(scheduler.now())).isAfter(SimTime.ERA_ROLLOVER);
        assertThat(client.last().packet().receiveTimestamp().seconds()).isLessThan(3600);
        assertThat(srv.repliesSent()).isEqualTo(60);
    }
}
