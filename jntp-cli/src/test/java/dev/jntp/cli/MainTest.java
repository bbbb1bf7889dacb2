// Tests the jntp command end to end in process: version, usage errors, queries of a live daemon, and config errors.
package dev.jntp.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jntp.daemon.NtpDaemon;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Every test is bounded: a daemon that started by mistake would otherwise serve forever. */
@Timeout(30)
class MainTest {

    private static NtpDaemon local;
    private static NtpDaemon unsynchronised;

    @BeforeAll
    static void daemons() throws IOException {
        local = Cli.daemon("allow 127.0.0.1\nallow ::1\nlocal stratum 5\n");
        unsynchronised = Cli.daemon("allow\n");
    }

    @AfterAll
    static void stop() {
        local.close();
        unsynchronised.close();
    }

    private static String target(NtpDaemon d, String host) {
        int port = d.localAddresses().getFirst().getPort();
        return host.contains(":") ? "[" + host + "]:" + port : host + ":" + port;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(Object json) {
        assertThat(json).isInstanceOf(Map.class);
        return (Map<String, Object>) json;
    }

    @Test
    void version_flag_printsJntpAndBuildVersion() {
        Cli r = Cli.run("--version");

        assertThat(r.exit()).isZero();
        assertThat(Main.version()).isNotEqualTo("unknown").doesNotContain("${").matches("\\d+\\.\\d+.*");
        assertThat(r.out()).startsWith("jntp " + Main.version());
    }

    @Test
    void noArguments_usage_listsSubcommands() {
        Cli r = Cli.run();

        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("daemon").contains("query");
    }

    @Test
    void daemon_helpAndBadOption_namedJntpDaemonAsThroughTheFullCommandTree() {
        Cli help = Cli.run("daemon", "--help");
        Cli bad = Cli.run("daemon", "--no-such-option");

        assertThat(help.exit()).isZero();
        assertThat(help.out()).startsWith("Usage: jntp daemon ").contains("--config");
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.err()).contains("Unknown option: '--no-such-option'").contains("Usage: jntp daemon ");
    }

    @Test
    void query_noTarget_usageErrorExit2() {
        Cli r = Cli.run("query");

        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("HOST[:PORT]");
        assertThat(r.out()).isEmpty();
    }

    @ParameterizedTest(name = "query {0}")
    @CsvSource(delimiter = '|', value = {
        "--count 0 x | --count must be 1 to 100",
        "--count 101 x | --count must be 1 to 100",
        "--timeout 0 x | --timeout must be more than 0",
        "--interval -1 x | --interval must be 0 to 60",
        "--ntp-version 5 x | --ntp-version must be 1 to 4",
        "-4 -6 x | -4 and -6 exclude each other",
        "--port 0 x | --port must be 1 to 65535",
        "[::1 | missing ']'",
        "x:70000 | bad port '70000'",
        "--count many x | many",
    })
    void query_badArguments_usageErrorExit2(String args, String message) {
        Cli r = Cli.run(("query " + args).split(" "));

        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains(message);
    }

    @ParameterizedTest(name = "over {0}")
    @ValueSource(strings = {"127.0.0.1", "::1"})
    void query_localStratum5Daemon_exit0WithSamplesAndBest(String host) {
        Cli r = Cli.run("query", "--count", "2", "--interval", "0", target(local, host));

        assertThat(r.exit()).as(r.err()).isZero();
        List<String> lines = r.out().lines().toList();
        assertThat(lines.getFirst()).isEqualTo("server " + target(local, host));
        assertThat(lines).filteredOn(l -> l.matches("\\s+[12]\\s+\\d{4}-.*\\s5\\s+127\\.127\\.1\\.1\\s+no-leap")).hasSize(2);
        assertThat(lines.getLast()).startsWith("best: ").contains(" " + host + " s5 refid 127.127.1.1 no-leap");
    }

    @Test
    void query_json_parsesWithSamplesOfOffsetDelayStratum() throws IOException {
        Cli r = Cli.run("query", "--json", "-c", "3", "-i", "0", "-p", String.valueOf(
                local.localAddresses().getFirst().getPort()), "127.0.0.1");

        assertThat(r.exit()).as(r.err()).isZero();
        Map<String, Object> doc = object(Cli.json(r.out()));
        assertThat(doc).containsEntry("host", "127.0.0.1").containsEntry("address", "127.0.0.1");
        assertThat(doc.get("samples")).asInstanceOf(InstanceOfAssertFactories.LIST).hasSize(3)
                .allSatisfy(s -> {
                    Map<String, Object> sample = object(s);
                    assertThat(sample).containsEntry("status", "ok").containsEntry("refid", "127.127.1.1");
                    assertThat(((Number) sample.get("stratum")).intValue()).isEqualTo(5);
                    assertThat(Math.abs(((Number) sample.get("offset")).doubleValue())).isLessThan(0.005);
                    assertThat(((Number) sample.get("delay")).doubleValue()).isBetween(0.0, 1.0);
                });
        assertThat(((Number) object(doc.get("best")).get("stratum")).intValue()).isEqualTo(5);
    }

    @Test
    void query_unsynchronisedDaemon_exit1SaysNotSynchronised() throws IOException {
        Cli text = Cli.run("query", "-c", "1", target(unsynchronised, "::1"));
        Cli json = Cli.run("query", "--json", "-c", "1", target(unsynchronised, "127.0.0.1"));

        assertThat(text.exit()).isEqualTo(1);
        assertThat(text.err()).contains("no usable answer").contains("not synchronised");
        assertThat(json.exit()).isEqualTo(1);
        Map<String, Object> doc = object(Cli.json(json.out()));
        assertThat(object(((List<?>) doc.get("samples")).getFirst())).containsEntry("status", "unsynchronised")
                .containsEntry("leap", "unsync");
        assertThat(doc).containsEntry("best", null);
    }

    @Test
    void query_closedPort_exit1WithClearMessageWithinTimeout() throws IOException {
        int port = Cli.unusedPort();

        Cli r = Cli.run("query", "--timeout", "0.3", "--count", "1", "127.0.0.1:" + port);

        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).startsWith("jntp query: no usable answer from 127.0.0.1 (127.0.0.1:" + port + "): ")
                .containsAnyOf("port unreachable", "timeout");
        assertThat(r.millis()).as("milliseconds taken").isLessThan(3_000);
    }

    @Test
    void daemon_unknownDirective_exit1NamingFileAndLine(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("jntp.conf");
        Files.writeString(file, "port 11123\nfrobnicate yes\nallow\n");

        Cli r = Cli.run("daemon", "--config", file.toString());

        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains(file + ":2: unknown directive 'frobnicate'")
                .contains("jntp: not started: 1 error(s) in " + file);
    }

    @Test
    void daemon_missingConfigFile_exit1NamingFile(@TempDir Path dir) {
        Path file = dir.resolve("absent.conf");

        Cli r = Cli.run("daemon", "--config", file.toString());

        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains(file + ":0: cannot read the file");
    }

    @Test
    void daemon_portAlreadyServed_exit1NamingAddress(@TempDir Path dir) throws IOException {
        int port = local.localAddresses().getFirst().getPort();
        Path file = dir.resolve("jntp.conf");
        Files.writeString(file, "port " + port + "\nbindaddress 127.0.0.1\n");

        Cli r = Cli.run("daemon", "--config", file.toString());

        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains("jntp: not started: cannot bind 127.0.0.1:" + port);
    }
}
