// Golden tests of the status commands' layouts (chronyc's and ntpq's) and JSON, against a control socket serving fixed replies.
package dev.jntp.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jntp.daemon.control.ControlMessages;
import dev.jntp.daemon.control.ControlProtocol;
import dev.jntp.daemon.control.ControlServer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A {@link ControlServer} answers each command with the data in {@code status/COMMAND.json}; the
 * output of {@code jntp ARGS} must equal {@code status/GOLDEN} byte for byte. With
 * {@code JNTP_GOLDEN_UPDATE=1} in the environment the golden files are rewritten in the source
 * tree instead (review the diff before committing).
 */
@Timeout(30)
class StatusCommandsTest {

    private static final Path GOLDEN_SOURCE = Path.of("src/test/resources/dev/jntp/cli/status");

    @TempDir
    static Path dir;
    private static ControlServer server;
    private static Path socket;
    /** The last request's arguments, as the fake daemon got them. */
    private static volatile List<String> lastArgs = List.of();

    @BeforeAll
    static void fakeDaemon() throws IOException {
        socket = dir.resolve("jntp.sock");
        server = ControlServer.start(socket, StatusCommandsTest::answer);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static String answer(String line) {
        ControlMessages.Request r = ControlMessages.parse(line);
        if (r.error() != null) {
            return ControlProtocol.error(r.error());
        }
        lastArgs = r.args();
        try {
            return switch (r.command()) {
                case "ntpdata" -> ControlMessages.ok("ntpdata", r.args().isEmpty() ? fixture("ntpdata")
                        : Map.of("sources", StatusText.rows(fixture("ntpdata"), "sources").stream()
                                .filter(s -> r.args().getFirst().equals(s.get("address"))).toList()));
                case "add", "delete", "online", "offline", "burst" -> {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("message", (r.command() + " " + String.join(" ", r.args())).strip());
                    m.put("sources", List.of(1));
                    m.put("problems", List.of());
                    yield ControlMessages.ok(r.command(), m);
                }
                case "refuse" -> ControlProtocol.error("refused");
                default -> ControlMessages.ok(r.command(), fixture(r.command()));
            };
        } catch (IOException | ControlProtocol.ControlException e) {
            return ControlProtocol.error(e.toString());
        }
    }

    private static Map<String, Object> fixture(String name) throws IOException, ControlProtocol.ControlException {
        try (InputStream in = StatusCommandsTest.class.getResourceAsStream("status/" + name + ".json")) {
            if (in == null) {
                throw new IOException("no fixture " + name);
            }
            return ControlMessages.data("{\"ok\":true,\"data\":" + new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    + "}");
        }
    }

    static Stream<Arguments> goldens() {
        return Stream.of(
                Arguments.of("tracking.txt", "tracking"),
                Arguments.of("sources.txt", "sources"),
                Arguments.of("sources-v.txt", "sources -v"),
                Arguments.of("sources-ntpq.txt", "sources --ntpq"),
                Arguments.of("sources.out.json", "sources --json"),
                Arguments.of("sourcestats.txt", "sourcestats"),
                Arguments.of("sourcestats-v.txt", "sourcestats -v"),
                Arguments.of("sourcestats.out.json", "sourcestats --json"),
                Arguments.of("ntpdata.txt", "ntpdata"),
                Arguments.of("ntpdata-one.txt", "ntpdata 127.0.0.1"),
                Arguments.of("ntpdata-one.out.json", "ntpdata --json 127.0.0.1"),
                Arguments.of("clients.txt", "clients"),
                Arguments.of("clients.out.json", "clients --json"),
                Arguments.of("serverstats.txt", "serverstats"),
                Arguments.of("serverstats.out.json", "serverstats --json"),
                Arguments.of("activity.txt", "activity"),
                Arguments.of("activity.out.json", "activity --json"),
                Arguments.of("authdata.txt", "authdata"),
                Arguments.of("authdata-v.txt", "authdata -v"),
                Arguments.of("reload.txt", "reload sources"),
                Arguments.of("makestep.txt", "makestep"));
    }

    @ParameterizedTest(name = "jntp {1}")
    @MethodSource("goldens")
    void output_fixedReply_equalsGolden(String golden, String args) throws IOException {
        List<String> argv = new ArrayList<>(List.of(args.split(" ")));
        argv.add(1, "--socket");
        argv.add(2, socket.toString());

        Cli r = Cli.run(argv.toArray(String[]::new));

        assertThat(r.exit()).as(r.err()).isZero();
        if ("1".equals(System.getenv("JNTP_GOLDEN_UPDATE"))) {
            Files.writeString(GOLDEN_SOURCE.resolve(golden), r.out());
            return;
        }
        try (InputStream in = getClass().getResourceAsStream("status/" + golden)) {
            assertThat(in).as("golden file %s (create it with JNTP_GOLDEN_UPDATE=1)", golden).isNotNull();
            assertThat(r.out()).isEqualTo(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    @Test
    void jsonOutput_parsesToTheDaemonsData() throws Exception {
        Cli r = Cli.run("sources", "--json", "--socket", socket.toString());

        assertThat(ControlMessages.data("{\"ok\":true,\"data\":" + r.out() + "}")).isEqualTo(fixture("sources"));
    }

    @Test
    void add_wordsOfAServerLine_sentAsArguments() {
        Cli r = Cli.run("add", "--socket", socket.toString(), "server", "ntp.example.org", "iburst", "minpoll", "4");

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(lastArgs).containsExactly("server", "ntp.example.org", "iburst", "minpoll", "4");
        assertThat(r.out()).isEqualTo("add server ntp.example.org iburst minpoll 4\n");
    }

    @Test
    void add_negativePollExponent_passedAsAWordNotAnOption() {
        Cli r = Cli.run("add", "--socket", socket.toString(), "pool", "pool.example.org", "minpoll", "-2", "maxpoll", "-1");

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(lastArgs).containsExactly("pool", "pool.example.org", "minpoll", "-2", "maxpoll", "-1");
    }

    @ParameterizedTest
    @ValueSource(strings = {"delete 192.0.2.1", "online", "offline 192.0.2.1", "burst"})
    void targetedChange_argumentsSentAndMessagePrinted(String args) {
        String[] words = args.split(" ");
        List<String> argv = new ArrayList<>(List.of(words[0], "--socket", socket.toString()));
        argv.addAll(List.of(words).subList(1, words.length));

        Cli r = Cli.run(argv.toArray(String[]::new));

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(lastArgs).containsExactlyElementsOf(List.of(words).subList(1, words.length));
        assertThat(r.out()).isEqualTo(args + "\n");
    }

    @ParameterizedTest
    @ValueSource(strings = {"tracking", "sources", "sources --ntpq", "sourcestats", "ntpdata", "clients", "serverstats",
        "activity", "authdata", "add server 192.0.2.1", "delete 192.0.2.1", "online", "offline", "burst", "makestep",
        "reload sources"})
    void daemonNotRunning_oneLineNamingTheSocketExit2(String args) {
        Path absent = dir.resolve("absent.sock");
        String[] words = args.split(" ");
        List<String> argv = new ArrayList<>(List.of(words[0], "--socket", absent.toString()));
        argv.addAll(List.of(words).subList(1, words.length));

        Cli r = Cli.run(argv.toArray(String[]::new));

        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).startsWith("jntp " + words[0] + ": cannot connect to the jntp daemon at " + absent)
                .endsWith("\n").hasLineCount(1);
    }

    @Test
    void daemonRefuses_itsMessageAndExit1() {
        Path refusing = dir.resolve("refusing.sock");
        try (ControlServer s = ControlServer.start(refusing, line -> ControlProtocol.error("'offline' changes the"
                + " daemon, which only root and the daemon's own user may do (this request came from nobody)"))) {
            Cli r = Cli.run("offline", "--socket", refusing.toString());

            assertThat(r.exit()).isEqualTo(1);
            assertThat(r.err()).isEqualTo("jntp offline: 'offline' changes the daemon, which only root and the"
                    + " daemon's own user may do (this request came from nobody)\n");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The column each arrow of the last legend line points at. */
    private static List<Integer> arrows(String line) {
        List<Integer> out = new ArrayList<>();
        for (int i = 2; i < line.length(); i++) {
            if (line.charAt(i) == '|' || line.charAt(i) == '\\') {
                out.add(i);
            }
        }
        return out;
    }

    @Test
    void legends_arrowsPointAtTheirColumns() {
        String h = StatusText.SOURCES_HEADER;
        assertThat(arrows(StatusText.SOURCES_LEGEND.getLast()))
                .containsExactly(h.indexOf("Poll"), h.indexOf("Reach"), h.indexOf("Last sample") - 1);
        String s = StatusText.STATS_HEADER;
        assertThat(arrows(StatusText.STATS_LEGEND.getLast())).containsExactly(s.indexOf("NP"), s.indexOf("NR"),
                s.indexOf("Span"), s.indexOf("Frequency"), s.indexOf("Freq Skew"), s.indexOf("Offset"),
                s.indexOf("Std Dev") + 6);
        assertThat(StatusText.SOURCES_LEGEND).allSatisfy(l -> assertThat(l.length()).isLessThanOrEqualTo(100));
    }
}
