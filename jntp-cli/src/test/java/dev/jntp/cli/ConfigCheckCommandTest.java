// Tests 'jntp config check': the effective configuration of a valid file, FILE:LINE errors with fixes, exit status.
package dev.jntp.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigCheckCommandTest {

    @TempDir
    Path dir;

    private Path write(String text) throws IOException {
        Path f = dir.resolve("jntp.conf");
        Files.writeString(f, text);
        return f;
    }

    @Test
    void check_validFile_printsEffectiveConfigAndExitsZero() throws IOException {
        Path f = write("# site\nserver ntp.example.org iburst   # first\nallow 10/8\n");

        Cli r = Cli.run("config", "check", f.toString());

        assertThat(r.exit()).isZero();
        assertThat(r.errors()).isEmpty();
        assertThat(r.out()).startsWith("# effective configuration of " + f + "\nserver ntp.example.org iburst\n"
                + "allow 10/8\n# not in the file, in force by default:\nport 123  # default\n");
    }

    @Test
    void check_chronyConfWithUnsupportedDirectives_namesEachWithWhatToDo() throws IOException {
        Path f = write("""
                pool 2.debian.pool.ntp.org iburst
                rtcsync
                hwtimestamp eth0
                makestep 1 3
                alow 10/8
                """);

        Cli r = Cli.run("config", "check", f.toString());

        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out()).isEmpty();
        assertThat(r.errors().lines().toList()).satisfiesExactly(
                l -> assertThat(l).startsWith(f + ":2: directive 'rtcsync' is not supported by jntp yet (fix: "),
                l -> assertThat(l).startsWith(f + ":3: directive 'hwtimestamp' is not supported by jntp yet (fix: ")
                        .contains("software time stamps"),
                l -> assertThat(l).startsWith(f + ":5: unknown directive 'alow' (fix: check the spelling"),
                l -> assertThat(l).isEqualTo("jntp config check: 3 errors in " + f));
    }

    @Test
    void check_missingFile_exitsOneNamingIt() {
        Path f = dir.resolve("absent.conf");

        Cli r = Cli.run("config", "check", f.toString());

        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.errors()).startsWith(f + ":0: cannot read the file");
    }

    @Test
    void check_badOption_isUsageErrorTwo() {
        assertThat(Cli.run("config", "check", "--frobnicate").exit()).isEqualTo(2);
    }
}
