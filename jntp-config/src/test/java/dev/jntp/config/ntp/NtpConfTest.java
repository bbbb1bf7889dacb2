// Tests the ntp.conf reader: the field guide's file, every kind of bad line at FILE:LINE with a fix, ntpd's quoting.
package dev.jntp.config.ntp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jntp.config.ConfigError;
import dev.jntp.config.Corpus;
import dev.jntp.config.ntp.NtpConf.Association;
import dev.jntp.config.ntp.NtpConf.Restrict;
import dev.jntp.config.ntp.NtpConf.Setting;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NtpConfTest {

    @Test
    void parse_fieldGuideLabServer_readsEveryLine() {
        NtpConf c = NtpConf.parse("ntp.conf", Corpus.text("lab-ntpd-ubuntu-default.ntp.conf"));

        assertThat(c.errors()).isEmpty();
        assertThat(c.all("pool")).hasSize(5).first().isEqualTo(new Association(18, "pool", "0.ubuntu.pool.ntp.org",
                Set.of("iburst"), Map.of(), 0));
        assertThat(((Association) c.all("pool").getLast()).flags()).isEmpty();
        assertThat(c.all("restrict")).hasSize(5).first().isEqualTo(new Restrict(27, "restrict", "default", null,
                Set.of("kod", "notrap", "nomodify", "nopeer", "noquery", "limited"), 4));
        assertThat(((Restrict) c.all("restrict").get(4)).target()).isEqualTo("source");
        assertThat(c.all("filegen")).hasSize(3).first().isEqualTo(new Setting(13, "filegen",
                List.of("loopstats", "file", "loopstats", "type", "day", "enable")));
        assertThat(c.all("statsdir")).isEmpty();
    }

    @Test
    void parse_optionsMaskQuotesAndComments_asNtpdReadsThem() {
        NtpConf c = NtpConf.parse("ntp.conf", """
                server -6 ntp.example.org iburst minpoll 4 maxpoll 6 key 3 version 3 prefer true # trailing comment
                restrict 192.168.1.0 mask 255.255.255.0 nomodify notrap
                restrict 2001:db8::/32 noquery
                logfile "/var/log/ntp log"
                server 127.127.1.0
                fudge 127.127.1.0 stratum 10
                """);

        assertThat(c.errors()).isEmpty();
        Association a = (Association) c.entries().getFirst();
        assertThat(a.family()).isEqualTo(6);
        assertThat(a.flags()).containsExactlyInAnyOrder("iburst", "prefer", "true");
        assertThat(a.numbers()).isEqualTo(Map.of("minpoll", 4L, "maxpoll", 6L, "key", 3L, "version", 3L));
        assertThat(((Restrict) c.entries().get(1)).mask()).isEqualTo("255.255.255.0");
        assertThat(((Restrict) c.entries().get(2)).target()).isEqualTo("2001:db8::/32");
        assertThat(((Setting) c.entries().get(3)).args()).containsExactly("/var/log/ntp log");
        assertThat(((Association) c.entries().get(4)).refclockType()).isEqualTo(1);
        assertThat(a.refclockType()).isEqualTo(-1);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '\'', textBlock = """
            sever ntp.example.org              | unknown ntp.conf command 'sever'
            server                             | 'server' needs an address
            server -4                          | 'server' needs an address
            server ntp/example                 | 'ntp/example' is not a host name or address
            server ntp.example.org frob        | unknown option 'frob' for 'server'
            server ntp.example.org minpoll     | option 'minpoll' needs a whole number
            server ntp.example.org key x       | option 'key' needs a whole number
            restrict                           | 'restrict' needs default, source or an address
            restrict default mask              | 'mask' needs a value
            restrict default frobnicate        | unknown restrict flag 'frobnicate'
            restrict exa$mple                  | 'exa$mple' is not an address
            logfile "/var/log/ntp              | a quoted word is not closed
            """)
    void parse_badLine_isAnErrorAtItsLineWithAFixAndLeftOut(String line, String message) {
        NtpConf c = NtpConf.parse("ntp.conf", "# lab\n\n" + line + "\ndriftfile /var/lib/ntp/drift\n");

        assertThat(c.errors()).singleElement().satisfies(e -> {
            assertThat(e.toString()).startsWith("ntp.conf:3: " + message);
            assertThat(e.fix()).isNotBlank();
        });
        assertThat(c.entries()).extracting(NtpConf.Entry::command).containsExactly("driftfile");
    }

    @Test
    void parse_controlCharactersAndLongWords_areShownSafely() {
        List<ConfigError> errors = NtpConf.parse("f", "fr\u0001ob\n" + "y".repeat(300) + "\n").errors();

        assertThat(errors).extracting(ConfigError::message).containsExactly("unknown ntp.conf command 'fr?ob'",
                "unknown ntp.conf command '" + "y".repeat(80) + "...'");
    }

    @Test
    void parse_hugeText_isOneErrorAtLineZero() {
        NtpConf c = NtpConf.parse("f", "#".repeat(NtpConf.MAX_CHARS + 1));

        assertThat(c.entries()).isEmpty();
        assertThat(c.errors()).singleElement().satisfies(e -> assertThat(e.line()).isZero());
    }

    @Test
    void parse_crlfBomAndLoneCr_countLinesAsEditorsDo() {
        NtpConf c = NtpConf.parse("f", "\uFEFFdriftfile /a\r\n\rbogus\rserver x\n");

        assertThat(c.entries()).extracting(NtpConf.Entry::line).containsExactly(1, 4);
        assertThat(c.errors()).extracting(ConfigError::line).containsExactly(3);
    }
}
