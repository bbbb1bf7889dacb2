// Tests ConfigParser.load: real files parse, and unreadable, non-UTF-8 or oversized files are errors at FILE:0.
package dev.jntp.config;

import static dev.jntp.config.Configs.assertErrorAt;
import static dev.jntp.config.Configs.onlyError;
import static dev.jntp.config.Configs.subnet;
import static dev.jntp.config.Configs.valid;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class ConfigLoadTest {

    private static final int ONE_MIB = 1 << 20;

    @TempDir
    Path dir;

    private Path write(String name, byte[] bytes) throws IOException {
        return Files.write(dir.resolve(name), bytes);
    }

    @Test
    void load_labServerChronyConf_parsesEveryLine() throws URISyntaxException {
        Path file = Path.of(ConfigLoadTest.class.getResource("lab-server.conf").toURI());

        JntpConfig config = valid(ConfigParser.load(file));

        assertThat(config.source()).isEqualTo(file.toString());
        assertThat(config.port()).isEqualTo(123);
        assertThat(config.sources()).extracting(SourceSpec::name).containsExactly("2.debian.pool.ntp.org",
                "ntp1.example.net", "ntp2.example.net", "192.0.2.123");
        assertThat(config.sources()).allSatisfy(s -> assertThat(s.iburst()).isTrue());
        assertThat(config.sources().getFirst().kind()).isEqualTo(SourceSpec.Kind.POOL);
        assertThat(config.sources().get(2).prefer()).isTrue();
        assertThat(config.sources().get(3).maxPoll()).isEqualTo(8);
        assertThat(config.driftFilePath()).contains(Path.of("/var/lib/chrony/chrony.drift"));
        assertThat(config.logDirectory()).contains(Path.of("/var/log/chrony"));
        assertThat(config.accessRules()).extracting(AccessRule::subnet).containsExactly(
                subnet("192.168.0.0/16"), subnet("2001:db8:42::/48"), subnet("192.168.99.0/24"));
        assertThat(config.localReference()).contains(new JntpConfig.LocalReference(10, false, 1.0));
        assertThat(config.sync().makeStepPolicy()).contains(new SyncSettings.MakeStep(1.0, 3));
        assertThat(config.sync().leapSecondSource()).contains(new SyncSettings.LeapSecondSource.Timezone("right/UTC"));
        assertThat(config.controlSocketPath()).contains(JntpConfig.DEFAULT_CONTROL_SOCKET);
    }

    @Test
    void load_byteOrderMark_isNotPartOfFirstDirective() throws IOException {
        Path file = write("bom.conf", "\uFEFFport 1234\r\n".getBytes(StandardCharsets.UTF_8));

        assertThat(valid(ConfigParser.load(file)).port()).isEqualTo(1234);
    }

    static Stream<Arguments> badFiles() {
        byte[] big = new byte[ONE_MIB + 1];
        Arrays.fill(big, (byte) '\n');
        return Stream.of(
                Arguments.of("port 123\nrtcsync\n".getBytes(StandardCharsets.UTF_8), 2,
                        "'rtcsync' is not supported"),
                Arguments.of("# Z\u00fcrich lab\nport 123\n".getBytes(StandardCharsets.ISO_8859_1), 0,
                        "file is not UTF-8 text"),
                Arguments.of(big, 0, "file is larger than 1 MiB"));
    }

    @ParameterizedTest(name = "[{index}] line {1}: {2}")
    @MethodSource("badFiles")
    void load_badFile_reportsPathAndLine(byte[] content, int line, String message) throws IOException {
        Path file = write("jntp.conf", content);

        assertErrorAt(onlyError(ConfigParser.load(file)), file.toString(), line, message);
    }

    @ParameterizedTest
    @ValueSource(strings = {"absent.conf", "absent-dir/jntp.conf", ""})
    void load_missingFileOrDirectory_isErrorAtLine0(String name) {
        Path file = dir.resolve(name);

        assertErrorAt(onlyError(ConfigParser.load(file)), file.toString(), 0, "cannot read the file");
    }

    @Test
    void load_exactlyOneMiB_isRead() throws IOException {
        byte[] bytes = new byte[ONE_MIB];
        Arrays.fill(bytes, (byte) '#');
        byte[] port = "port 1234\n".getBytes(StandardCharsets.UTF_8);
        System.arraycopy(port, 0, bytes, 0, port.length);
        Path file = write("full.conf", bytes);

        assertThat(valid(ConfigParser.load(file)).port()).isEqualTo(1234);
    }
}
