// Tests when the pool keeper resolves a name again and which addresses it puts in which places.
package dev.jntp.daemon.sync;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jntp.config.ConfigParser;
import dev.jntp.config.ConfigResult;
import dev.jntp.config.SourceSpec;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PoolKeeperTest {

    private static final long SECOND = 1_000_000_000L;
    private static final long FIRST = 10 * SECOND;
    private static final long MAX = 80 * SECOND;

    /** A resolver whose answers the test sets, counting the questions. */
    private static final class Names implements Resolution.Resolver {
        final Map<String, List<String>> answers = new HashMap<>();
        int asked;

        @Override
        public InetAddress[] resolve(String name) throws UnknownHostException {
            asked++;
            List<String> a = answers.get(name);
            if (a == null) {
                throw new UnknownHostException(name);
            }
            return a.stream().map(InetAddress::ofLiteral).toArray(InetAddress[]::new);
        }
    }

    /** The sources as the sync service holds them: id to address. */
    private final Map<Integer, InetSocketAddress> inUse = new HashMap<>();
    private final Names names = new Names();
    private List<Integer> bad = List.of();

    private static List<SourceSpec> specs(String text) {
        return switch (ConfigParser.parse("t.conf", text)) {
            case ConfigResult.Valid v -> v.config().sources();
            case ConfigResult.Invalid i -> throw new AssertionError(i.errors());
        };
    }

    /** A keeper over {@code specs} whose resolutions finish at once, with their first members as Sources gives them. */
    private PoolKeeper keeper(List<SourceSpec> specs) {
        PoolKeeper k = new PoolKeeper(specs, new Resolution(names, Duration.ofNanos(FIRST), Duration.ofNanos(MAX)),
                Runnable::run, new SplittableRandom(7), 0);
        for (SyncService.Upstream u : Sources.resolve(specs, names, w -> { })) {
            int id = inUse.size();
            inUse.put(id, u.address());
            k.added(id, u.spec());
        }
        names.asked = 0;
        return k;
    }

    /** Runs the keeper at {@code now} and applies its changes as the sync service does. */
    private List<PoolKeeper.Change> due(PoolKeeper k, long now) {
        List<PoolKeeper.Change> changes = k.due(now, () -> bad, inUse.values());
        for (PoolKeeper.Change c : changes) {
            int id = c.id() < 0 ? inUse.size() : c.id();
            if (c.id() < 0) {
                k.added(id, c.upstream().spec());
            }
            inUse.put(id, c.upstream().address());
        }
        return changes;
    }

    private static InetSocketAddress at(String literal) {
        return new InetSocketAddress(InetAddress.ofLiteral(literal), 123);
    }

    /** Calls the keeper every second from {@code from} to {@code to} seconds; returns the changes. */
    private List<PoolKeeper.Change> every(PoolKeeper k, long from, long to) {
        List<PoolKeeper.Change> out = new ArrayList<>();
        for (long t = from; t <= to; t++) {
            out.addAll(due(k, t * SECOND));
        }
        return out;
    }

    @Test
    void due_badMemberOfAPool_replacedByTheUnusedAddressAfterTheFirstInterval() {
        names.answers.put("pool.test", List.of("192.0.2.5", "192.0.2.6", "192.0.2.7"));
        PoolKeeper k = keeper(specs("pool pool.test maxsources 2\n"));
        bad = List.of(0);

        assertThat(every(k, 0, 9)).as("the start was a resolution").isEmpty();
        assertThat(names.asked).isZero();
        assertThat(every(k, 10, 10)).as("asked now, answered on the next call").isEmpty();
        assertThat(names.asked).isOne();
        List<PoolKeeper.Change> changes = every(k, 11, 11);

        assertThat(changes).hasSize(1);
        assertThat(changes.getFirst().id()).isZero();
        assertThat(changes.getFirst().upstream().address()).isEqualTo(at("192.0.2.7"));
        assertThat(changes.getFirst().upstream().config().name()).isEqualTo("pool.test/192.0.2.7");
    }

    @Test
    void due_goodMembersOfAFullPool_neverResolvedAgain() {
        names.answers.put("pool.test", List.of("192.0.2.5", "192.0.2.6"));
        PoolKeeper k = keeper(specs("pool pool.test maxsources 2\n"));

        assertThat(every(k, 0, 3600)).isEmpty();
        assertThat(names.asked).isZero();
    }

    @Test
    void due_nameDidNotResolveAtStart_placesFilledOnceItDoes() {
        PoolKeeper k = keeper(specs("pool pool.test maxsources 3\n"));
        assertThat(inUse).isEmpty();

        assertThat(every(k, 0, 11)).as("still unknown at 10 s").isEmpty();
        names.answers.put("pool.test", List.of("192.0.2.5", "192.0.2.6"));
        every(k, 12, 30);
        assertThat(names.asked).as("the second try waits twice as long after the answer at 11 s").isOne();
        List<PoolKeeper.Change> changes = every(k, 31, 32);

        assertThat(names.asked).isEqualTo(2);
        assertThat(changes).extracting(PoolKeeper.Change::id).containsExactly(-1, -1);
        assertThat(changes).extracting(c -> c.upstream().address())
                .containsExactlyInAnyOrder(at("192.0.2.5"), at("192.0.2.6"));
        assertThat(inUse).hasSize(2);
    }

    @Test
    void due_noUnusedAddress_triesAgainDoublingTheWaitUpToTheMaximum() {
        names.answers.put("pool.test", List.of("192.0.2.5", "192.0.2.6"));
        PoolKeeper k = keeper(specs("pool pool.test maxsources 2\n"));
        bad = List.of(1);
        List<Long> asked = new ArrayList<>();

        for (long t = 0; t <= 400 * SECOND; t += SECOND) {
            int before = names.asked;
            assertThat(due(k, t)).isEmpty();
            if (names.asked > before) {
                asked.add(t / SECOND);
            }
        }

        // Each answer is taken a second after the question: waits of 20, 40, 80, 80 s follow.
        assertThat(asked).containsExactly(10L, 31L, 72L, 153L, 234L, 315L, 396L);
        assertThat(k.backoff(0)).isEqualTo(FIRST);
        assertThat(k.backoff(2)).isEqualTo(4 * FIRST);
        assertThat(k.backoff(40)).isEqualTo(MAX);
    }

    @Test
    void due_serverLineByName_replacedByAnotherAddressOfTheName() {
        names.answers.put("ntp.test", List.of("192.0.2.5", "192.0.2.9"));
        PoolKeeper k = keeper(specs("server ntp.test iburst\n"));
        assertThat(inUse).containsOnlyKeys(0);
        bad = List.of(0);

        List<PoolKeeper.Change> changes = every(k, 0, 11);

        assertThat(changes).extracting(c -> c.upstream().address()).containsExactly(at("192.0.2.9"));
        assertThat(changes.getFirst().upstream().config().iburst()).isTrue();
    }

    @Test
    void due_serverLineByAddress_neverResolvedAgain() {
        PoolKeeper k = keeper(specs("server 192.0.2.5\n"));
        bad = List.of(0);

        assertThat(every(k, 0, 600)).isEmpty();
        assertThat(names.asked).isZero();
        assertThat(PoolKeeper.isAddress("192.0.2.5")).isTrue();
        assertThat(PoolKeeper.isAddress("2001:db8::1")).isTrue();
        assertThat(PoolKeeper.isAddress("pool.ntp.org")).isFalse();
    }

    @Test
    void due_twoPoolsShareAnAddress_neitherTakesOneTheOtherUses() {
        names.answers.put("a.test", List.of("192.0.2.5", "192.0.2.6"));
        names.answers.put("b.test", List.of("192.0.2.6", "192.0.2.7"));
        PoolKeeper k = keeper(specs("pool a.test maxsources 1\npool b.test maxsources 1\n"));
        assertThat(inUse.values()).containsExactlyInAnyOrder(at("192.0.2.5"), at("192.0.2.6"));
        bad = List.of(0);

        List<PoolKeeper.Change> changes = every(k, 0, 11);

        assertThat(changes).isEmpty();
    }
}
