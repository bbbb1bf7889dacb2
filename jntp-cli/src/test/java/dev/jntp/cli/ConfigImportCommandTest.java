// Tests 'jntp config import': ntp.conf and chrony.conf to jntp.conf on stdout or a file, the summary, the exit status.
package dev.jntp.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigImportCommandTest {

    @TempDir
    Path dir;

    @Test
    void import_ntpConf_printsJntpConfThatChecksValid() throws IOException {
        Path ntp = dir.resolve("ntp.conf");
        Files.writeString(ntp, """
                driftfile /var/lib/ntp/ntp.drift
                server 1.kr.pool.ntp.org iburst
                restrict -4 default kod notrap nomodify nopeer noquery limited
                restrict 127.0.0.1
                peer 192.0.2.8
                includefile /etc/ntp/absent.conf
                """);

        Cli r = Cli.run("config", "import", ntp.toString());

        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("server 1.kr.pool.ntp.org iburst\n", "allow 0.0.0.0/0\n",
                "# " + ntp + ":5: peer 192.0.2.8\n#   not carried over: jntp has no symmetric mode");
        assertThat(r.errors()).isEqualTo("jntp config import: " + ntp + " (ntp.conf): 4 lines carried over, 2 not (see "
                + "the comments)\n");
        Path out = dir.resolve("jntp.conf");
        Files.writeString(out, r.out());
        assertThat(Cli.run("config", "check", out.toString()).exit()).isZero();
    }

    @Test
    void import_includeFile_readFromTheFileSystem() throws IOException {
        Path inc = dir.resolve("servers.conf");
        Files.writeString(inc, "server a.example.org iburst\n");
        Path ntp = dir.resolve("ntp.conf");
        Files.writeString(ntp, "includefile " + inc + "\nrestrict default ignore\n");

        Cli r = Cli.run("config", "import", ntp.toString());

        assertThat(r.out()).contains("(converted below)\nserver a.example.org iburst\n# end of " + inc);
    }

    @Test
    void import_fromChronyToFile_writesItAndRefusesToOverwrite() throws IOException {
        Path conf = dir.resolve("site.conf");
        Files.writeString(conf, "server a.example.org iburst xleave\nrtcsync\n");
        Path out = dir.resolve("jntp.conf");

        Cli r = Cli.run("config", "import", "--from", "chrony", "-o", out.toString(), conf.toString());

        assertThat(r.exit()).isZero();
        assertThat(r.out()).isEmpty();
        assertThat(Files.readString(out)).contains("server a.example.org iburst\n#   'xleave' dropped");
        assertThat(r.errors()).contains("(chrony.conf): 1 line carried over, 1 not", "written to " + out);
        assertThat(Cli.run("config", "import", "--from", "chrony", "-o", out.toString(), conf.toString()).exit())
                .isEqualTo(1);
    }

    @Test
    void import_unreadableFileOrBadKind_exitOneOrTwo() {
        assertThat(Cli.run("config", "import", dir.resolve("absent").toString()).exit()).isEqualTo(1);
        assertThat(Cli.run("config", "import", "--from", "openntpd", "x").exit()).isEqualTo(2);
    }
}
