// Tests the sourcedir directive and the reading of *.sources files: good lines kept, bad lines named by FILE:LINE and skipped.
package dev.jntp.config;

import static dev.jntp.config.Configs.errors;
import static dev.jntp.config.Configs.valid;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SourceFilesTest {

    @TempDir
    Path tmp;

    @Test
    void sourcedir_twoLines_bothDirectoriesInFileOrder() {
        JntpConfig c = valid("sourcedir /run/jntp-dhcp\nsourcedir /etc/jntp/sources.d\n");

        assertThat(c.sourceDirs()).containsExactly(Path.of("/run/jntp-dhcp"), Path.of("/etc/jntp/sources.d"));
    }

    @Test
    void sourcedir_relativePathOrMissingArgument_errorWithLineAndFix() {
        List<ConfigError> e = errors("sourcedir run/dhcp\nsourcedir\n");

        assertThat(e).extracting(ConfigError::line, ConfigError::message).containsExactly(
                tuple(1, "'run/dhcp' is not an absolute path"), tuple(2, "'sourcedir' takes 1 argument, got 0"));
        assertThat(e.get(1).fix()).isEqualTo("write 'sourcedir /ABSOLUTE/PATH'");
    }

    @Test
    void clientloglimit_givenOrNot_bytesOrOneMebibyte() {
        assertThat(valid("").clientLogLimit()).isEqualTo(1 << 20);
        assertThat(valid("clientloglimit 65536\n").clientLogLimit()).isEqualTo(65536);
        assertThat(valid("clientloglimit 0\n").clientLogLimit()).isZero();
        assertThat(errors("clientloglimit -1\n").getFirst().message()).startsWith("clientloglimit must be a whole number");
    }

    @Test
    void parse_serverAndPoolLines_entriesWithOptionsAndLines() {
        SourceFiles.Result r = SourceFiles.parse("eth0.sources", "# from DHCP\nserver 192.0.2.1 iburst\n\n"
                + "pool pool.example.org maxsources 2\n");

        assertThat(r.errors()).isEmpty();
        assertThat(r.entries()).extracting(e -> e.file(), e -> e.spec().kind(), e -> e.spec().name(),
                e -> e.spec().iburst(), e -> e.spec().maxSources(), e -> e.spec().line()).containsExactly(
                tuple("eth0.sources", SourceSpec.Kind.SERVER, "192.0.2.1", true, 4, 2),
                tuple("eth0.sources", SourceSpec.Kind.POOL, "pool.example.org", false, 2, 4));
    }

    @Test
    void parse_badLines_eachNamedByFileAndLineAndSkipped_goodLinesKept() {
        SourceFiles.Result r = SourceFiles.parse("eth0.sources", "server a.example\nserver b.example minpoll x\n"
                + "allow 10.0.0.0/8\npeer c.example\nserver d.example frob\nserver e.example\n");

        assertThat(r.entries()).extracting(e -> e.spec().name()).containsExactly("a.example", "e.example");
        assertThat(r.errors()).extracting(ConfigError::file, ConfigError::line).containsExactly(
                tuple("eth0.sources", 2), tuple("eth0.sources", 3), tuple("eth0.sources", 4),
                tuple("eth0.sources", 5));
        assertThat(r.errors().get(1).toString()).isEqualTo("eth0.sources:3: 'allow' does not belong in a .sources"
                + " file; the line is skipped (fix: write only server and pool lines here)");
        assertThat(r.errors()).allSatisfy(e -> assertThat(e.fix()).isNotBlank());
    }

    @Test
    void parse_lastLineWithoutNewline_leftOutAndReported() {
        SourceFiles.Result r = SourceFiles.parse("x.sources", "server a.example\nserver b.exa");

        assertThat(r.entries()).extracting(e -> e.spec().name()).containsExactly("a.example");
        assertThat(r.errors()).singleElement().satisfies(e -> {
            assertThat(e.line()).isEqualTo(2);
            assertThat(e.message()).contains("does not end with a newline");
        });
    }

    @Test
    void load_twoDirectories_sourcesFilesInNameOrderFirstDirectoryWinsOtherFilesIgnored() throws IOException {
        Path a = Files.createDirectories(tmp.resolve("a"));
        Path b = Files.createDirectories(tmp.resolve("b"));
        Files.writeString(a.resolve("eth1.sources"), "server 192.0.2.11\n");
        Files.writeString(a.resolve("eth0.sources"), "server 192.0.2.10\n");
        Files.writeString(a.resolve("notes.txt"), "server 192.0.2.99\n");
        Files.writeString(b.resolve("eth0.sources"), "server 192.0.2.20\n");
        Files.writeString(b.resolve("wlan0.sources"), "server 192.0.2.21\nbogus\n");

        SourceFiles.Result r = SourceFiles.load(List.of(a, b, tmp.resolve("absent")));

        assertThat(r.entries()).extracting(e -> e.spec().name()).containsExactly("192.0.2.10", "192.0.2.11",
                "192.0.2.21");
        assertThat(r.errors()).singleElement().satisfies(e -> {
            assertThat(e.file()).isEqualTo(b.resolve("wlan0.sources").toString());
            assertThat(e.line()).isEqualTo(2);
        });
    }

    @Test
    void load_fileNotUtf8_reportedAndSkippedWhole() throws IOException {
        Files.write(tmp.resolve("bad.sources"), new byte[] {'s', 'e', (byte) 0xC3, '\n'});
        Files.writeString(tmp.resolve("good.sources"), "server 192.0.2.1\n");

        SourceFiles.Result r = SourceFiles.load(List.of(tmp));

        assertThat(r.entries()).extracting(e -> e.spec().name()).containsExactly("192.0.2.1");
        assertThat(r.errors()).singleElement().satisfies(e -> assertThat(e.message()).contains("not UTF-8"));
    }
}
