// Tests the 'keyfile' directive and the 'key' option of server lines.
package dev.jntp.config;

import static dev.jntp.config.Configs.FILE;
import static dev.jntp.config.Configs.assertErrorAt;
import static dev.jntp.config.Configs.errors;
import static dev.jntp.config.Configs.valid;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class KeyFileConfigTest {

    @Test
    void keyfile_absent_noKeyFile() {
        assertThat(valid("server 192.0.2.1\n").keyFilePath()).isEmpty();
    }

    @Test
    void keyfile_withPath_thatPath() {
        assertThat(valid("keyfile /etc/chrony/chrony.keys\n").keyFilePath()).contains(Path.of("/etc/chrony/chrony.keys"));
    }

    @Test
    void keyfile_alone_defaultPath() {
        assertThat(valid("keyfile\n").keyFilePath()).contains(Path.of("/etc/jntp/jntp.keys"));
    }

    @Test
    void keyfile_relativeTwoArgumentsOrTwice_errorsAtTheirLines() {
        List<ConfigError> errors = errors("keyfile jntp.keys\nkeyfile /a /b\nkeyfile /a\nkeyfile /b\n");

        assertThat(errors).hasSize(3);
        assertErrorAt(errors.get(0), FILE, 1, "'jntp.keys' is not an absolute path");
        assertErrorAt(errors.get(1), FILE, 2, "'keyfile' takes one path, got 2 arguments");
        assertErrorAt(errors.get(2), FILE, 4, "'keyfile' is given again (first on line 3)");
    }

    @Test
    void serverKey_largestId_kept() {
        assertThat(valid("server 192.0.2.1 key 4294967295\n").sources().getFirst().keyId()).isEqualTo(4_294_967_295L);
    }

    @Test
    void serverKey_outOfRange_error() {
        assertErrorAt(errors("server 192.0.2.1 key 4294967296\n").getFirst(), FILE, 1,
                "key must be a whole number from 1 to 4294967295, got '4294967296'");
        assertErrorAt(errors("\nserver 192.0.2.1 key x\n").getFirst(), FILE, 2, "got 'x'");
    }
}
