// Checks that nothing jntp answers over UDP sends back more octets than it was sent, for every fuzz corpus input and a sweep of generated requests.
package dev.jntp.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jntp.config.JntpConfig;
import dev.jntp.engine.control.ControlRateLimiter;
import dev.jntp.engine.control.ControlView;
import dev.jntp.engine.server.AccessFilter;
import dev.jntp.engine.server.ReferenceState;
import dev.jntp.engine.server.ServerResponder;
import dev.jntp.engine.server.ServerStats;
import dev.jntp.proto.ControlCodec;
import dev.jntp.proto.ControlHeader;
import dev.jntp.proto.DecodeResult;
import dev.jntp.proto.LeapIndicator;
import dev.jntp.proto.NtpCodec;
import dev.jntp.proto.NtpPacket;
import dev.jntp.proto.NtpShort;
import dev.jntp.proto.NtpTimestamp;
import dev.jntp.proto.ReferenceId;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Predicate;
import java.util.function.ToIntFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A reflection attack sends small datagrams with a forged source address and lets the server's
 * larger replies flood the victim. jntp must not be such an amplifier: to a datagram from any
 * address, no responder may send back more octets in all than the datagram had, and a datagram it
 * must not answer gets nothing at all. The inputs are every file of every fuzz corpus in the
 * repository (each {@code *FuzzTestInputs} directory under a module's {@code src/test/resources},
 * read from the source tree, so that corpora other modules keep and fuzzing findings added later
 * are included) and a seeded sweep of generated datagrams: every mode 0-7 and version 0-7 at every
 * length from 0 to 1200 octets, with random octets, with well-formed extension fields, and with
 * MAC-like trailers of 4, 20 and 24 octets after them. Every input goes to every responder.
 *
 * <p>The one answer larger than its request is mode 6 (ntpq's READVAR: hundreds of octets for a
 * 12-octet request), which RFC 9327 defines that way. The daemon answers it only to the addresses
 * of its command access list (localhost unless {@code cmdallow} says more) and rate limits each of
 * them ({@link ControlQueries}); here it is checked that a remote address gets no mode 6 reply at
 * all, and, from localhost, that each request gets at most {@value ControlCodec#MAX_FRAGMENTS}
 * fragments of at most 480 octets ({@link #MODE6_MAX_REPLY} octets in all).
 *
 * <p>How to add a responder (NTS, symmetric keys, a rate limiter's kiss-o'-death, ...): add an
 * entry to {@link #responders()} that wires it as the daemon does (same access filter, keys,
 * cookies, state), and give it
 * <ul>
 *   <li>a name for failure messages;
 *   <li>an {@link Answer}: the datagrams the daemon would send back for one datagram from one client
 *       address (return an empty list for a drop);
 *   <li>a {@code mustDrop} predicate: the inputs that must get nothing (at least what the
 *       responder's own documentation says it drops; {@link #dropsUnlessNtpRequest} is the
 *       NTP server's rule);
 *   <li>a bound: the octets it may send back for a datagram; the datagram's length
 *       ({@link Responder#noLarger}) unless there is a documented reason, as for mode 6 above.
 * </ul>
 * A new kind of request worth sweeping (an NTS request with cookies, say) goes into
 * {@link #generated()}, or as a file into the fuzz corpus of the parser that reads it, which this
 * test reads too.
 */
class NoAmplificationTest {

    private static final long SEED = 0x5EED_A3F1L;
    /** The longest generated datagram: more than any request jntp knows (an NTS request is about 230-1100 octets). */
    private static final int MAX_GENERATED = 1200;
    /** The most a mode 6 reply may take: every fragment full. */
    static final int MODE6_MAX_REPLY = ControlCodec.MAX_FRAGMENTS * (ControlHeader.LENGTH + ControlCodec.MAX_DATA);

    private static final NtpTimestamp NOW = NtpTimestamp.fromUnixNanos(1_767_225_600_123_456_789L);
    private static final byte[] REMOTE = {(byte) 198, 51, 100, 7};
    private static final byte[] REMOTE_V6 = {0x20, 0x01, 0x0d, (byte) 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 7};
    private static final byte[] LOCALHOST = {127, 0, 0, 1};

    /** The datagrams sent back for one datagram of {@code length} octets from {@code client} (4 or 16 octets). */
    @FunctionalInterface
    interface Answer {
        List<byte[]> answer(byte[] datagram, int length, byte[] client);
    }

    /**
     * One thing that answers datagrams, as the daemon wires it.
     *
     * @param name what failure messages call it
     * @param answer its answer to one datagram
     * @param client the address the datagrams come from
     * @param mustDrop the inputs it must not answer at all
     * @param maxReply the most octets it may send back for a datagram
     */
    record Responder(String name, Answer answer, byte[] client, Predicate<byte[]> mustDrop,
            ToIntFunction<byte[]> maxReply) {

        /** A responder held to the rule: never more octets back than came in. */
        static Responder noLarger(String name, Answer answer, byte[] client, Predicate<byte[]> mustDrop) {
            return new Responder(name, answer, client, mustDrop, d -> d.length);
        }
    }

    /** Everything that answers a datagram in jntp. */
    static List<Responder> responders() {
        ReferenceState synced = new ReferenceState(LeapIndicator.NO_WARNING, 2, -20,
                ReferenceId.ofIpv4(new byte[] {(byte) 192, 0, 2, 1}), new NtpShort(0x0000_0800),
                new NtpShort(0x0000_0400), NOW.plusNanos(-64_000_000_000L));
        JntpConfig allowAll = TestDaemons.config("allow\nlocal stratum 10\n");
        JntpConfig defaults = TestDaemons.config("");
        return List.of(
                Responder.noLarger("NTP server, synchronised", ntp(allowAll, synced), REMOTE,
                        NoAmplificationTest::dropsUnlessNtpRequest),
                Responder.noLarger("NTP server, local stratum 10", ntp(allowAll, ReferenceState.local(10, -20, NOW)),
                        REMOTE_V6, NoAmplificationTest::dropsUnlessNtpRequest),
                Responder.noLarger("NTP server, unsynchronised", ntp(allowAll, ReferenceState.unsynchronised(-20)),
                        REMOTE, NoAmplificationTest::dropsUnlessNtpRequest),
                Responder.noLarger("NTP server, client not allowed (no allow line)",
                        ntp(defaults, ReferenceState.local(10, -20, NOW)), REMOTE, d -> true),
                Responder.noLarger("UDP port as the daemon dispatches it (mode 6 to ntpq's responder), remote client",
                        port(allowAll, ReferenceState.local(10, -20, NOW)), REMOTE,
                        d -> isMode6(d) || dropsUnlessNtpRequest(d)),
                Responder.noLarger("NTP server with a key of every type (signed replies, crypto-NAKs)",
                        ntp(allowAll, synced, r -> r.setKeys(keyRing())), REMOTE,
                        NoAmplificationTest::dropsUnlessNtpRequest),
                Responder.noLarger("NTP server with NTS (authenticated replies, NTS NAKs)",
                        ntp(allowAll, synced, r -> r.setNts(ntsResponder())), REMOTE,
                        NoAmplificationTest::dropsUnlessNtpRequest),
                Responder.noLarger("NTP server rate limiting every client at once, with KoD RATE",
                        ntp(TestDaemons.config("allow\nlocal stratum 10\nratelimit interval -19 burst 1 leak 4 kod 1\n"),
                                synced, r -> { }), REMOTE, NoAmplificationTest::dropsUnlessNtpRequest),
                new Responder("UDP port, localhost (allowed mode 6 by default; rate limited in the daemon)",
                        port(allowAll, ReferenceState.local(10, -20, NOW)), LOCALHOST,
                        d -> isMode6(d) ? dropsUnlessMode6Request(d) : dropsUnlessNtpRequest(d),
                        d -> isMode6(d) ? MODE6_MAX_REPLY : d.length));
    }

    /** The NTP server's answer as {@link UdpListener} sends it: at most one reply datagram. */
    private static Answer ntp(JntpConfig config, ReferenceState reference) {
        return ntp(config, reference, r -> { });
    }

    /** As {@link #ntp(JntpConfig, ReferenceState)}, the responder set up further by {@code setUp} (keys, NTS). */
    private static Answer ntp(JntpConfig config, ReferenceState reference,
            java.util.function.Consumer<ServerResponder> setUp) {
        ServerResponder responder = new ServerResponder(NtpDaemon.accessFilter(config), new ServerStats(),
                RateLimits.limiter(config, new ClientLog(config.clientLogLimit())));
        setUp.accept(responder);
        byte[] out = new byte[64 * 1024]; // an NTS reply is as long as its request; answers are taken one at a time
        return (datagram, length, client) -> {
            int n = responder.respond(datagram, length, client, NOW, reference, out);
            return n == 0 ? List.of() : List.of(Arrays.copyOf(out, n));
        };
    }

    /**
     * A server port as {@link UdpListener#run} dispatches: mode 6 to {@link ControlQueries} (the
     * config's command access list, a rate limiter that never runs dry, so that every request is
     * judged), everything else to the NTP server.
     */
    private static Answer port(JntpConfig config, ReferenceState reference) {
        Answer ntp = ntp(config, reference);
        ControlView view = new ControlView(reference, null, NOW, List.of(), ControlQueries.host(), 6);
        ControlQueries queries = new ControlQueries(ControlQueries.accessFilter(config),
                new ControlRateLimiter(Integer.MAX_VALUE, 1e9, 16), () -> view, new ServerStats());
        return (datagram, length, client) -> ControlQueries.isControl(datagram, length)
                ? queries.handle(datagram, length, client) : ntp.answer(datagram, length, client);
    }

    /** One key of every type, ids 1 up, seeded. */
    private static dev.jntp.engine.auth.KeyRing keyRing() {
        List<dev.jntp.proto.SymmetricKey> keys = new ArrayList<>();
        SplittableRandom random = new SplittableRandom(SEED);
        for (dev.jntp.proto.KeyType t : dev.jntp.proto.KeyType.values()) {
            byte[] secret = new byte[t.isCipher() ? t.cipherKeyLength() : 20];
            random.nextBytes(secret);
            keys.add(new dev.jntp.proto.SymmetricKey(t.ordinal() + 1, t, secret));
        }
        return dev.jntp.engine.auth.KeyRing.of(keys);
    }

    /** An NTS server's responder with a fresh cookie key, as the daemon's NTS service makes it. */
    private static dev.jntp.engine.nts.NtsResponder ntsResponder() {
        java.util.Random random = new java.util.Random(SEED);
        long nowSeconds = 1_767_225_600L;
        return new dev.jntp.engine.nts.NtsResponder(
                dev.jntp.engine.nts.CookieKeys.empty().rotate(nowSeconds, 604_800, random), nowSeconds, () -> NOW,
                random, new dev.jntp.engine.nts.NtsStats());
    }

    private static boolean isMode6(byte[] d) {
        return d.length > 0 && (d[0] & 7) == 6;
    }

    /** What ntpq's responder drops ({@link dev.jntp.engine.control.ControlResponder}): short, or a reply or fragment. */
    static boolean dropsUnlessMode6Request(byte[] d) {
        return d.length < ControlHeader.LENGTH || (d[1] & 0xE0) != 0;
    }

    /**
     * What the NTP server must drop (README, "Serving"): anything but a client request (mode 3, or
     * mode 0 of version 1) of versions 1 to 4 and at least 48 octets that the codec reads.
     */
    static boolean dropsUnlessNtpRequest(byte[] d) {
        if (d.length < NtpPacket.HEADER_LENGTH) {
            return true;
        }
        int version = (d[0] >>> 3) & 7;
        int mode = d[0] & 7;
        boolean request = mode == 3 || version == 1 && mode == 0;
        return !request || version < 1 || version > 4 || !(NtpCodec.decode(d) instanceof DecodeResult.Decoded);
    }

    @Test
    void everyResponder_everyCorpusInputAndGeneratedRequest_neverRepliesWithMoreOctetsThanItGot() {
        List<byte[]> corpus = corpusInputs();
        List<byte[]> generated = generated();
        List<Responder> responders = responders();
        long checked = 0;
        List<String> worst = new ArrayList<>();
        for (Responder r : responders) {
            double worstRatio = 0;
            long answered = 0;
            for (List<byte[]> inputs : List.of(corpus, generated)) {
                for (byte[] d : inputs) {
                    List<byte[]> reply = r.answer().answer(d.clone(), d.length, r.client());
                    int octets = reply.stream().mapToInt(b -> b.length).sum();
                    String what = r.name() + ", seed " + SEED + ", input of " + d.length + " octets "
                            + HexFormat.of().formatHex(d, 0, Math.min(d.length, 64)) + (d.length > 64 ? "..." : "");
                    if (r.mustDrop().test(d)) {
                        assertThat(reply).as("must be dropped: %s", what).isEmpty();
                    }
                    assertThat(octets).as("octets sent back: %s", what).isLessThanOrEqualTo(r.maxReply()
                            .applyAsInt(d));
                    if (!reply.isEmpty()) {
                        answered++;
                        worstRatio = Math.max(worstRatio, (double) octets / Math.max(1, d.length));
                    }
                    checked++;
                }
            }
            worst.add(String.format("  %-90s answered %6d, largest reply/request %.2f", r.name(), answered,
                    worstRatio));
        }
        System.out.printf("NoAmplificationTest: %d inputs (%d from the fuzz corpora, %d generated) x %d responders"
                + " = %d checked%n%s%n", corpus.size() + generated.size(), corpus.size(), generated.size(),
                responders.size(), checked, String.join("\n", worst));
        assertThat(checked).isEqualTo((long) (corpus.size() + generated.size()) * responders.size());
    }

    @Test
    void corpora_found_everyModuleWithFuzzTestsContributes() {
        List<Path> dirs = corpusDirectories();
        assertThat(dirs).as("fuzz corpora under %s", repositoryRoot()).hasSizeGreaterThanOrEqualTo(12);
        assertThat(dirs.stream().map(d -> repositoryRoot().relativize(d).getName(0).toString()).distinct())
                .contains("jntp-proto", "jntp-config", "jntp-engine", "jntp-daemon", "jntp-cli");
    }

    /** The repository's root: the nearest directory above the working directory with jntp-proto in it. */
    static Path repositoryRoot() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("jntp-proto")) && Files.isRegularFile(p.resolve("pom.xml"))) {
                return p;
            }
        }
        throw new AssertionError("no repository root above " + Path.of("").toAbsolutePath());
    }

    /** Every {@code *FuzzTestInputs} directory under a module's {@code src/test/resources}, sorted. */
    static List<Path> corpusDirectories() {
        List<Path> out = new ArrayList<>();
        try (Stream<Path> modules = Files.list(repositoryRoot())) {
            for (Path m : modules.sorted().toList()) {
                Path resources = m.resolve("src/test/resources");
                if (!Files.isDirectory(resources)) {
                    continue;
                }
                try (Stream<Path> s = Files.walk(resources)) {
                    s.filter(Files::isDirectory).filter(d -> d.getFileName().toString().endsWith("FuzzTestInputs"))
                            .sorted().forEach(out::add);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /** Every file of every corpus, in a fixed order. */
    static List<byte[]> corpusInputs() {
        List<byte[]> out = new ArrayList<>();
        for (Path dir : corpusDirectories()) {
            try (Stream<Path> s = Files.walk(dir)) {
                for (Path f : s.filter(Files::isRegularFile).sorted().toList()) {
                    out.add(Files.readAllBytes(f));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return out;
    }

    /**
     * For every mode and version and every length up to {@value #MAX_GENERATED}: random octets after
     * the first; and, where the length allows, the same header followed by well-formed extension
     * fields up to the end, or up to a 4-, 20- or 24-octet MAC-like trailer.
     */
    static List<byte[]> generated() {
        SplittableRandom random = new SplittableRandom(SEED);
        List<byte[]> out = new ArrayList<>();
        for (int version = 0; version < 8; version++) {
            for (int mode = 0; mode < 8; mode++) {
                int first = random.nextInt(4) << 6 | version << 3 | mode;
                for (int length = 0; length <= MAX_GENERATED; length++) {
                    byte[] d = new byte[length];
                    random.nextBytes(d);
                    if (length > 0) {
                        d[0] = (byte) first;
                    }
                    out.add(d);
                    int after = length - NtpPacket.HEADER_LENGTH;
                    for (int mac : new int[] {0, 4, 20, 24}) {
                        int fields = after - mac;
                        if (fields >= 0 && fields % 4 == 0 && (fields >= 16 || fields == 0 && mac > 0)) {
                            out.add(withFields(d, fields, random));
                        }
                    }
                }
            }
        }
        return out;
    }

    /** A copy of {@code d} whose {@code fields} octets after the header are extension fields of random types. */
    private static byte[] withFields(byte[] d, int fields, SplittableRandom random) {
        byte[] out = d.clone();
        int pos = NtpPacket.HEADER_LENGTH;
        int end = pos + fields;
        while (pos < end) {
            int left = end - pos;
            int length = left < 32 ? left : 16 + 4 * random.nextInt((Math.min(left, 512) - 16) / 4 + 1);
            if (end - pos - length != 0 && end - pos - length < 16) {
                length = left; // never leave a remainder too short for a field
            }
            NtpCodec.putShort(out, pos, random.nextInt(0x10000));
            NtpCodec.putShort(out, pos + 2, length);
            pos += length;
        }
        return out;
    }
}
