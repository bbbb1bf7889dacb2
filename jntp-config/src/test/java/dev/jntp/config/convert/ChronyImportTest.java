// Tests chrony.conf to jntp.conf: supported lines kept, unknown options dropped, the rest commented with advice.
package dev.jntp.config.convert;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jntp.config.ConfigParser;
import dev.jntp.config.ConfigResult;
import dev.jntp.config.Corpus;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ChronyImportTest {

    private static Converted convert(String text) {
        return ChronyImport.convert("chrony.conf", text, Includes.NONE);
    }

    @Test
    void convert_supportedLines_keptAsTheyAre() {
        String text = "pool 2.debian.pool.ntp.org iburst\nmakestep 1 3\n# comment\n\nallow 10/8\n";

        Converted c = convert(text);

        assertThat(c.text()).endsWith("reason.\n" + text);
        assertThat(c.carried()).isEqualTo(3);
        assertThat(c.notCarried()).isZero();
    }

    @Test
    void convert_unknownSourceOptions_droppedWithTheirValuesAndNoted() {
        String out = convert("server ntp.example.org iburst xleave polltarget 6 prefer\n").text();

        assertThat(out).contains("""
                # chrony.conf:1: server ntp.example.org iburst xleave polltarget 6 prefer
                server ntp.example.org iburst prefer
                #   'xleave' dropped: jntp has no such source option
                #   'polltarget 6' dropped: jntp has no such source option
                """);
    }

    @Test
    void convert_unsupportedDirective_commentedWithWhatToDo() {
        Converted c = convert("hwtimestamp eth0\nrtcsync\n");

        assertThat(c.text()).contains("# chrony.conf:1: hwtimestamp eth0\n#   not carried over: directive "
                + "'hwtimestamp' is not supported by jntp yet; remove it; jntp uses the kernel's software time stamps");
        assertThat(c.notCarried()).isEqualTo(2);
    }

    @Test
    void convert_linesRejectedOnlyTogether_secondOneCommentedOut() {
        Converted c = convert("leapsectz right/UTC\nleapseclist /usr/share/zoneinfo/leap-seconds.list\n");

        assertThat(ConfigParser.parse("x", c.text())).isInstanceOf(ConfigResult.Valid.class);
        assertThat(c.text()).contains("# leapseclist /usr/share/zoneinfo/leap-seconds.list\n#   not carried over: ");
        assertThat(c.notCarried()).isEqualTo(1);
    }

    @Test
    void convert_includeAndConfdir_convertedInPlace() {
        Map<String, String> files = Map.of("/etc/chrony/conf.d/a.conf", "server a.example.org iburst\n",
                "/etc/chrony/extra.conf", "rtcsync\n");
        Includes inc = new Includes() {
            @Override
            public Optional<String> read(String path) {
                return Optional.ofNullable(files.get(path));
            }

            @Override
            public List<String> list(String dir, String suffix) {
                return dir.equals("/etc/chrony/conf.d") ? List.of("/etc/chrony/conf.d/a.conf") : List.of();
            }
        };

        String out = ChronyImport.convert("/etc/chrony/chrony.conf", "confdir /etc/chrony/conf.d\n"
                + "include /etc/chrony/extra.conf\nconfdir /empty\n", inc).text();

        assertThat(out).contains("""
                # /etc/chrony/chrony.conf:1: confdir /etc/chrony/conf.d (converted below)
                server a.example.org iburst
                # end of confdir /etc/chrony/conf.d
                # /etc/chrony/chrony.conf:2: include /etc/chrony/extra.conf (converted below)
                # /etc/chrony/extra.conf:1: rtcsync
                """).contains("# /etc/chrony/chrony.conf:3: confdir /empty\n#   not carried over: no *.conf file");
    }

    static List<String> corpus() {
        return Corpus.names().stream().filter(n -> n.endsWith(".chrony.conf")).toList();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void convert_everyChronyConfOfTheCorpus_isAValidJntpConf(String name) {
        Converted c = ChronyImport.convert(name, Corpus.text(name), Includes.NONE);

        assertThat(ConfigParser.parse(name, c.text())).isInstanceOf(ConfigResult.Valid.class);
    }
}
